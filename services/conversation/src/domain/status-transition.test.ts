import { describe, expect, it } from "vitest";
import { advances, isReportedStatus, type ReportedStatus } from "./status-transition.ts";

/** Applies reports in order the way the store does: a report that does not advance is ignored. */
const replay = (reports: ReportedStatus[]) =>
  reports.reduce(
    (state, next) => (advances(state.status, next) ? { status: next, changes: [...state.changes, next] } : state),
    { status: "accepted" as string, changes: [] as string[] },
  );

describe("status transition", () => {
  it("moves forward through sent, delivered, read", () => {
    expect(replay(["sent", "delivered", "read"])).toEqual({
      status: "read",
      changes: ["sent", "delivered", "read"],
    });
  });

  it("ignores duplicates", () => {
    expect(replay(["sent", "sent", "delivered", "delivered"]).changes).toEqual(["sent", "delivered"]);
  });

  it("never moves backwards when reports arrive out of order", () => {
    expect(replay(["delivered", "sent"])).toEqual({ status: "delivered", changes: ["delivered"] });
    // read implies delivered: a late delivered changes nothing.
    expect(replay(["read", "delivered", "sent"])).toEqual({ status: "read", changes: ["read"] });
  });

  it("keeps failed terminal", () => {
    expect(replay(["sent", "failed", "delivered", "read", "sent"])).toEqual({
      status: "failed",
      changes: ["sent", "failed"],
    });
    expect(advances("failed", "failed")).toBe(false);
  });

  it("treats a failure reported after a read receipt as stale", () => {
    expect(replay(["read", "failed"]).status).toBe("read");
  });

  it("knows which reported statuses can move a message", () => {
    expect(["sent", "delivered", "read", "failed"].every(isReportedStatus)).toBe(true);
    expect(isReportedStatus("deleted")).toBe(false);
    expect(isReportedStatus("accepted")).toBe(false);
    expect(isReportedStatus("constructor")).toBe(false);
  });
});
