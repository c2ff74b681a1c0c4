// The variables that secure internal traffic, shared by every service through commonConfigSchema:
// the key ring for scope tokens and event origin, mutual TLS of gRPC channels, reflection, and
// TLS / SASL towards Kafka. Zero config is a working development setup; NODE_ENV=production
// refuses to start without keys (internal-security.ts) and turns reflection off unless asked.
import { z } from "zod";

const optionalPath = z.string().min(1).optional();
const toggle = z
  .enum(["true", "false", "on", "off", "1", "0"])
  .transform((v) => v === "true" || v === "on" || v === "1");

export const internalSecurityConfigShape = {
  NODE_ENV: z.string().default("development"),
  /** `kid:base64secret,…`: the first signs scope tokens and event origins, all verify (rotation). */
  INTERNAL_AUTH_KEYS: z.string().default(""),
  /** PEM files of internal gRPC mutual TLS: this service's certificate and key, and the CA. */
  GRPC_TLS_CERT: optionalPath,
  GRPC_TLS_KEY: optionalPath,
  GRPC_TLS_CA: optionalPath,
  /** Default: on outside production, off in it. */
  GRPC_REFLECTION: toggle.optional(),
  /** TLS towards the brokers: on by itself, or implied by any of the PEM files below. */
  KAFKA_SSL: toggle.optional(),
  KAFKA_SSL_CA: optionalPath,
  KAFKA_SSL_CERT: optionalPath,
  KAFKA_SSL_KEY: optionalPath,
  KAFKA_SASL_MECHANISM: z.enum(["scram-sha-256", "scram-sha-512", "plain"]).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
};

export type InternalSecurityConfig = z.output<z.ZodObject<typeof internalSecurityConfigShape>>;
