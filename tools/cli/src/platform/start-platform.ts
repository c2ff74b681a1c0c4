// Starts the four services as separate processes against given Kafka and MongoDB servers, in
// dependency order (catalog and conversation before ingress), each with its own database and a
// shared topic prefix. Used by `./run start` and by the e2e tests, so both run the same thing.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { freePort } from "./free-port.ts";
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
}

export interface PlatformPorts {
  ingressHttp: number;
  conversationGrpc: number;
  conversationHttp: number;
  catalogGrpc: number;
  catalogHttp: number;
  analyticsGrpc: number;
  analyticsHttp: number;
}

export interface RunningPlatform {
  ports: PlatformPorts;
  ingressUrl: string;
  grpc: { conversation: string; catalog: string; analytics: string };
  services: Record<"ingress" | "conversation" | "catalog" | "analytics", ServiceProcess>;
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
  const db = (service: string) => (options.namespace ? `${options.namespace}_${service}` : `switchboard_${service}`);
  const start = (name: string, httpPort: number, env: Record<string, string>) =>
    startServiceProcess({
      name,
      logDir,
      readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
      env: { ...common, ...env },
      ...(options.cpuProfileDir === undefined ? {} : { cpuProfileDir: join(options.cpuProfileDir, name) }),
    });

  const started: ServiceProcess[] = [];
  try {
    const backends = await Promise.allSettled([
      start("conversation", ports.conversationHttp, {
        GRPC_PORT: String(ports.conversationGrpc),
        HTTP_PORT: String(ports.conversationHttp),
        MONGODB_DATABASE: db("conversation"),
      }),
      start("catalog", ports.catalogHttp, {
        GRPC_PORT: String(ports.catalogGrpc),
        HTTP_PORT: String(ports.catalogHttp),
        MONGODB_DATABASE: db("catalog"),
      }),
      start("analytics", ports.analyticsHttp, {
        GRPC_PORT: String(ports.analyticsGrpc),
        HTTP_PORT: String(ports.analyticsHttp),
        MONGODB_DATABASE: db("analytics"),
      }),
    ]);
    for (const result of backends) if (result.status === "fulfilled") started.push(result.value);
    const failure = backends.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
    const [conversation, catalog, analytics] = started as [ServiceProcess, ServiceProcess, ServiceProcess];
    const ingress = await start("ingress", ports.ingressHttp, {
      HTTP_PORT: String(ports.ingressHttp),
      MONGODB_DATABASE: db("ingress"),
      ADMIN_TOKEN: options.adminToken,
      UPSTREAM_APP_SECRET: upstream.appSecret,
      UPSTREAM_VERIFY_TOKEN: upstream.verifyToken,
      // Local receivers (demos, tests) are plain http; production keeps the https-only default.
      WEBHOOK_ALLOW_HTTP_CALLBACKS: "true",
      CONVERSATION_GRPC_ADDRESS: grpc.conversation,
      CATALOG_GRPC_ADDRESS: grpc.catalog,
      ANALYTICS_GRPC_ADDRESS: grpc.analytics,
    });
    started.push(ingress);
    return {
      ports,
      grpc,
      logDir,
      upstream,
      ingressUrl: `http://127.0.0.1:${ports.ingressHttp}`,
      services: { ingress, conversation, catalog, analytics },
      async stop() {
        await ingress.stop();
        await Promise.all([conversation.stop(), catalog.stop(), analytics.stop()]);
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.kill()));
    throw error;
  }
}
