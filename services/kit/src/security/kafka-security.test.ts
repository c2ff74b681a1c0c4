import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../config/load-config.ts";
import { kafkaSecurityOf } from "./kafka-security.ts";

const dir = mkdtempSync(join(tmpdir(), "kafka-security-unit-"));
const ca = join(dir, "ca.pem");
writeFileSync(ca, "CA");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kafkaSecurityOf", () => {
  it("refuses KAFKA_SSL=false beside PEM files that turn TLS on", () => {
    expect(() => kafkaSecurityOf({ KAFKA_SSL: false, KAFKA_SSL_CA: ca })).toThrow(ConfigError);
    expect(() => kafkaSecurityOf({ KAFKA_SSL: false, KAFKA_SSL_CA: ca })).toThrow(/KAFKA_SSL: is off/);
    expect(kafkaSecurityOf({ KAFKA_SSL: true, KAFKA_SSL_CA: ca })).toEqual({ ssl: { ca: ["CA"] } });
  });

  it("names the variable of a PEM file it cannot read, as a ConfigError", () => {
    const missing = join(dir, "absent.pem");
    const attempt = () => kafkaSecurityOf({ KAFKA_SSL_CA: ca, KAFKA_SSL_CERT: missing, KAFKA_SSL_KEY: missing });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(`KAFKA_SSL_CERT: cannot read ${missing} (ENOENT)`);
    expect(attempt).toThrow(`KAFKA_SSL_KEY: cannot read ${missing} (ENOENT)`);
  });
});
