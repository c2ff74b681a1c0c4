// The audit's verdict, from what every party recorded: the driver (what ingress accepted), the
// store (what conversation stored, with each send's final status), Meta's ledger (what reached the
// customer, how often), the business's receiver (which webhooks arrived, how often), the status
// changes conversation published, analytics' counts and the dead-letter topics. Pure: it compares
// and counts, and must never query. Every failure is named with a number, never a guess.
// A send whose answer from Meta was lost is first reported `failed` with the platform's
// provisional "outcome unknown" (@switchboard/proto send-outcome.ts); Meta's own later reports
// then move it on. That move out of `failed` is a correction, counted apart, not a regression, and
// a send Meta accepted must end where Meta's reports end: `read`.
import { isOutcomeUnknown } from "@switchboard/proto";
import type { AuditFigures } from "../bench-results.ts";

/** One numbered message of the audit and what the platform answered for it. */
export interface AuditedMessage {
  marker: string;
  direction: "inbound" | "outbound";
  /** Inbound: the id Meta gave it; outbound: the id ingress answered (undefined if never accepted). */
  messageId: string | undefined;
  accepted: boolean;
}

export interface StoredAuditMessage {
  messageId: string;
  direction: string;
  /** The audit marker in its text, if any. */
  marker: string | undefined;
  status: string;
}

export interface StatusChange {
  messageId: string;
  previousStatus: string;
  status: string;
  /**
   * The change's errors array (JSON) when `status` is failed: tells the provisional "outcome
   * unknown" from a real failure. Without it, no move out of `failed` can be told a correction.
   */
  errorsJson?: string;
}

export interface AuditEvidence {
  messages: readonly AuditedMessage[];
  stored: readonly StoredAuditMessage[];
  /** Meta's ledger: accepted sends per marker. */
  metaAccepted: ReadonlyMap<string, number>;
  /** The receiver's counts: per inbound message id, and per `<message id> <status>`. */
  webhookMessages: ReadonlyMap<string, number>;
  webhookStatuses: ReadonlyMap<string, number>;
  statusChanges: readonly StatusChange[];
  /** Stored/counted audit of bench-results (auditMessages), over the accepted messages. */
  storedAndCounted: AuditFigures;
  /** Records left in each dead-letter topic. */
  deadLetters: ReadonlyMap<string, number>;
}

export interface AuditVerdict {
  messages: number;
  accepted: number;
  /** Numbered messages the platform never accepted, however often the client retried. */
  notAccepted: number;
  stored: number;
  storedTwice: number;
  lost: number;
  ghostSends: number;
  upstreamSends: number;
  upstreamDoubled: number;
  /**
   * Accepted sends Meta never took, each reported `failed` to the business (Meta refused it, or the
   * send's outcome was unknown after a crash: at most once means it is reported, never resent).
   */
  upstreamMissing: number;
  /** Accepted sends Meta never took that the platform did not report failed either: silent loss. */
  upstreamMissingUnreported: number;
  statusesNotFinal: number;
  /** Sends that ended `failed` (Meta's refusal, or an outcome the platform could not know). */
  sendsFailed: number;
  /** Sends Meta accepted (and reported up to read) whose stored status is not `read`. */
  metaAcceptedNotRead: number;
  /** Sends moved out of the provisional `failed` (outcome unknown) by Meta's own report: corrections. */
  outcomeUnknownCorrected: number;
  statusRegressions: number;
  webhooksExpected: number;
  webhooksDelivered: number;
  webhooksMissing: number;
  webhookDuplicates: number;
  analyticsNotCounted: number;
  analyticsDiff: number;
  deadLettered: number;
  failures: string[];
  /** Up to five message ids (or webhook keys) behind each failure, to start a search with. */
  examples: Record<string, string[]>;
  passed: boolean;
}

/** Status order of a business message; `failed` is final from any state. */
const RANK: Readonly<Record<string, number>> = { accepted: 0, sent: 1, delivered: 2, read: 3 };
/** Where every send must end: Meta reports each as read; `failed` is final too (an outcome the platform could not know, reported rather than resent). */
const FINAL_STATUSES = new Set(["read", "failed"]);

