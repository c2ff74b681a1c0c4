import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commonConfigSchema } from "../config/common-config.ts";
import { ConfigError, loadConfig } from "../config/load-config.ts";
import { internalSecurityOf } from "./internal-security.ts";
import { DEV_KEY_RING_SPEC, parseKeyRing } from "./key-ring.ts";

const base = { KAFKA_BROKERS: "127.0.0.1:9092", MONGODB_URI: "mongodb://127.0.0.1:27017/" };
const securityOf = (env: Record<string, string>) =>
  internalSecurityOf(loadConfig(commonConfigSchema, { ...base, ...env }));
const KEYS = `prod:${Buffer.alloc(32, 1).toString("base64")}`;

describe("internal security from config", () => {
  it("works with zero config outside production: development key, reflection on, plaintext", () => {
    const security = securityOf({});
    expect(security.keys).toEqual(parseKeyRing(DEV_KEY_RING_SPEC));
    expect(security.reflection).toBe(true);
    expect(security.tls).toBeUndefined();
    expect(security.kafka).toEqual({});
  });

  it("refuses to start in production without keys, and turns reflection off there by default", () => {
    expect(() => securityOf({ NODE_ENV: "production" })).toThrow(ConfigError);
    const security = securityOf({ NODE_ENV: "production", INTERNAL_AUTH_KEYS: KEYS });
    expect(security.keys.signing.kid).toBe("prod");
    expect(security.reflection).toBe(false);
    expect(securityOf({ NODE_ENV: "production", INTERNAL_AUTH_KEYS: KEYS, GRPC_REFLECTION: "on" }).reflection).toBe(
      true,
    );
    expect(securityOf({ GRPC_REFLECTION: "false" }).reflection).toBe(false);
  });

  it("builds Kafka TLS and SCRAM options, and names a half-configured variable", () => {
    const dir = mkdtempSync(join(tmpdir(), "kafka-tls-"));
    writeFileSync(join(dir, "ca.pem"), "CA");
    const security = securityOf({
      KAFKA_SSL_CA: join(dir, "ca.pem"),
      KAFKA_SASL_MECHANISM: "scram-sha-512",
      KAFKA_SASL_USERNAME: "switchboard",
      KAFKA_SASL_PASSWORD: "secret",
    });
    expect(security.kafka).toEqual({
      ssl: { ca: ["CA"] },
      sasl: { mechanism: "scram-sha-512", username: "switchboard", password: "secret" },
    });
    expect(securityOf({ KAFKA_SSL: "true" }).kafka).toEqual({ ssl: true });
    expect(() => securityOf({ KAFKA_SASL_MECHANISM: "scram-sha-256" })).toThrow(/KAFKA_SASL_MECHANISM/);
    expect(() => securityOf({ GRPC_TLS_CERT: join(dir, "ca.pem") })).toThrow(
      /GRPC_TLS_CA, GRPC_TLS_CERT and GRPC_TLS_KEY/,
    );
  });
});
