// Configuration every service shares: logging, telemetry, Kafka, MongoDB. Services extend this
// schema with their own variables. Variable names follow the conventions operators expect
// (OTEL_*, KAFKA_BROKERS, MONGODB_URI).
import { z } from "zod";
import { internalSecurityConfigShape } from "../security/security-config.ts";

const port = z.coerce.number().int().min(0).max(65_535);

export const commonConfigSchema = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `otlp` exports traces and metrics over OTLP/HTTP; `none` keeps tracing in-process only. */
  OTEL_EXPORTER: z.enum(["otlp", "none"]).default("none"),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().default("http://127.0.0.1:4318"),
  /** Prometheus /metrics, on a port of its own (never the service's traffic port). 0 picks a free one. */
  METRICS_HOST: z.string().default("0.0.0.0"),
  METRICS_PORT: port.default(9464),
  KAFKA_BROKERS: z
    .string()
    .min(1, "must list at least one host:port")
    .transform((value) => value.split(",").map((broker) => broker.trim())),
  /** Prepended to every topic name; lets several installations or test runs share one broker. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, "letters, digits, . _ - only")
    .default(""),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).default(6),
  /**
   * Create missing topics on first use (KAFKA_TOPIC_PARTITIONS partitions, broker defaults): a
   * dev and test convenience for throwaway topic prefixes. Off in the images and the manifests,
   * where topics come from deploy/kubernetes/base/topics/topics.tsv (the topics Job) and a
   * missing topic is an error naming it.
   */
  KAFKA_CREATE_TOPICS: z.stringbool().default(true),
  /** Largest serialized record a publish may carry: keep at or below the broker's `message.max.bytes`. */
  KAFKA_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1_024).default(1_000_000),
  /**
   * How long the broker waits for a consumer's heartbeat before it evicts it and rebalances its
   * partitions to the group's others: what a crashed instance's partitions stall for. The kit
   * heartbeats every second, also while a batch is handled, so lower values only cost a spurious
   * rebalance when an event loop is starved that long. The broker's group.min/max.session.timeout.ms
   * bound it (6 s to 30 min by default).
   */
  KAFKA_CONSUMER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(1_800_000).default(30_000),
  MONGODB_URI: z.string().startsWith("mongodb", "must be a mongodb:// or mongodb+srv:// URI"),
  /** How long a store operation waits for a reachable server before failing (503 at the HTTP edge). */
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  /**
   * How long the process's own MongoDB client may fail every ping while a fresh client reaches the
   * store before the process exits to be restarted (mongo/store-client-watchdog.ts).
   */
  MONGODB_CLIENT_WEDGED_AFTER_MS: z.coerce.number().int().min(10_000).default(60_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  ...internalSecurityConfigShape,
});

export const ports = { port };

export type CommonConfig = z.output<typeof commonConfigSchema>;