export function auditVerdict(evidence: AuditEvidence): AuditVerdict {
  const accepted = evidence.messages.filter((m) => m.accepted);
  const storedById = new Map<string, number>();
  for (const m of evidence.stored) storedById.set(m.messageId, (storedById.get(m.messageId) ?? 0) + 1);
  const storedOutboundByMarker = new Map<string, number>();
  for (const m of evidence.stored) {
    if (m.direction === "outbound" && m.marker) {
      storedOutboundByMarker.set(m.marker, (storedOutboundByMarker.get(m.marker) ?? 0) + 1);
    }
  }
  const statusOf = new Map(evidence.stored.map((m) => [m.messageId, m.status]));

  let stored = 0;
  let storedTwice = 0;
  let lost = 0;
  let statusesNotFinal = 0;
  let sendsFailed = 0;
  let metaAcceptedNotRead = 0;
  let upstreamMissing = 0;
  let upstreamMissingUnreported = 0;
  const examples: Record<string, string[]> = {};
  const example = (kind: string, id: string) => {
    const ids = examples[kind] ?? [];
    examples[kind] = ids;
    if (ids.length < 5) ids.push(id);
  };
  let webhooksExpected = 0;
  let webhooksDelivered = 0;
  let webhooksMissing = 0;
  let webhookDuplicates = 0;
  const seen = (map: ReadonlyMap<string, number>, key: string) => {
    webhooksExpected++;
    const times = map.get(key) ?? 0;
    if (times === 0) {
      webhooksMissing++;
      example("webhooksMissing", key);
    } else webhooksDelivered++;
    webhookDuplicates += Math.max(0, times - 1);
  };
  for (const m of accepted) {
    const id = m.messageId as string;
    const times = storedById.get(id) ?? 0;
    if (times === 0) {
      lost++;
      example("lost", id);
    } else stored++;
    if (times > 1) {
      storedTwice++;
      example("storedTwice", id);
    }
    if (m.direction === "inbound") {
      seen(evidence.webhookMessages, id);
      continue;
    }
    const finalStatus = statusOf.get(id) ?? "";
    if (!FINAL_STATUSES.has(finalStatus)) {
      statusesNotFinal++;
      example("statusesNotFinal", `${id} ${finalStatus || "(none)"}`);
    }
    if (finalStatus === "failed") sendsFailed++;
    if ((evidence.metaAccepted.get(m.marker) ?? 0) === 0) {
      // Never reached the customer: the business must have been told so, by a `failed` webhook.
      upstreamMissing++;
      if (finalStatus !== "failed") {
        upstreamMissingUnreported++;
        example("upstreamMissingUnreported", `${id} ${finalStatus || "(none)"}`);
      }
      seen(evidence.webhookStatuses, `${id} failed`);
      continue;
    }
    // The audit's Meta reports sent, delivered and read of every send it accepted.
    if (finalStatus !== "read") {
      metaAcceptedNotRead++;
      example("metaAcceptedNotRead", `${id} ${finalStatus || "(none)"}`);
    }
    for (const status of ["sent", "delivered", "read"]) seen(evidence.webhookStatuses, `${id} ${status}`);
  }
  // A send stored under a second id (a request answered with an error, then published anyway,
  // and retried by the client) is a ghost: the customer would get it twice.
  let ghostSends = 0;
  for (const times of storedOutboundByMarker.values()) ghostSends += Math.max(0, times - 1);
  let upstreamSends = 0;
  let upstreamDoubled = 0;
  for (const times of evidence.metaAccepted.values()) {
    upstreamSends += times;
    if (times > 1) upstreamDoubled++;
  }
  const { regressions: statusRegressions, corrected: outcomeUnknownCorrected } = judgeStatusChanges(
    evidence.statusChanges,
  );
  const deadLettered = [...evidence.deadLetters.values()].reduce((sum, n) => sum + n, 0);
  const analyticsNotCounted = evidence.storedAndCounted.notCounted;
  const analyticsDiff = Math.abs(evidence.storedAndCounted.rollupTotal - evidence.storedAndCounted.countedEvents);

  const notAccepted = evidence.messages.length - accepted.length;
  const failures = [
    [notAccepted, "messages never accepted (the client retried until its deadline, or got a 4xx)"],
    [lost, "accepted messages lost (not stored)"],
    [storedTwice, "messages stored more than once"],
    [ghostSends, "sends stored under a second id (ghost sends)"],
    [upstreamDoubled, "messages sent to Meta more than once"],
    [upstreamMissingUnreported, "accepted sends that never reached Meta and were not reported failed"],
    [statusesNotFinal, "sends whose stored status is not final (read or failed)"],
    [metaAcceptedNotRead, "sends Meta accepted and reported read that did not end at read"],
    [statusRegressions, "status changes that went backwards"],
    [webhooksMissing, "business webhooks never delivered"],
    [analyticsNotCounted, "accepted messages analytics did not count"],
    [analyticsDiff, "difference between analytics' rollups and its counted messages"],
    [deadLettered, "records left in dead-letter topics"],
  ]
    .filter(([count]) => (count as number) > 0)
    .map(([count, what]) => `${count} ${what}`);
  return {
    messages: evidence.messages.length,
    accepted: accepted.length,
    notAccepted,
    stored,
    storedTwice,
    lost,
    ghostSends,
    upstreamSends,
    upstreamDoubled,
    upstreamMissing,
    upstreamMissingUnreported,
    statusesNotFinal,
    sendsFailed,
    metaAcceptedNotRead,
    outcomeUnknownCorrected,
    statusRegressions,
    webhooksExpected,
    webhooksDelivered,
    webhooksMissing,
    webhookDuplicates,
    analyticsNotCounted,
    analyticsDiff,
    deadLettered,
    failures,
    examples,
    passed: failures.length === 0,
  };
}

/**
 * Walks the published changes in order (per message they are in order: one thread key, one
 * partition), each distinct move once: forward moves are fine; `failed` from anything but `failed` is fine, except the
 * provisional one, which may only follow `accepted` (it must never override what Meta reported);
 * a move out of `failed` is a correction when that failure was the provisional one, else a
 * regression.
 */
function judgeStatusChanges(changes: readonly StatusChange[]): { regressions: number; corrected: number } {
  const provisionalNow = new Set<string>();
  const correctedMessages = new Set<string>();
  const seen = new Set<string>();
  let regressions = 0;
  for (const c of changes) {
    // A change delivered again (a republish after a crash) is the same move, not a new one.
    const move = `${c.messageId} ${c.previousStatus}>${c.status}`;
    if (seen.has(move)) continue;
    seen.add(move);
    const provisional = c.status === "failed" && isOutcomeUnknown(c.errorsJson);
    if (c.previousStatus === "failed") {
      if (provisionalNow.has(c.messageId) && !provisional) correctedMessages.add(c.messageId);
      else regressions++;
    } else if (c.status === "failed") {
      if (provisional && c.previousStatus !== "accepted") regressions++;
    } else {
      const from = RANK[c.previousStatus];
      const to = RANK[c.status];
      if (from === undefined || to === undefined || to <= from) regressions++;
    }
    if (provisional) provisionalNow.add(c.messageId);
    else provisionalNow.delete(c.messageId);
  }
  return { regressions, corrected: correctedMessages.size };
}
