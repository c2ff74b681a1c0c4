// Command kube-validate renders kustomize overlays with the kustomize library (the same code as
// `kustomize build`) and decodes every rendered object strictly against the k8s.io/api types of the
// Kubernetes version in go.mod: an unknown or duplicate field, a wrong type or a bad quantity is an
// error. It prints one JSON document on stdout for the invariant test (tools/kube/test) to read.
// It is not an API server: defaulting, admission and cross-field validation are not run here.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

type report struct {
	Objects []json.RawMessage `json:"objects"`
	// Objects whose kind is not a built-in type (CRDs): decoded as plain YAML only.
	Unchecked []string `json:"unchecked"`
	Errors    []string `json:"errors"`
}

func newScheme() *runtime.Scheme {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, policyv1.AddToScheme, networkingv1.AddToScheme,
		autoscalingv2.AddToScheme, batchv1.AddToScheme, rbacv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return scheme
}

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "build" && os.Args[1] != "check") {
		fmt.Fprintln(os.Stderr, "usage: kube-validate build <kustomization dir> | check <yaml file or ->")
		os.Exit(2)
	}
	var docs [][]byte
	var err error
	if os.Args[1] == "build" {
		docs, err = build(os.Args[2])
	} else {
		docs, err = readFile(os.Args[2])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := check(docs)
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if len(out.Errors) > 0 {
		os.Exit(3)
	}
}

func build(dir string) ([][]byte, error) {
	options := krusty.MakeDefaultOptions()
	resources, err := krusty.MakeKustomizer(options).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize build %s: %w", dir, err)
	}
	var docs [][]byte
	for _, resource := range resources.Resources() {
		doc, err := resource.AsYAML()
		if err != nil {
			return nil, err
		}
		docs = append(docs, doc)
	}
	return docs, nil
}

func readFile(path string) ([][]byte, error) {
	var in io.Reader = os.Stdin
	if path != "-" {
		file, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer file.Close()
		in = file
	}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(in))
	var docs [][]byte
	for {
		doc, err := reader.Read()
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(doc)) > 0 {
			docs = append(docs, doc)
		}
	}
}

func check(docs [][]byte) report {
	scheme := newScheme()
	strict := kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme,
		kjson.SerializerOptions{Yaml: true, Strict: true})
	out := report{Objects: []json.RawMessage{}, Unchecked: []string{}, Errors: []string{}}
	for _, doc := range docs {
		asJSON, err := yaml.YAMLToJSONStrict(doc)
		if err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("yaml: %v", err))
			continue
		}
		var meta struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if err := json.Unmarshal(asJSON, &meta); err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("object header: %v", err))
			continue
		}
		out.Objects = append(out.Objects, asJSON)
		id := fmt.Sprintf("%s %s/%s", meta.APIVersion, meta.Kind, meta.Metadata.Name)
		gvk := schema.FromAPIVersionAndKind(meta.APIVersion, meta.Kind)
		if !scheme.Recognizes(gvk) {
			out.Unchecked = append(out.Unchecked, id)
			continue
		}
		if _, _, err := strict.Decode(doc, nil, nil); err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("%s: %v", id, err))
		}
	}
	return out
}
