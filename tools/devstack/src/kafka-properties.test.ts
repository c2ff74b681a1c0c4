import { describe, expect, it } from "vitest";
import { newKafkaClusterId, renderLog4j2Properties, renderServerProperties } from "./kafka-properties.ts";

function parse(text: string): Map<string, string> {
  const entries = text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const at = line.indexOf("=");
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });
  return new Map(entries);
}

describe("renderServerProperties", () => {
  const props = parse(renderServerProperties({ port: 39092, controllerPort: 39093, logDir: "/tmp/k data" }));

  it("runs broker and controller in one loopback-only node", () => {
    expect(props.get("process.roles")).toBe("broker,controller");
    expect(props.get("listeners")).toBe("PLAINTEXT://127.0.0.1:39092,CONTROLLER://127.0.0.1:39093");
    expect(props.get("advertised.listeners")).toBe("PLAINTEXT://127.0.0.1:39092");
    expect(props.get("controller.quorum.bootstrap.servers")).toBe("127.0.0.1:39093");
    expect(props.get("controller.listener.names")).toBe("CONTROLLER");
  });

  it("fits internal topics to a single broker and creates topics on demand", () => {
    expect(props.get("offsets.topic.replication.factor")).toBe("1");
    expect(props.get("transaction.state.log.replication.factor")).toBe("1");
    expect(props.get("transaction.state.log.min.isr")).toBe("1");
    expect(props.get("group.initial.rebalance.delay.ms")).toBe("0");
    expect(props.get("auto.create.topics.enable")).toBe("true");
  });

  it("writes the data dir verbatim", () => {
    expect(props.get("log.dirs")).toBe("/tmp/k data");
  });
});

describe("renderLog4j2Properties", () => {
  it("logs to the console at WARN", () => {
    const props = parse(renderLog4j2Properties().replaceAll(" = ", "="));
    expect(props.get("rootLogger.level")).toBe("WARN");
    expect(props.get("appender.console.type")).toBe("Console");
  });
});

describe("newKafkaClusterId", () => {
  it("is 22 base64url characters", () => {
    expect(newKafkaClusterId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("never starts with a dash and never is the zero uuid", () => {
    const draws = [
      new Uint8Array(16),
      Uint8Array.from([0xfb, ...new Array<number>(15).fill(1)]),
      new Uint8Array(16).fill(7),
    ];
    const id = newKafkaClusterId(() => draws.shift() ?? new Uint8Array(16).fill(9));
    expect(id).toBe(Buffer.from(new Uint8Array(16).fill(7)).toString("base64url"));
  });
});
