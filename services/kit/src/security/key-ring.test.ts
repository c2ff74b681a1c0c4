import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/load-config.ts";
import { DEV_KEY_RING_SPEC, parseKeyRing, resolveKeyRing } from "./key-ring.ts";

const secret = (fill: string) => Buffer.alloc(32, fill).toString("base64");

describe("key ring", () => {
  it("signs with the first key and verifies with every listed one", () => {
    const ring = parseKeyRing(`new:${secret("n")}, old:${secret("o")}`);
    expect(ring.signing.kid).toBe("new");
    expect([...ring.verifying.keys()]).toEqual(["new", "old"]);
  });

  it("refuses short secrets, bad ids, duplicates and an empty list", () => {
    expect(() => parseKeyRing(`k:${Buffer.alloc(16).toString("base64")}`)).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`bad kid:${secret("a")}`)).toThrow(/kid/);
    expect(() => parseKeyRing(`k:${secret("a")},k:${secret("b")}`)).toThrow(/twice/);
    expect(() => parseKeyRing(" , ")).toThrow(/no key/);
  });

  it("falls back to the development key outside production only", () => {
    expect(resolveKeyRing("INTERNAL_AUTH_KEYS", "", "development")).toEqual(parseKeyRing(DEV_KEY_RING_SPEC));
    expect(() => resolveKeyRing("INTERNAL_AUTH_KEYS", "", "production")).toThrow(ConfigError);
    expect(() => resolveKeyRing("INTERNAL_AUTH_KEYS", "", "production")).toThrow(/INTERNAL_AUTH_KEYS/);
    expect(() => resolveKeyRing("INTERNAL_AUTH_KEYS", "nonsense", "production")).toThrow(/INTERNAL_AUTH_KEYS/);
  });
});
