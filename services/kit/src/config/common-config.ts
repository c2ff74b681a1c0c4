// Configuration every service shares: logging, telemetry, Kafka, MongoDB. Services extend this
// schema with their own variables. Variable names follow the conventions operators expect
// (OTEL_*, KAFKA_BROKERS, MONGODB_URI).
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65_535);

export const commonConfigSchema = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `otlp` exports traces and metrics over OTLP/HTTP; `none` keeps tracing in-process only. */
  OTEL_EXPORTER: z.enum(["otlp", "none"]).default("none"),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().default("http://127.0.0.1:4318"),
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
  MONGODB_URI: z.string().startsWith("mongodb", "must be a mongodb:// or mongodb+srv:// URI"),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
});

export const ports = { port };

export type CommonConfig = z.output<typeof commonConfigSchema>;
