import { describe, expect, it } from "vitest";
import { commonConfigSchema } from "./common-config.ts";
import { ConfigError, loadConfig } from "./load-config.ts";

describe("loadConfig", () => {
  it("parses and defaults the common variables", () => {
    const config = loadConfig(commonConfigSchema, {
      KAFKA_BROKERS: "127.0.0.1:9092, 127.0.0.1:9093",
      MONGODB_URI: "mongodb://127.0.0.1:27017/",
    });
    expect(config.KAFKA_BROKERS).toEqual(["127.0.0.1:9092", "127.0.0.1:9093"]);
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.OTEL_EXPORTER).toBe("none");
    expect(config.KAFKA_CONSUMER_SESSION_TIMEOUT_MS).toBe(30_000);
  });

  it("takes a consumer session timeout within the broker's default bounds only", () => {
    const base = { KAFKA_BROKERS: "127.0.0.1:9092", MONGODB_URI: "mongodb://127.0.0.1:27017/" };
    const with_ = (value: string) =>
      loadConfig(commonConfigSchema, { ...base, KAFKA_CONSUMER_SESSION_TIMEOUT_MS: value });
    expect(with_("10000").KAFKA_CONSUMER_SESSION_TIMEOUT_MS).toBe(10_000);
    expect(() => with_("5999")).toThrow("KAFKA_CONSUMER_SESSION_TIMEOUT_MS");
    expect(() => with_("1800001")).toThrow("KAFKA_CONSUMER_SESSION_TIMEOUT_MS");
  });

  it("fails fast naming every bad variable", () => {
    let error: unknown;
    try {
      loadConfig(commonConfigSchema, { MONGODB_URI: "postgres://x", OTEL_EXPORTER: "zipkin" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("KAFKA_BROKERS");
    expect(message).toContain("MONGODB_URI");
    expect(message).toContain("OTEL_EXPORTER");
  });
});
