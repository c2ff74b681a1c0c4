import { describe, expect, it } from "vitest";
import {
  newKafkaClusterId,
  renderLog4j2Properties,
  renderServerProperties,
  scramFormatArgs,
} from "./kafka-properties.ts";

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

describe("renderServerProperties with extra listeners and properties", () => {
  const base = { port: 40001, controllerPort: 40002, logDir: "/tmp/k" };
  const secured = {
    ...base,
    extraListeners: [
      { name: "SECURE", port: 40003, protocol: "SASL_SSL" as const },
      { name: "MTLS", port: 40004, protocol: "SSL" as const },
    ],
    extraProperties: { "sasl.enabled.mechanisms": "SCRAM-SHA-512", "listener.name.mtls.ssl.client.auth": "required" },
  };

  it("adds each listener, advertises it and maps its protocol; PLAINTEXT stays first", () => {
    const props = parse(renderServerProperties(secured));
    expect(props.get("listeners")).toBe(
      "PLAINTEXT://127.0.0.1:40001,SECURE://127.0.0.1:40003,MTLS://127.0.0.1:40004,CONTROLLER://127.0.0.1:40002",
    );
    expect(props.get("advertised.listeners")).toBe(
      "PLAINTEXT://127.0.0.1:40001,SECURE://127.0.0.1:40003,MTLS://127.0.0.1:40004",
    );
    expect(props.get("listener.security.protocol.map")).toBe(
      "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SECURE:SASL_SSL,MTLS:SSL",
    );
  });

  it("appends the extra properties verbatim", () => {
    const props = parse(renderServerProperties(secured));
    expect(props.get("sasl.enabled.mechanisms")).toBe("SCRAM-SHA-512");
    expect(props.get("listener.name.mtls.ssl.client.auth")).toBe("required");
  });

  it("renders the dev stack's properties unchanged without extras", () => {
    expect(renderServerProperties({ ...base, extraListeners: [], extraProperties: {} })).toBe(
      renderServerProperties(base),
    );
  });

  it("refuses to override a generated property or to reuse a built-in listener name", () => {
    expect(() => renderServerProperties({ ...base, extraProperties: { listeners: "SSL://0.0.0.0:1" } })).toThrow(
      /listeners is generated/,
    );
    expect(() =>
      renderServerProperties({ ...base, extraListeners: [{ name: "CONTROLLER", port: 1, protocol: "SSL" }] }),
    ).toThrow(/CONTROLLER/);
    expect(() =>
      renderServerProperties({ ...base, extraListeners: [{ name: "secure", port: 1, protocol: "SSL" }] }),
    ).toThrow(/upper-case/);
  });

  it("refuses a property that would spill onto a second line", () => {
    expect(() => renderServerProperties({ ...base, extraProperties: { "a.b": "x\nlisteners=SSL://:1" } })).toThrow(
      /one line/,
    );
  });
});

describe("scramFormatArgs", () => {
  it("passes one --add-scram per user, in the format tool's syntax", () => {
    expect(
      scramFormatArgs([
        { mechanism: "SCRAM-SHA-512", name: "switchboard", password: "s3cret-x" },
        { mechanism: "SCRAM-SHA-256", name: "ops.user", password: "p_w" },
      ]),
    ).toEqual([
      "--add-scram",
      "SCRAM-SHA-512=[name=switchboard,password=s3cret-x]",
      "--add-scram",
      "SCRAM-SHA-256=[name=ops.user,password=p_w]",
    ]);
    expect(scramFormatArgs([])).toEqual([]);
  });

  it("refuses characters the syntax cannot carry", () => {
    expect(() => scramFormatArgs([{ mechanism: "SCRAM-SHA-512", name: "a", password: "x],y" }])).toThrow(
      /SCRAM user a/,
    );
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
