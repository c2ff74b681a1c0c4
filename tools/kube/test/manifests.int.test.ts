// Renders every overlay of deploy/kubernetes with the kustomize library, decodes every object
// strictly against the k8s.io/api types (tools/kube/validator; no API server, see README
// "Kubernetes" → "What is validated how") and checks the platform's invariants on the result.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ALL_TOPICS, deadLetterTopic } from "@switchboard/proto";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDockerfile, stageNamed } from "../src/dockerfile.ts";
import { type KubeObject, runValidator, type ValidationReport } from "../src/render.ts";
import { readTopicDeclarations } from "../src/topic-declarations.ts";
import { ensureKubeValidator, kubeCacheDir } from "../src/validator-binary.ts";
import { configMapData, ofKind, type PodSpec, podTemplate, type Selector, selects } from "./support/kube-objects.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const KUBE = join(REPO, "deploy/kubernetes");
const OVERLAYS = ["dev", "production"] as const;
const SERVICES = ["ingress", "conversation", "catalog", "analytics"] as const;
const CRDS = new Set([
  "keda.sh/v1alpha1 ScaledObject",
  "monitoring.coreos.com/v1 ServiceMonitor",
  "monitoring.coreos.com/v1 PrometheusRule",
]);
const topics = readTopicDeclarations(join(KUBE, "base/topics/topics.tsv"));

let validator: string;
const rendered = new Map<string, ValidationReport>();

beforeAll(async () => {
  // Cold: Go downloads kustomize and k8s.io/api and compiles them (minutes); warm: a lookup.
  validator = await ensureKubeValidator(kubeCacheDir(process.env.SWITCHBOARD_CACHE), (line) => console.log(line));
  for (const overlay of OVERLAYS)
    rendered.set(overlay, await runValidator(validator, "build", join(KUBE, "overlays", overlay)));
}, 30 * 60_000);

const objectsOf = (overlay: string): KubeObject[] => rendered.get(overlay)?.objects ?? [];
/** Workloads of the platform itself: dev-only dependencies (Kafka, MongoDB in dev) excluded. */
const workloads = (objects: KubeObject[]) =>
  objects.filter(
    (o) =>
      (o.kind === "Deployment" || o.kind === "Job") &&
      o.metadata.labels?.["app.kubernetes.io/component"] !== "dev-dependency",
  );

describe("kube-validate", () => {
  it("rejects unknown fields, wrong types and malformed quantities", async () => {
    const report = await runValidator(validator, "check", join(REPO, "tools/kube/test/fixtures/invalid.yaml"));
    expect(report.errors).toHaveLength(3);
    expect(report.errors.join("\n")).toMatch(/unknown field "spec.replica"/);
  });
});

