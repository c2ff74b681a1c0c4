import { describe, expect, it } from "vitest";
import type { AuditFigures } from "../bench-results.ts";
import { type AuditEvidence, auditVerdict } from "./audit-checks.ts";

const clean: AuditFigures = {
  benchInbound: 1,
  benchOutbound: 1,
  notStored: 0,
  storedTwice: 0,
  notCounted: 0,
  countedTwice: 0,
  storedSystem: 1,
  storedReplies: 0,
  storedUnexpected: 0,
  rollupTotal: 2,
  countedEvents: 2,
  threads: 1,
  missingExamples: [],
  failures: [],
  lossFree: true,
};

const evidence = (overrides: Partial<AuditEvidence> = {}): AuditEvidence => ({
  messages: [
    { marker: "audit-in:0", direction: "inbound", messageId: "wamid.in0", accepted: true },
    { marker: "audit-out:1", direction: "outbound", messageId: "wamid.out1", accepted: true },
  ],
  stored: [
    { messageId: "wamid.in0", direction: "inbound", marker: "audit-in:0", status: "" },
    { messageId: "wamid.out1", direction: "outbound", marker: "audit-out:1", status: "read" },
  ],
  metaAccepted: new Map([["audit-out:1", 1]]),
  webhookMessages: new Map([["wamid.in0", 1]]),
  webhookStatuses: new Map([
    ["wamid.out1 sent", 1],
    ["wamid.out1 delivered", 2],
    ["wamid.out1 read", 1],
  ]),
  statusChanges: [
    { messageId: "wamid.out1", previousStatus: "accepted", status: "sent" },
    { messageId: "wamid.out1", previousStatus: "sent", status: "read" },
  ],
  storedAndCounted: clean,
  deadLetters: new Map([["switchboard.thread-events.v1.dlq", 0]]),
  ...overrides,
});

describe("the audit's verdict", () => {
  it("passes a clean run and counts webhook duplicates without failing on them", () => {
    const verdict = auditVerdict(evidence());
    expect(verdict.failures).toEqual([]);
    expect(verdict).toMatchObject({ accepted: 2, stored: 2, webhooksExpected: 4, webhookDuplicates: 1, passed: true });
  });

  it("names each kind of failure with its count", () => {
    const verdict = auditVerdict(
      evidence({
        messages: [
          ...evidence().messages,
          { marker: "audit-in:2", direction: "inbound", messageId: undefined, accepted: false },
        ],
        stored: [
          { messageId: "wamid.out1", direction: "outbound", marker: "audit-out:1", status: "delivered" },
          { messageId: "wamid.ghost", direction: "outbound", marker: "audit-out:1", status: "read" },
        ],
        metaAccepted: new Map([["audit-out:1", 2]]),
        webhookMessages: new Map(),
        statusChanges: [{ messageId: "wamid.out1", previousStatus: "read", status: "delivered" }],
        storedAndCounted: { ...clean, notCounted: 1, rollupTotal: 3 },
        deadLetters: new Map([["switchboard.thread-events.v1.dlq", 2]]),
      }),
    );
    expect(verdict.failures).toEqual([
      "1 messages never accepted (the client retried until its deadline, or got a 4xx)",
      "1 accepted messages lost (not stored)",
      "1 sends stored under a second id (ghost sends)",
      "1 messages sent to Meta more than once",
      "1 sends whose stored status is not final (read or failed)",
      "1 status changes that went backwards",
      "1 business webhooks never delivered",
      "1 accepted messages analytics did not count",
      "1 difference between analytics' rollups and its counted messages",
      "2 records left in dead-letter topics",
    ]);
    expect(verdict.passed).toBe(false);
  });
});
