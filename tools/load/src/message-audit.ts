// The Jepsen-style count at the end: every message ingress accepted from the bench must be stored
// by conversation exactly once and counted by analytics exactly once, and analytics' rollups must
// add up to its counted events. Also sorts what else was stored (system notices, the simulator's
// customer replies, messages the bench saw fail). Pure: it compares lists and must never query.
import type { AuditFigures } from "./bench-results.ts";
import type { CountedMessage } from "./counted-messages.ts";
import type { StoredMessage } from "./stored-messages.ts";

export interface AcceptedMessage {
  messageId: string;
  direction: "inbound" | "outbound";
  acceptedAtMs: number;
  /** Index of the rate step that sent it. */
  step: number;
}

export interface AuditInput {
  accepted: readonly AcceptedMessage[];
  stored: readonly StoredMessage[];
  counted: readonly CountedMessage[];
  rollupTotal: number;
  threads: number;
  /** Prefix of the inbound ids the bench generates (an inbound with it is never a reply). */
  benchInboundPrefix: string;
}

const tally = (keys: Iterable<string>) => {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
};

export function auditMessages(input: AuditInput): AuditFigures {
  const storedTimes = tally(input.stored.map((m) => m.messageId));
  const countedTimes = tally(input.counted.map((m) => `${m.direction}|${m.messageId}`));
  const bench = new Set(input.accepted.map((m) => m.messageId));
  let notStored = 0;
  let storedTwice = 0;
  let notCounted = 0;
  let countedTwice = 0;
  const missing: string[] = [];
  for (const m of input.accepted) {
    const stored = storedTimes.get(m.messageId) ?? 0;
    const counted = countedTimes.get(`${m.direction}|${m.messageId}`) ?? 0;
    if (stored === 0) notStored += 1;
    if (stored > 1) storedTwice += 1;
    if (counted === 0) notCounted += 1;
    if (counted > 1) countedTwice += 1;
    if ((stored !== 1 || counted !== 1) && missing.length < 5)
      missing.push(`${m.direction} ${m.messageId} (stored ${stored}×, counted ${counted}×)`);
  }
  let storedSystem = 0;
  let storedReplies = 0;
  let storedUnexpected = 0;
  for (const m of input.stored) {
    if (bench.has(m.messageId)) continue;
    if (m.direction === "system") storedSystem += 1;
    else if (m.direction === "inbound" && !m.messageId.startsWith(input.benchInboundPrefix)) storedReplies += 1;
    else storedUnexpected += 1;
  }
  const countedEvents = input.counted.length;
  const failures = [
    notStored > 0 ? `${notStored} accepted messages not stored` : "",
    storedTwice > 0 ? `${storedTwice} messages stored more than once` : "",
    notCounted > 0 ? `${notCounted} accepted messages not counted by analytics` : "",
    countedTwice > 0 ? `${countedTwice} messages counted more than once` : "",
    input.rollupTotal !== countedEvents
      ? `analytics rollups add up to ${input.rollupTotal} but it counted ${countedEvents} messages`
      : "",
  ].filter((failure) => failure !== "");
  return {
    benchInbound: input.accepted.filter((m) => m.direction === "inbound").length,
    benchOutbound: input.accepted.filter((m) => m.direction === "outbound").length,
    notStored,
    storedTwice,
    notCounted,
    countedTwice,
    storedSystem,
    storedReplies,
    storedUnexpected,
    rollupTotal: input.rollupTotal,
    countedEvents,
    threads: input.threads,
    missingExamples: missing,
    failures,
    lossFree: failures.length === 0,
  };
}

export interface TimelineEntry {
  atMs: number;
  /** The bench step of a bench message; undefined for replies and other platform-made messages. */
  step: number | undefined;
}

/** Everything stored except system notices, by accept time, for the FIFO pairing: the bench's own
 * messages by their 2xx time (lost ones included: they were accepted), the rest by creation time. */
export function acceptedTimeline(
  accepted: readonly AcceptedMessage[],
  stored: readonly StoredMessage[],
): TimelineEntry[] {
  const bench = new Set(accepted.map((m) => m.messageId));
  const others = stored
    .filter((m) => m.direction !== "system" && !bench.has(m.messageId))
    .map((m) => ({ atMs: m.createdAtMs, step: undefined }));
  const own = accepted.map((m) => ({ atMs: m.acceptedAtMs, step: m.step }));
  return [...own, ...others].sort((a, b) => a.atMs - b.atMs);
}
