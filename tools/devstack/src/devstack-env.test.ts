import { describe, expect, it } from "vitest";
import { parseDevstackEnv } from "./devstack-env.ts";

describe("parseDevstackEnv", () => {
  it("treats absent and blank variables as unset", () => {
    expect(parseDevstackEnv({ KAFKA_BROKERS: "  ", MONGODB_URI: "" })).toEqual({
      kafkaBrokers: null,
      mongodbUri: null,
      cacheRoot: null,
      javaHome: null,
      ferretdbPprof: null,
    });
  });

  it("accepts overrides", () => {
    const env = parseDevstackEnv({
      KAFKA_BROKERS: "kafka-1:9092,kafka-2:9092",
      MONGODB_URI: "mongodb://127.0.0.1:27017/",
      SWITCHBOARD_CACHE: "/var/cache/sb",
      JAVA_HOME: "/usr/lib/jvm/java-17",
      SWITCHBOARD_FERRETDB_PPROF: "127.0.0.1:36060",
    });
    expect(env.kafkaBrokers).toBe("kafka-1:9092,kafka-2:9092");
    expect(env.mongodbUri).toBe("mongodb://127.0.0.1:27017/");
    expect(env.cacheRoot).toBe("/var/cache/sb");
    expect(env.javaHome).toBe("/usr/lib/jvm/java-17");
    expect(env.ferretdbPprof).toBe("127.0.0.1:36060");
  });

  it("names the variable when SWITCHBOARD_FERRETDB_PPROF is malformed", () => {
    expect(() => parseDevstackEnv({ SWITCHBOARD_FERRETDB_PPROF: "localhost" })).toThrow(
      /SWITCHBOARD_FERRETDB_PPROF.*no port/,
    );
  });

  it("names the variable when KAFKA_BROKERS is malformed", () => {
    expect(() => parseDevstackEnv({ KAFKA_BROKERS: "localhost" })).toThrow(/KAFKA_BROKERS.*no port/);
    expect(() => parseDevstackEnv({ KAFKA_BROKERS: "a:9092,,b:9092" })).toThrow(/KAFKA_BROKERS.*empty entry/);
    expect(() => parseDevstackEnv({ KAFKA_BROKERS: "a:70000" })).toThrow(/KAFKA_BROKERS.*out of range/);
  });

  it("names the variable when MONGODB_URI is not a mongodb URI", () => {
    expect(() => parseDevstackEnv({ MONGODB_URI: "http://127.0.0.1:27017" })).toThrow(/MONGODB_URI/);
  });
});
