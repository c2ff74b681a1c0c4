import { describe, expect, it } from "vitest";
import { unstorableKeyPath } from "./storable-keys.ts";

describe("unstorableKeyPath", () => {
  it("finds a $-prefixed or dotted key at any depth, with its path", () => {
    expect(unstorableKeyPath([{ type: "BODY", example: { $gt: "" } }], "components")).toBe("components[0].example.$gt");
    expect(unstorableKeyPath({ a: [{ b: { "c.d": 1 } }] }, "x")).toBe("x.a[0].b.c.d");
  });

  it("accepts keys MongoDB stores, and $ or dots inside values", () => {
    expect(unstorableKeyPath([{ type: "BODY", text: "$5 off. Today." }], "components")).toBeUndefined();
    expect(unstorableKeyPath("a.b", "x")).toBeUndefined();
  });
});
