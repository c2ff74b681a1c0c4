// Small typed views over rendered Kubernetes objects for the invariant test: pod templates of
// workloads, their containers, and label-selector matching as the API server does it.
import type { KubeObject } from "../../src/render.ts";

export interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }[];
  envFrom?: { configMapRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  grpc?: { port: number };
  tcpSocket?: { port: string | number };
}

export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  topologySpreadConstraints?: unknown[];
  containers: Container[];
  volumes?: { name: string; configMap?: { name: string } }[];
}

export interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}

type Spec<T> = KubeObject & { spec: T };

export function ofKind<T>(objects: readonly KubeObject[], kind: string): Spec<T>[] {
  return objects.filter((o) => o.kind === kind) as Spec<T>[];
}

export function podTemplate(workload: KubeObject): { labels: Record<string, string>; spec: PodSpec } {
  const spec = (workload as Spec<{ template: { metadata: { labels?: Record<string, string> }; spec: PodSpec } }>).spec;
  return { labels: spec.template.metadata.labels ?? {}, spec: spec.template.spec };
}

export function selects(selector: Selector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = key(labels, e.key);
    if (e.operator === "In" && !(has !== undefined && (e.values ?? []).includes(has))) return false;
    if (e.operator === "NotIn" && has !== undefined && (e.values ?? []).includes(has)) return false;
    if (e.operator === "Exists" && has === undefined) return false;
    if (e.operator === "DoesNotExist" && has !== undefined) return false;
  }
  return true;
}

function key(labels: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(labels, name) ? labels[name] : undefined;
}

export function configMapData(objects: readonly KubeObject[], prefix: string): Record<string, string> {
  const found = objects.find(
    (o) => o.kind === "ConfigMap" && new RegExp(`^${prefix}-[a-z0-9]{10}$`).test(o.metadata.name),
  );
  if (!found) throw new Error(`no ConfigMap ${prefix}`);
  return (found as KubeObject & { data?: Record<string, string> }).data ?? {};
}
