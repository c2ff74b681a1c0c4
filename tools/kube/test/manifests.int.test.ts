// Renders every overlay of deploy/kubernetes with the kustomize library, decodes every object
// strictly against the k8s.io/api types (tools/kube/validator; no API server, see README
// "Kubernetes" → "What is validated how") and checks the platform's invariants on the result.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ALL_TOPICS, deadLetterTopic } from "@switchboard/proto";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDockerfile, stageNamed } from "../src/dockerfile.ts";
import { type KubeObject, runValidator, type ValidationReport } from "../src/render.ts";
import { readTopicDeclarations } from "../src/topic-declarations.ts";
import { ensureKubeValidator, kubeCacheDir } from "../src/validator-binary.ts";
import { configMapData, ofKind, type PodSpec, podTemplate, type Selector, selects } from "./support/kube-objects.ts";
import { serviceEnvironment, serviceSchemas } from "./support/service-config.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const KUBE = join(REPO, "deploy/kubernetes");
const OVERLAYS = ["dev", "production", "bsp-example"] as const;
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
        // Pinned by digest: a tag can be moved under a running Deployment. The one exception is
        // our own images in dev, built and loaded into the local cluster as `:dev`.
        const ownDevImage = overlay === "dev" && /^switchboard\/[a-z]+:dev$/.test(c.image);
        if (!ownDevImage) expect(c.image, where).toMatch(/@sha256:[0-9a-f]{64}$/);
      }
    }
  });

  it("pins every image of every workload by digest, dev dependencies included", () => {
    const all = objectsOf(overlay).filter((o) => o.kind === "Deployment" || o.kind === "Job");
    if (overlay === "dev")
      expect(all.map((w) => w.metadata.name)).toEqual(expect.arrayContaining(["kafka", "mongodb"]));
    for (const workload of all)
      for (const c of podTemplate(workload).spec.containers) {
        // Our own images in dev are built and loaded into the local cluster as `:dev`.
        if (overlay === "dev" && /^switchboard\/[a-z]+:dev$/.test(c.image)) continue;
        expect(c.image, `${workload.kind}/${workload.metadata.name}`).toMatch(
          /^[^@\s]+:[^@\s]+@sha256:[0-9a-f]{64}$|^[^@:\s]+@sha256:[0-9a-f]{64}$/,
        );
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
    if (overlay === "bsp-example") expect(ingressPorts("ingress", "conversation")).toEqual([]);
    else expect(ingressPorts("ingress", "conversation")).toContain(8080);
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

  it("serves /metrics on each service's metrics port, open to the monitoring namespace only", () => {
    const objects = objectsOf(overlay);
    const metricsPort = Number(configMapData(objects, "platform-config").METRICS_PORT);
    expect(metricsPort).toBe(9464);
    const policies = ofKind<{
      podSelector: Selector;
      ingress?: { from?: { namespaceSelector?: Selector; podSelector?: Selector }[]; ports?: { port: number }[] }[];
    }>(objects, "NetworkPolicy");
    for (const name of SERVICES) {
      const deployment = ofKind(objects, "Deployment").find((d) => d.metadata.name === name);
      const { labels, spec } = podTemplate(deployment ?? ({} as KubeObject));
      const container = spec.containers[0];
      expect(container?.ports?.find((p) => p.name === "metrics")?.containerPort, name).toBe(metricsPort);
      for (const probe of [container?.startupProbe, container?.readinessProbe, container?.livenessProbe])
        expect([probe?.httpGet?.port, probe?.grpc?.port], name).not.toContain(metricsPort);
      const service = ofKind<{ ports: { name: string; port: number; targetPort: string }[] }>(objects, "Service").find(
        (s) => s.metadata.name === name,
      );
      expect(
        service?.spec.ports.find((p) => p.name === "metrics"),
        name,
      ).toEqual(expect.objectContaining({ port: metricsPort, targetPort: "metrics" }));
      // Every rule admitting the metrics port (or any port) to this pod comes from `monitoring` only.
      const admitting = policies
        .filter((p) => selects(p.spec.podSelector, labels))
        .flatMap((p) => p.spec.ingress ?? [])
        .filter((rule) => rule.ports === undefined || rule.ports.some((p) => p.port === metricsPort));
      for (const rule of admitting)
        expect(rule.from, `${name}: who reaches :${metricsPort}`).toEqual([
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
        ]);
      // With the monitoring component, Prometheus can scrape; without it (dev), nobody can.
      expect(admitting.length, name).toBe(overlay === "dev" ? 0 : 1);
    }
    for (const monitor of ofKind<{ endpoints: { port: string; path: string }[] }>(objects, "ServiceMonitor"))
      expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: "metrics", path: "/metrics" })]);
  });

  it("sets only variables the services read, with values their config schemas accept", () => {
    const objects = objectsOf(overlay);
    for (const name of SERVICES) {
      const deployment = ofKind(objects, "Deployment").find((d) => d.metadata.name === name);
      const env = serviceEnvironment(objects, podTemplate(deployment ?? ({} as KubeObject)).spec);
      const schema = serviceSchemas[name];
      const known = new Set([...Object.keys(schema.shape), "NODE_OPTIONS"]);
      for (const key of Object.keys(env)) expect(known.has(key), `${name} reads ${key}`).toBe(true);
      // The image's own ENV (NODE_ENV=production among it) under the manifests', as the pod gets them.
      const parsed = schema.safeParse({
        ...stageNamed(parseDockerfile(join(REPO, "deploy/image/Dockerfile")), name).env,
        ...env,
      });
      // Production refuses to start without internal signing keys: every service gets them, not optionally.
      const keys = podTemplate(deployment ?? ({} as KubeObject)).spec.containers[0]?.env?.find(
        (e) => e.name === "INTERNAL_AUTH_KEYS",
      );
      expect(keys?.valueFrom?.secretKeyRef, name).toEqual({
        name: expect.stringMatching(/^switchboard-secrets/),
        key: "INTERNAL_AUTH_KEYS",
      });
      expect(parsed.success ? [] : parsed.error.issues, name).toEqual([]);
      if (parsed.success)
        expect((parsed.data as { KAFKA_CREATE_TOPICS: boolean }).KAFKA_CREATE_TOPICS, name).toBe(false);
    }
  });

  it("splits the rate limits over the HPA's minimum; a BSP takes ingress traffic from the edge and its admin network only", () => {
    const objects = objectsOf(overlay);
    const [hpa] = ofKind<{ minReplicas: number }>(objects, "HorizontalPodAutoscaler");
    expect(Number(configMapData(objects, "ingress-config").RATE_LIMIT_REPLICAS)).toBe(
      overlay === "dev" ? 1 : hpa?.spec.minReplicas,
    );
    const policy = ofKind<{ ingress: { from?: unknown[]; ports: { port: number }[] }[] }>(
      objects,
      "NetworkPolicy",
    ).find((p) => p.metadata.name === "ingress");
    if (overlay === "bsp-example")
      expect(policy?.spec.ingress).toEqual([
        {
          from: [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
            { ipBlock: { cidr: expect.stringMatching(/^[0-9.]+\/[0-9]+$/) } },
          ],
          ports: [{ port: 8080, protocol: "TCP" }],
        },
      ]);
    else expect(policy?.spec.ingress).toEqual([{ ports: [{ port: 8080, protocol: "TCP" }] }]);
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

describe("alert rules", () => {
  it("have a runbook section of the same name in docs/operations.md, the new series' alerts included", () => {
    const runbook = readFileSync(join(REPO, "docs/operations.md"), "utf8");
    const rules = ofKind<{ groups: { rules: { alert: string; expr: string }[] }[] }>(
      objectsOf("production"),
      "PrometheusRule",
    ).flatMap((r) => r.spec.groups.flatMap((g) => g.rules));
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(["SwitchboardWebhookBacklog", "SwitchboardRateLimitRejections"]),
    );
    expect(rules.find((r) => r.alert === "SwitchboardWebhookBacklog")?.expr).toMatch(
      /max by \(tenant, business\) \(switchboard_webhook_backlog\)/,
    );
    expect(rules.find((r) => r.alert === "SwitchboardRateLimitRejections")?.expr).toMatch(
      /switchboard_rate_limit_rejections_total/,
    );
    for (const { alert } of rules) expect(runbook, alert).toContain(`### ${alert}\n`);
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

  it("keeps dead letters until they are replayed, and ships the one declaration to the topics Job", () => {
    for (const t of topics.filter((t) => t.name.endsWith(".dlq"))) expect(t.retentionMs, t.name).toBe(-1);
    const file = readFileSync(join(KUBE, "base/topics/topics.tsv"), "utf8");
    for (const overlay of OVERLAYS) {
      const data = configMapData(objectsOf(overlay), "kafka-topics");
      expect(data["topics.tsv"], overlay).toBe(file);
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
