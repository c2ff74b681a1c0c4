import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import { idempotencyKeyOf, requestFingerprint } from "./idempotency-key.ts";

function codeOf(value: string | string[]): number | undefined {
  try {
    idempotencyKeyOf({ "idempotency-key": value });
    return undefined;
  } catch (error) {
    if (error instanceof GraphError) return error.code;
    throw error;
  }
}

describe("Idempotency-Key header", () => {
  it("is optional", () => {
    expect(idempotencyKeyOf({})).toBeUndefined();
  });

  it("keeps printable ASCII keys as opaque strings, operators and paths included", () => {
    for (const key of ["retry-1", '{"$ne":null}', "../../etc/passwd", "a".repeat(255)]) {
      expect(idempotencyKeyOf({ "idempotency-key": key })).toBe(key);
    }
  });

  it("refuses empty, too long, non-ASCII and control characters with error 100", () => {
    for (const key of ["", "a".repeat(256), "clé", "a\u0000b", "a\tb", "\u202Ekey"]) expect(codeOf(key)).toBe(100);
    expect(codeOf(["a", "b"])).toBe(100);
  });

  it("fingerprints the number and the body", () => {
    const body = { to: "1", text: { body: "hi" } };
    expect(requestFingerprint("p1", body)).toBe(requestFingerprint("p1", structuredClone(body)));
    expect(requestFingerprint("p1", body)).not.toBe(requestFingerprint("p2", body));
    expect(requestFingerprint("p1", body)).not.toBe(requestFingerprint("p1", { ...body, to: "2" }));
  });
});
