// Starts the four services as separate processes against given Kafka and MongoDB servers, in
// dependency order (catalog and conversation before ingress), each with its own database and a
// shared topic prefix. Used by `./run start` and by the e2e tests, so both run the same thing.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createDeclaredTopics } from "@switchboard/devstack/declared-topics";
import { readTopicDeclarations } from "@switchboard/devstack/topic-declarations";
import { freePort } from "./free-port.ts";
import { type CrashSupervisor, superviseCrashes } from "./restart-on-crash.ts";
import { REPO_ROOT, type ServiceProcess, startServiceProcess } from "./service-process.ts";

export interface PlatformOptions {
  kafkaBrokers: string;
  mongodbUri: string;
  /** Prefix for topics and database names; keeps runs apart on shared servers. */
  namespace: string;
  adminToken: string;
  /** Fixed ports for a developer's run; free ports are picked when absent. */
  ports?: Partial<PlatformPorts>;
  otlpEndpoint?: string;
  logDir?: string;
  logLevel?: string;
  /** Secret Meta signs upstream webhooks with, and the handshake token; random when absent. */
  upstreamAppSecret?: string;
  upstreamVerifyToken?: string;
  /** Benchmarks: each service writes a V8 CPU profile into `<dir>/<service>/` when stopped. */
  cpuProfileDir?: string;
  /**
   * Production's topic path: create the namespace's topics from topics.tsv first (partitions and
   * settings as declared) and run the services with KAFKA_CREATE_TOPICS=false and analytics'
   * partition count from the declaration. Otherwise the services create throwaway topics on use.
   */
  declaredTopics?: boolean;
  /**
   * Instances of every service (default 1), in the same consumer groups, each on ports of its
   * own: partitions are shared out and move between them when one stops (the fault audit).
   */
  replicas?: number;
  /** How long each service may take to report ready (default 60 s; many instances start slower). */
  readyTimeoutMs?: number;
  /** Extra environment per service (e.g. ingress's upstream channel), over the defaults. */
  serviceEnv?: Partial<Record<PlatformService, Record<string, string>>>;
}

export interface PlatformPorts {
  ingressHttp: number;
  conversationGrpc: number;
  conversationHttp: number;
  catalogGrpc: number;
  catalogHttp: number;
  analyticsGrpc: number;
  analyticsHttp: number;
  /** Each service's Prometheus endpoint (METRICS_PORT), apart from its traffic ports. */
  ingressMetrics: number;
  conversationMetrics: number;
  catalogMetrics: number;
  analyticsMetrics: number;
}

export type PlatformService = "ingress" | "conversation" | "catalog" | "analytics";

/**
 * One instance of a service, which can be started again after it stopped or was killed; one that
 * exits on its own is started again by itself (restart-on-crash.ts).
 */
export interface ServiceReplica {
  /** `<service>` for the first instance, `<service>-<n>` for the others (also its log file's name). */
  readonly label: string;
  /** Its HTTP port (readiness, and Graph for ingress). */
  readonly httpPort: number;
  /** Its running process (or the last one, once it exited). */
  current(): ServiceProcess;
  /** Starts it again with the same ports and environment; it must have exited. */
  restart(): Promise<void>;
}

