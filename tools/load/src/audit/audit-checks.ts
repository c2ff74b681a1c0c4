// The audit's verdict, from what every party recorded: the driver (what ingress accepted), the
// store (what conversation stored, with each send's final status), Meta's ledger (what reached the
// customer, how often), the business's receiver (which webhooks arrived, how often), the status
// changes conversation published, analytics' counts and the dead-letter topics. Pure: it compares
// and counts, and must never query. Every failure is named with a number, never a guess.
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
  upstreamMissing: number;
  statusesNotFinal: number;
  /** Sends that ended `failed` (Meta's refusal, or an outcome the platform could not know). */
  sendsFailed: number;
  statusRegressions: number;
  webhooksExpected: number;
  webhooksDelivered: number;
  webhooksMissing: number;
  webhookDuplicates: number;
  analyticsNotCounted: number;
  analyticsDiff: number;
  deadLettered: number;
  failures: string[];
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
  let upstreamMissing = 0;
  let webhooksExpected = 0;
  let webhooksDelivered = 0;
  let webhooksMissing = 0;
  let webhookDuplicates = 0;
  const seen = (map: ReadonlyMap<string, number>, key: string) => {
    webhooksExpected++;
    const times = map.get(key) ?? 0;
    if (times === 0) webhooksMissing++;
    else webhooksDelivered++;
    webhookDuplicates += Math.max(0, times - 1);
  };
  for (const m of accepted) {
    const id = m.messageId as string;
    const times = storedById.get(id) ?? 0;
    if (times === 0) lost++;
    else stored++;
    if (times > 1) storedTwice++;
    if (m.direction === "inbound") {
      seen(evidence.webhookMessages, id);
      continue;
    }
    const finalStatus = statusOf.get(id) ?? "";
    if (!FINAL_STATUSES.has(finalStatus)) statusesNotFinal++;
    if (finalStatus === "failed") sendsFailed++;
    if ((evidence.metaAccepted.get(m.marker) ?? 0) === 0) upstreamMissing++;
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
  const statusRegressions = evidence.statusChanges.filter((c) => {
    if (c.status === "failed") return c.previousStatus === "failed";
    const from = RANK[c.previousStatus];
    const to = RANK[c.status];
    return from === undefined || to === undefined || to <= from;
  }).length;
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
    [upstreamMissing, "accepted sends that never reached Meta"],
    [statusesNotFinal, "sends whose stored status is not final (read or failed)"],
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
    statusesNotFinal,
    sendsFailed,
    statusRegressions,
    webhooksExpected,
    webhooksDelivered,
    webhooksMissing,
    webhookDuplicates,
    analyticsNotCounted,
    analyticsDiff,
    deadLettered,
    failures,
    passed: failures.length === 0,
  };
}
