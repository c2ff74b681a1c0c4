import { describe, expect, it } from "vitest";
import { threadIdOf } from "./thread-id.ts";

describe("thread id", () => {
  it("is stable for the same participants and differs across tenants", () => {
    expect(threadIdOf("t1", "p1", "c1")).toBe(threadIdOf("t1", "p1", "c1"));
    expect(threadIdOf("t1", "p1", "c1")).not.toBe(threadIdOf("t2", "p1", "c1"));
    // The separator keeps ("ab","c") and ("a","bc") apart.
    expect(threadIdOf("t", "ab", "c")).not.toBe(threadIdOf("t", "a", "bc"));
  });
});