export interface RunningPlatform {
  ports: PlatformPorts;
  ingressUrl: string;
  grpc: { conversation: string; catalog: string; analytics: string };
  /** The first instance of each service. */
  services: Record<PlatformService, ServiceProcess>;
  /** Every instance of each service (one each unless `replicas` was set). */
  replicas: Record<PlatformService, ServiceReplica[]>;
  /** Each service's /metrics URL (the benchmark scrapes them at the end of a run). */
  metricsUrls: Record<PlatformService, string>;
  logDir: string;
  upstream: { appSecret: string; verifyToken: string };
  stop(): Promise<void>;
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const pick = async (key: keyof PlatformPorts) => options.ports?.[key] ?? (await freePort());
  const ports: PlatformPorts = {
    ingressHttp: await pick("ingressHttp"),
    conversationGrpc: await pick("conversationGrpc"),
    conversationHttp: await pick("conversationHttp"),
    catalogGrpc: await pick("catalogGrpc"),
    catalogHttp: await pick("catalogHttp"),
    analyticsGrpc: await pick("analyticsGrpc"),
    analyticsHttp: await pick("analyticsHttp"),
    ingressMetrics: await pick("ingressMetrics"),
    conversationMetrics: await pick("conversationMetrics"),
    catalogMetrics: await pick("catalogMetrics"),
    analyticsMetrics: await pick("analyticsMetrics"),
  };
  const upstream = {
    appSecret: options.upstreamAppSecret ?? randomBytes(24).toString("hex"),
    verifyToken: options.upstreamVerifyToken ?? randomBytes(12).toString("hex"),
  };
  const logDir = options.logDir ?? join(REPO_ROOT, ".devstack", "logs", options.namespace);
  const grpc = {
    conversation: `127.0.0.1:${ports.conversationGrpc}`,
    catalog: `127.0.0.1:${ports.catalogGrpc}`,
    analytics: `127.0.0.1:${ports.analyticsGrpc}`,
  };
  const common: Record<string, string> = {
    KAFKA_BROKERS: options.kafkaBrokers,
    MONGODB_URI: options.mongodbUri,
    KAFKA_TOPIC_PREFIX: options.namespace ? `${options.namespace}.` : "",
    LOG_LEVEL: options.logLevel ?? "info",
    OTEL_EXPORTER: options.otlpEndpoint ? "otlp" : "none",
    ...(options.otlpEndpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint } : {}),
  };
  if (options.declaredTopics) {
    const prefix = common.KAFKA_TOPIC_PREFIX ?? "";
    const report = await createDeclaredTopics({ brokers: options.kafkaBrokers, prefix });
    const threadEvents = readTopicDeclarations().find((t) => t.name === "switchboard.thread-events.v1");
    // Analytics sums one rollup part per partition the topic really has: an older local topic
    // whose count differs from the declaration (reported, never changed) keeps its own count.
    const actual = report.partitionMismatches.find((m) => m.topic === `${prefix}${threadEvents?.name}`)?.actual;
    common.KAFKA_CREATE_TOPICS = "false";
    if (threadEvents) common.KAFKA_TOPIC_PARTITIONS = String(actual ?? threadEvents.partitions);
  }
  const db = (service: string) => (options.namespace ? `${options.namespace}_${service}` : `switchboard_${service}`);
  const extraEnv = (name: PlatformService) => options.serviceEnv?.[name] ?? {};
  const supervisors: CrashSupervisor<ServiceProcess>[] = [];
  const start = async (
    name: PlatformService,
    httpPort: number,
    env: Record<string, string>,
    replica = 0,
  ): Promise<ServiceReplica> => {
    const label = replica === 0 ? name : `${name}-${replica}`;
    const spawn = () =>
      startServiceProcess({
        name,
        logName: label,
        logDir,
        readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
        ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
        env: { ...common, ...env, ...extraEnv(name) },
        ...(options.cpuProfileDir === undefined ? {} : { cpuProfileDir: join(options.cpuProfileDir, label) }),
      });
    const supervisor: CrashSupervisor<ServiceProcess> = superviseCrashes(await spawn(), {
      spawn,
      isRunning: (process) => !process.exited,
      backoffMs: 1_000,
      onCrash: (code) => process.stderr.write(`platform: ${label} exited with ${code}; starting it again\n`),
    });
    supervisors.push(supervisor);
    return {
      label,
      httpPort,
      current: () => supervisor.current(),
      async restart() {
        if (!supervisor.current().exited) throw new Error(`${label} is still running`);
        await supervisor.replace();
      },
    };
  };
  // A backend's env for one instance: every instance gets ports of its own, and shares the rest.
  const backendEnv = async (name: "conversation" | "catalog" | "analytics", replica: number) => {
    const own =
      replica === 0
        ? { grpc: ports[`${name}Grpc`], http: ports[`${name}Http`], metrics: ports[`${name}Metrics`] }
        : { grpc: await freePort(), http: await freePort(), metrics: await freePort() };
    return {
      http: own.http,
      env: {
        GRPC_PORT: String(own.grpc),
        HTTP_PORT: String(own.http),
        METRICS_PORT: String(own.metrics),
        MONGODB_DATABASE: db(name),
      },
    };
  };
  const ingressEnv = async (replica: number) => {
    const http = replica === 0 ? ports.ingressHttp : await freePort();
    const metrics = replica === 0 ? ports.ingressMetrics : await freePort();
    return {
      http,
      env: {
        HTTP_PORT: String(http),
        METRICS_PORT: String(metrics),
        MONGODB_DATABASE: db("ingress"),
        ADMIN_TOKEN: options.adminToken,
        UPSTREAM_APP_SECRET: upstream.appSecret,
        UPSTREAM_VERIFY_TOKEN: upstream.verifyToken,
        // Local receivers (demos, tests) are plain http; production keeps the https-only default.
        WEBHOOK_ALLOW_HTTP_CALLBACKS: "true",
        // ...and listen on this machine: outbound HTTP may reach it (production refuses private addresses).
        OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true",
        CONVERSATION_GRPC_ADDRESS: grpc.conversation,
        CATALOG_GRPC_ADDRESS: grpc.catalog,
        ANALYTICS_GRPC_ADDRESS: grpc.analytics,
      },
    };
  };
  const replicaCount = Math.max(1, options.replicas ?? 1);
  const indexes = Array.from({ length: replicaCount }, (_, r) => r);

  const started: ServiceReplica[] = [];
  const startAll = async (launches: Promise<ServiceReplica>[]) => {
    const results = await Promise.allSettled(launches);
    for (const result of results) if (result.status === "fulfilled") started.push(result.value);
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
    return results.map((result) => (result as PromiseFulfilledResult<ServiceReplica>).value);
  };
  try {
    const backend = (name: "conversation" | "catalog" | "analytics") =>
      indexes.map(async (r) => {
        const { http, env } = await backendEnv(name, r);
        return start(name, http, env, r);
      });
    const backends = await startAll([...backend("conversation"), ...backend("catalog"), ...backend("analytics")]);
    const of = (name: PlatformService) => backends.filter((b) => b.current().name === name);
    const ingress = await startAll(
      indexes.map(async (r) => {
        const { http, env } = await ingressEnv(r);
        return start("ingress", http, env, r);
      }),
    );
    const replicas: Record<PlatformService, ServiceReplica[]> = {
      ingress,
      conversation: of("conversation"),
      catalog: of("catalog"),
      analytics: of("analytics"),
    };
    const first = (name: PlatformService) => (replicas[name][0] as ServiceReplica).current();
    return {
      ports,
      grpc,
      logDir,
      upstream,
      ingressUrl: `http://127.0.0.1:${ports.ingressHttp}`,
      services: {
        ingress: first("ingress"),
        conversation: first("conversation"),
        catalog: first("catalog"),
        analytics: first("analytics"),
      },
      replicas,
      metricsUrls: {
        ingress: `http://127.0.0.1:${ports.ingressMetrics}/metrics`,
        conversation: `http://127.0.0.1:${ports.conversationMetrics}/metrics`,
        catalog: `http://127.0.0.1:${ports.catalogMetrics}/metrics`,
        analytics: `http://127.0.0.1:${ports.analyticsMetrics}/metrics`,
      },
      async stop() {
        // No process started again from here on, or it would outlive the platform.
        await Promise.all(supervisors.map((s) => s.stop()));
        // Ingress first: it stops taking requests before the services it calls go away.
        await Promise.all(ingress.map((r) => r.current().stop()));
        await Promise.all(backends.map((r) => r.current().stop()));
      },
    };
  } catch (error) {
    await Promise.all(supervisors.map((s) => s.stop()));
    await Promise.all(started.map((r) => r.current().kill()));
    throw error;
  }
}
