import { describe, expect, it } from "vitest";
import { emptyThread, stepThread, WINDOW_MS } from "./thread-state.ts";

describe("thread state", () => {
  it("opens a window per 24 h of inbound messages and measures the first reply to each wait", () => {
    const state = emptyThread("t|p|c", "t");
    let offset = 0;
    const step = (kind: "inbound" | "outbound", atMs: number) =>
      stepThread(state, { kind, atMs, offset: String(offset++) });
    expect(step("inbound", 1_000)).toEqual([{ kind: "window-opened", atMs: 1_000 }]);
    expect(step("inbound", 5_000)).toEqual([]);
    expect(step("outbound", 9_000)).toEqual([{ kind: "responded", responseMs: 8_000, awaitingSinceMs: 1_000 }]);
    expect(step("outbound", 10_000)).toEqual([]); // not a first response
    expect(step("inbound", 5_000)).toEqual([]); // a second copy of an earlier message: before the reply
    expect(step("outbound", 11_000)).toEqual([]);
    expect(step("inbound", 1_000 + WINDOW_MS)).toEqual([{ kind: "window-opened", atMs: 1_000 + WINDOW_MS }]);
  });

  it("does not apply an event at or below the offset it already applied", () => {
    const state = emptyThread("t|p|c", "t");
    expect(stepThread(state, { kind: "inbound", atMs: 1, offset: "7" })).toHaveLength(1);
    expect(stepThread(state, { kind: "inbound", atMs: WINDOW_MS * 2, offset: "7" })).toEqual([]);
    expect(stepThread(state, { kind: "outbound", atMs: 5, offset: "3" })).toEqual([]);
    expect(state).toEqual({ id: "t|p|c", tenantId: "t", windowStartMs: 1, awaitingSinceMs: 1, appliedOffset: "7" });
  });
});
