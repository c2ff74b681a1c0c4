import { describe, expect, it } from "vitest";
import { advances, isReportedStatus, type Provisional, type ReportedStatus } from "./status-transition.ts";

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

  describe("the provisional failure (outcome unknown)", () => {
    /** Reports in order; `failed?` is the platform's provisional failure, plain `failed` Meta's. */
    const replayWith = (reports: (ReportedStatus | "failed?")[]) =>
      reports.reduce(
        (state, report) => {
          const next: ReportedStatus = report === "failed?" ? "failed" : report;
          const how: Provisional = { stored: state.provisional, reported: report === "failed?" };
          if (!advances(state.status, next, how)) return state;
          return { status: next, provisional: report === "failed?", changes: [...state.changes, report] };
        },
        { status: "accepted" as string, provisional: false, changes: [] as string[] },
      );

    it("is superseded by Meta's own report of the message, whatever it is", () => {
      expect(replayWith(["failed?", "sent", "delivered", "read"]).changes).toEqual([
        "failed?",
        "sent",
        "delivered",
        "read",
      ]);
      expect(replayWith(["failed?", "read", "delivered"]).changes).toEqual(["failed?", "read"]);
      expect(replayWith(["failed?", "failed"])).toMatchObject({ status: "failed", provisional: false });
      expect(advances("failed", "delivered", { stored: true })).toBe(true);
    });

    it("never overrides what Meta already reported, and is not repeated", () => {
      expect(replayWith(["sent", "failed?"]).changes).toEqual(["sent"]);
      expect(replayWith(["delivered", "failed?", "read"]).changes).toEqual(["delivered", "read"]);
      expect(replayWith(["failed?", "failed?"]).changes).toEqual(["failed?"]);
      expect(replayWith(["failed", "failed?", "read"]).changes).toEqual(["failed"]);
    });

    it("leaves every other failure terminal", () => {
      expect(replayWith(["failed", "sent", "delivered", "read", "failed"]).changes).toEqual(["failed"]);
      expect(advances("failed", "read")).toBe(false);
      expect(advances("failed", "failed", { reported: false, stored: false })).toBe(false);
    });
  });
});
