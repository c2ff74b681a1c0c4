import { OUTCOME_UNKNOWN_CODE, OUTCOME_UNKNOWN_TITLE } from "@switchboard/proto";
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
      "1 sends Meta accepted and reported read that did not end at read",
      "1 status changes that went backwards",
      "1 business webhooks never delivered",
      "1 accepted messages analytics did not count",
      "1 difference between analytics' rollups and its counted messages",
      "2 records left in dead-letter topics",
    ]);
    expect(verdict.passed).toBe(false);
  });

  describe("a send whose answer from Meta was lost", () => {
    const outcomeUnknown = JSON.stringify([{ code: OUTCOME_UNKNOWN_CODE, title: OUTCOME_UNKNOWN_TITLE }]);
    const metaFailure = '[{"code":131026,"title":"Message undeliverable"}]';
    const change = (previousStatus: string, status: string, errorsJson = "") => ({
      messageId: "wamid.out1",
      previousStatus,
      status,
      errorsJson,
    });

    it("counts the move from the provisional failure to Meta's status as a correction, not a regression", () => {
      const verdict = auditVerdict(
        evidence({
          statusChanges: [
            change("accepted", "failed", outcomeUnknown),
            change("failed", "sent"),
            change("failed", "sent"),
            change("sent", "read"),
          ],
        }),
      );
      expect(verdict).toMatchObject({ outcomeUnknownCorrected: 1, statusRegressions: 0, sendsFailed: 0 });
      expect(verdict.failures).toEqual([]);
    });

    it("fails a send Meta accepted and reported that ended failed", () => {
      const verdict = auditVerdict(
        evidence({
          stored: [
            { messageId: "wamid.in0", direction: "inbound", marker: "audit-in:0", status: "" },
            { messageId: "wamid.out1", direction: "outbound", marker: "audit-out:1", status: "failed" },
          ],
          statusChanges: [change("accepted", "failed", outcomeUnknown)],
        }),
      );
      expect(verdict).toMatchObject({ sendsFailed: 1, metaAcceptedNotRead: 1, outcomeUnknownCorrected: 0 });
      expect(verdict.failures).toEqual(["1 sends Meta accepted and reported read that did not end at read"]);
    });

    it("takes a failure that Meta never accepted the send for as final", () => {
      const verdict = auditVerdict(
        evidence({
          stored: [
            { messageId: "wamid.in0", direction: "inbound", marker: "audit-in:0", status: "" },
            { messageId: "wamid.out1", direction: "outbound", marker: "audit-out:1", status: "failed" },
          ],
          metaAccepted: new Map([["audit-out:1", 0]]),
        }),
      );
      expect(verdict).toMatchObject({ sendsFailed: 1, metaAcceptedNotRead: 0, upstreamMissing: 1 });
      expect(verdict.upstreamMissingUnreported).toBe(0);
    });

    it("expects a failed webhook, not Meta's three, for a send Meta never took", () => {
      const neverSent = {
        stored: [
          { messageId: "wamid.in0", direction: "inbound", marker: "audit-in:0", status: "" },
          { messageId: "wamid.out1", direction: "outbound", marker: "audit-out:1", status: "failed" },
        ],
        metaAccepted: new Map([["audit-out:1", 0]]),
      };
      const told = auditVerdict(evidence({ ...neverSent, webhookStatuses: new Map([["wamid.out1 failed", 1]]) }));
      expect(told).toMatchObject({ webhooksExpected: 2, webhooksMissing: 0, passed: true });
      const notTold = auditVerdict(evidence({ ...neverSent, webhookStatuses: new Map() }));
      expect(notTold.failures).toEqual(["1 business webhooks never delivered"]);
      expect(notTold.examples).toEqual({ webhooksMissing: ["wamid.out1 failed"] });
    });

    it("fails a send Meta never took that the business was not told failed, and names it", () => {
      const verdict = auditVerdict(
        evidence({
          stored: [
            { messageId: "wamid.in0", direction: "inbound", marker: "audit-in:0", status: "" },
            { messageId: "wamid.out1", direction: "outbound", marker: "audit-out:1", status: "accepted" },
          ],
          metaAccepted: new Map(),
          webhookStatuses: new Map(),
        }),
      );
      expect(verdict.failures).toEqual([
        "1 accepted sends that never reached Meta and were not reported failed",
        "1 sends whose stored status is not final (read or failed)",
        "1 business webhooks never delivered",
      ]);
      expect(verdict.examples).toMatchObject({
        upstreamMissingUnreported: ["wamid.out1 accepted"],
        statusesNotFinal: ["wamid.out1 accepted"],
      });
    });

    it("still counts a move out of a real failure, or a provisional failure after Meta's report, as backwards", () => {
      const regressions = (statusChanges: ReturnType<typeof change>[]) =>
        auditVerdict(evidence({ statusChanges })).statusRegressions;
      expect(regressions([change("accepted", "failed", metaFailure), change("failed", "delivered")])).toBe(1);
      // Without the errors nothing tells the failure was the provisional one.
      expect(regressions([change("accepted", "failed"), change("failed", "delivered")])).toBe(1);
      expect(regressions([change("accepted", "sent"), change("sent", "failed", outcomeUnknown)])).toBe(1);
      expect(regressions([change("accepted", "failed", outcomeUnknown), change("failed", "failed", metaFailure)])).toBe(
        0,
      );
    });
  });
});