describe.each(OVERLAYS)("overlay %s", (overlay) => {
  it("renders and decodes strictly; custom resources are the known CRDs with their required fields", () => {
    const report = rendered.get(overlay);
    expect(report?.errors).toEqual([]);
    expect(report?.objects.length).toBeGreaterThan(20);
    for (const id of report?.unchecked ?? []) expect(CRDS.has(id.replace(/\/[^/]*$/, "")), id).toBe(true);
    for (const scaled of ofKind<{
      scaleTargetRef: { name: string };
      maxReplicaCount: number;
      triggers: { type: string; metadata: Record<string, string> }[];
    }>(objectsOf(overlay), "ScaledObject")) {
      const trigger = scaled.spec.triggers[0];
      expect(trigger?.type).toBe("kafka");
      const topic = topics.find((t) => t.name === trigger?.metadata.topic);
      expect(topic, `${scaled.metadata.name} scales on a declared topic`).toBeDefined();
      // More consumers than partitions sit idle.
      expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(topic?.partitions ?? 0);
      expect(
        ofKind(objectsOf(overlay), "Deployment").some((d) => d.metadata.name === scaled.spec.scaleTargetRef.name),
      ).toBe(true);
    }
  });

  it("runs every container non-root, read-only, without capabilities, with requests and limits", () => {
    const list = workloads(objectsOf(overlay));
    expect(list.length).toBeGreaterThanOrEqual(5);
    for (const workload of list) {
      const { spec } = podTemplate(workload);
      const where = `${workload.kind}/${workload.metadata.name}`;
      expect(spec.securityContext?.runAsNonRoot, where).toBe(true);
      expect(spec.securityContext?.seccompProfile?.type, where).toBe("RuntimeDefault");
      expect(spec.automountServiceAccountToken, where).toBe(false);
      const account = ofKind(objectsOf(overlay), "ServiceAccount").find(
        (a) => a.metadata.name === spec.serviceAccountName,
      );
      expect(
        (account as { automountServiceAccountToken?: boolean } | undefined)?.automountServiceAccountToken,
        where,
      ).toBe(false);
      for (const c of spec.containers) {
        expect(c.securityContext?.runAsNonRoot, where).toBe(true);
        expect(c.securityContext?.readOnlyRootFilesystem, where).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation, where).toBe(false);
        expect(c.securityContext?.capabilities?.drop, where).toEqual(["ALL"]);
        for (const resource of ["cpu", "memory"]) {
          expect(c.resources?.requests?.[resource], `${where} requests ${resource}`).toBeDefined();
          expect(c.resources?.limits?.[resource], `${where} limits ${resource}`).toBeDefined();
        }
        expect(c.image, where).not.toMatch(/:latest$/);
      }
    }
  });

  it("probes ingress over HTTP and the gRPC services over grpc.health.v1", () => {
    for (const name of SERVICES) {
      const deployment = ofKind(objectsOf(overlay), "Deployment").find((d) => d.metadata.name === name);
      const container = deployment && podTemplate(deployment).spec.containers[0];
      expect(container, name).toBeDefined();
      for (const probe of [container?.startupProbe, container?.readinessProbe, container?.livenessProbe]) {
        if (name === "ingress") expect(probe?.httpGet?.port).toBe("http");
        else expect(probe?.grpc?.port).toBe(container?.ports?.find((p) => p.name === "grpc")?.containerPort);
      }
      if (name === "ingress") expect(container?.readinessProbe?.httpGet?.path).toBe("/readyz");
    }
  });

  it("gives every Deployment a PDB, a NetworkPolicy of its own, topology spread and a grace period covering the drain", () => {
    const objects = objectsOf(overlay);
    const platform = configMapData(objects, "platform-config");
    const drainMs = Number(platform.SHUTDOWN_TIMEOUT_MS);
    expect(drainMs).toBeGreaterThan(0);
    const pdbs = ofKind<{ selector: Selector }>(objects, "PodDisruptionBudget");
    const policies = ofKind<{ podSelector: Selector; policyTypes: string[] }>(objects, "NetworkPolicy");
    const deny = policies.find((p) => p.metadata.name === "default-deny");
    expect(deny?.spec.podSelector).toEqual({});
    expect(deny?.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    for (const deployment of workloads(objects).filter((w) => w.kind === "Deployment")) {
      const { labels, spec } = podTemplate(deployment);
      const name = deployment.metadata.name;
      expect(
        pdbs.some((p) => selects(p.spec.selector, labels)),
        `${name} has a PDB`,
      ).toBe(true);
      expect(
        policies.some(
          (p) =>
            p.metadata.name !== "default-deny" &&
            p.metadata.name !== "dns-egress" &&
            selects(p.spec.podSelector, labels),
        ),
        `${name} has a NetworkPolicy`,
      ).toBe(true);
      expect(spec.topologySpreadConstraints?.length, name).toBeGreaterThan(0);
      if ((SERVICES as readonly string[]).includes(name)) {
        const preStopMs = (spec.containers[0]?.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
        expect((spec.terminationGracePeriodSeconds ?? 30) * 1000, name).toBeGreaterThan(preStopMs + drainMs);
        expect((spec.terminationGracePeriodSeconds ?? 30) * 1000, name).toBeLessThanOrEqual(
          preStopMs + drainMs + 10_000,
        );
      }
    }
  });

  it("allows exactly the architecture's flows", () => {
    const policies = ofKind<{
      podSelector: Selector;
      ingress?: { from?: { podSelector?: Selector }[]; ports?: { port: number }[] }[];
      egress?: { to?: { podSelector?: Selector; ipBlock?: { cidr: string } }[]; ports?: { port: number }[] }[];
    }>(objectsOf(overlay), "NetworkPolicy");
    const labels = (name: string) => ({ "app.kubernetes.io/name": name, "app.kubernetes.io/component": "service" });
    const egressPorts = (from: string, to: string) =>
      policies
        .filter((p) => selects(p.spec.podSelector, labels(from)))
        .flatMap((p) => p.spec.egress ?? [])
        .filter((rule) => (rule.to ?? []).some((peer) => peer.podSelector && selects(peer.podSelector, labels(to))))
        .flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
    const ingressPorts = (to: string, from: string) =>
      policies
        .filter((p) => selects(p.spec.podSelector, labels(to)))
        .flatMap((p) => p.spec.ingress ?? [])
        .filter(
          (rule) =>
            rule.from === undefined ||
            rule.from.some((peer) => peer.podSelector && selects(peer.podSelector, labels(from))),
        )
        .flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
    expect(egressPorts("ingress", "conversation")).toContain(50051);
    expect(egressPorts("ingress", "catalog")).toContain(50052);
    expect(ingressPorts("conversation", "ingress")).toEqual([50051]);
    expect(ingressPorts("catalog", "ingress")).toEqual([50052]);
    expect(ingressPorts("ingress", "conversation")).toContain(8080);
    // No service-to-service gRPC besides ingress → conversation/catalog.
    expect(ingressPorts("conversation", "catalog")).toEqual([]);
    expect(egressPorts("conversation", "catalog")).toEqual([]);
    for (const name of SERVICES) {
      expect(egressPorts(name, "kafka"), `${name} → Kafka`).toContain(9092);
      expect(egressPorts(name, "mongodb"), `${name} → MongoDB`).toContain(27017);
    }
    const internet = policies
      .filter((p) => selects(p.spec.podSelector, labels("ingress")))
      .flatMap((p) => p.spec.egress ?? [])
      .filter((rule) => (rule.to ?? []).some((peer) => peer.ipBlock?.cidr === "0.0.0.0/0"));
    expect(internet.flatMap((r) => (r.ports ?? []).map((p) => p.port))).toEqual([443]);
  });

  it("references only ConfigMaps it renders and the one switchboard-secrets Secret", () => {
    const objects = objectsOf(overlay);
    const configMaps = new Set(ofKind(objects, "ConfigMap").map((c) => c.metadata.name));
    for (const workload of workloads(objects)) {
      const spec: PodSpec = podTemplate(workload).spec;
      for (const c of spec.containers) {
        for (const from of c.envFrom ?? []) expect(configMaps.has(from.configMapRef?.name ?? "")).toBe(true);
        for (const env of c.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef;
          if (ref) expect(ref.name).toMatch(/^switchboard-secrets(-[a-z0-9]{10})?$/);
        }
      }
      for (const volume of spec.volumes ?? [])
        if (volume.configMap) expect(configMaps.has(volume.configMap.name)).toBe(true);
    }
    const secret = ofKind(objects, "Secret").find((s) => s.metadata.name.startsWith("switchboard-secrets"));
    // Dev generates throwaway secrets; production never carries a secret in the manifests.
    if (overlay === "dev") expect(secret).toBeDefined();
    else expect(secret).toBeUndefined();
  });

  it("scales ingress on CPU", () => {
    const hpa = ofKind<{ scaleTargetRef: { name: string }; metrics: { resource?: { name: string } }[] }>(
      objectsOf(overlay),
      "HorizontalPodAutoscaler",
    );
    expect(hpa.map((h) => [h.spec.scaleTargetRef.name, h.spec.metrics[0]?.resource?.name])).toEqual([
      ["ingress", "cpu"],
    ]);
  });
});

describe("topics", () => {
  it("declares every topic of proto/src/topics.ts and the dead-letter topic of each", () => {
    const declared = new Set(topics.map((t) => t.name));
    for (const topic of ALL_TOPICS) {
      expect(declared.has(topic), topic).toBe(true);
      if (!topic.endsWith(".dlq")) expect(declared.has(deadLetterTopic(topic)), deadLetterTopic(topic)).toBe(true);
    }
    for (const t of topics) {
      expect(t.partitions, t.name).toBeGreaterThan(0);
      // The kit splits produce requests at ~900 kB; a topic must take at least that.
      expect(t.maxMessageBytes, t.name).toBeGreaterThanOrEqual(1_000_000);
      expect(["delete", "compact"]).toContain(t.cleanupPolicy);
    }
  });

  it("sums analytics' rollup parts over the thread-events topic's partition count", () => {
    const threadEvents = topics.find((t) => t.name === "switchboard.thread-events.v1");
    for (const overlay of OVERLAYS)
      expect(Number(configMapData(objectsOf(overlay), "platform-config").KAFKA_TOPIC_PARTITIONS)).toBe(
        threadEvents?.partitions,
      );
  });
});

describe("Dockerfile", () => {
  const dockerfile = parseDockerfile(join(REPO, "deploy/image/Dockerfile"));

  it("pins the Node 24 base by digest and runs each service non-root under tini", () => {
    expect(dockerfile.args.NODE_IMAGE).toMatch(/^node:24[^@]*@sha256:[0-9a-f]{64}$/);
    for (const name of SERVICES) {
      const stage = stageNamed(dockerfile, name);
      expect(stage.user).toMatch(/^[1-9][0-9]*:[1-9][0-9]*$/);
      expect(stage.entrypoint?.slice(0, 2)).toEqual(["/usr/bin/tini", "--"]);
      expect(stage.entrypoint?.slice(2)).toEqual(["node", "src/main.ts"]);
      // The manifests' runAsUser must be the image's user, or files' permissions would not match.
      const deployment = ofKind(objectsOf("production"), "Deployment").find((d) => d.metadata.name === name);
      const pod = deployment && podTemplate(deployment).spec;
      expect(`${pod?.securityContext?.runAsUser}:${pod?.securityContext?.runAsUser}`).toBe(stage.user);
    }
  });
});
