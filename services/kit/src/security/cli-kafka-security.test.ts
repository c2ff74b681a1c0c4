import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/load-config.ts";
import { cliKafkaSecurity } from "./cli-kafka-security.ts";

describe("cliKafkaSecurity", () => {
  it("reads the services' Kafka variables from the tool's environment", () => {
    expect(
      cliKafkaSecurity({
        KAFKA_SSL: "on",
        KAFKA_SASL_MECHANISM: "scram-sha-256",
        KAFKA_SASL_USERNAME: "ops",
        KAFKA_SASL_PASSWORD: "secret",
        ADMIN_TOKEN: "unrelated",
      }),
    ).toEqual({ ssl: true, sasl: { mechanism: "scram-sha-256", username: "ops", password: "secret" } });
    expect(cliKafkaSecurity({})).toEqual({});
  });

  it("fails like a service's boot, naming the variable", () => {
    expect(() => cliKafkaSecurity({ KAFKA_SASL_MECHANISM: "gssapi" })).toThrow(ConfigError);
    expect(() => cliKafkaSecurity({ KAFKA_SASL_USERNAME: "ops", KAFKA_SASL_PASSWORD: "x" })).toThrow(
      /KAFKA_SASL_USERNAME/,
    );
  });
});
