import { describe, expect, it } from "vitest";
import type { AuditFigures, BacklogDrainFigures } from "./bench-results.ts";
import { auditVerdict } from "./report-markdown.ts";

const audit = (failures: string[]): AuditFigures => ({
  benchInbound: 10,
  benchOutbound: 10,
  notStored: failures.length > 0 ? 3 : 0,
  storedTwice: 0,
  notCounted: 0,
  countedTwice: 0,
  storedSystem: 5,
  storedReplies: 1,
  storedUnexpected: 0,
  rollupTotal: 18,
  countedEvents: 18,
  threads: 5,
  missingExamples: [],
  failures,
  lossFree: failures.length === 0,
});
const drain = (drained: boolean): BacklogDrainFigures => ({
  startLag: {},
  drained,
  seconds: 600,
  stored: 0,
  counted: 0,
  storedPerSecond: 0,
  countedPerSecond: 0,
  rejoins: 0,
});

describe("the audit verdict", () => {
  it("calls a gap after a full drain a loss, and one found mid-drain unsettled", () => {
    expect(auditVerdict({ audit: audit([]), backlogDrain: drain(false) })).toBe("Nothing lost");
    expect(auditVerdict({ audit: audit(["3 not stored"]), backlogDrain: drain(true) })).toBe("LOSS: 3 not stored");
    expect(auditVerdict({ audit: audit(["3 not stored"]), backlogDrain: drain(false) })).toBe(
      "NOT SETTLED (the backlog had not drained within 600 s): 3 not stored",
    );
  });
});
