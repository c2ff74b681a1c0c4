import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import { graphIdOf, versionOf } from "../graph/graph-path.ts";
import { messageIdOf, threadIdOf } from "./read-path-ids.ts";

const refused = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof GraphError ? `${error.code}/${error.subcode}` : "other";
  }
  return "accepted";
};

describe("read path ids", () => {
  it("accepts the ids the platform issues", () => {
    expect(versionOf("v23.0", "1")).toBe("v23.0");
    expect(graphIdOf("100000000000001")).toBe("100000000000001");
    expect(threadIdOf(`th_${"ab12".repeat(8)}`)).toBe(`th_${"ab12".repeat(8)}`);
    expect(messageIdOf("wamid.HBgLMTY1MDU1NTAxMjMVAgASGBQzQUJD+/=_-")).toContain("wamid.");
    expect(messageIdOf(`sys.${"f".repeat(32)}`)).toContain("sys.");
  });

  it.each([
    ["version", () => versionOf("23.0", "1")],
    ["version", () => versionOf("v23", "1")],
    ["phone number", () => graphIdOf("12ab")],
    ["phone number", () => graphIdOf("1".repeat(21))],
    ["phone number", () => graphIdOf("")],
    ["thread", () => threadIdOf("th_XYZ")],
    ["thread", () => threadIdOf(`th_${"A".repeat(32)}`)],
    ["thread", () => threadIdOf(`${"a".repeat(32)}`)],
    ["thread", () => threadIdOf(`th_${"a".repeat(33)}`)],
    ["message", () => messageIdOf("wamid.")],
    ["message", () => messageIdOf("wamid.a..b")],
    ["message", () => messageIdOf("wamid.abc def")],
    ["message", () => messageIdOf(`wamid.${"a".repeat(251)}`)],
    ["message", () => messageIdOf("msg-1")],
    ["message", () => messageIdOf("sys.xyz")],
    ["message", () => messageIdOf('wamid.a"}')],
  ])("refuses a malformed %s id as an unknown object (100/33)", (_kind, run) => {
    expect(refused(run)).toBe("100/33");
  });
});
