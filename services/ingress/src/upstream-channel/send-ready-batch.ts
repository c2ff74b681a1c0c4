// One consumed batch of OutboundMessageReadyToSend, sent at most once per message with a constant
// number of store round trips per chunk of SEND_CHUNK messages (per tenant in it), in offset order:
//   1. record the chunk's send intents                                      (one insert; a read on repeats)
//   2. send the new ones through the channel: each thread's in order, threads side by side
//   3. record Meta's ids of those that left                                 (one insert, retried while the store is away)
//   4. publish the chunk's outcomes (`sent` / `failed`)                     (one produce)
// Redeliveries (see upstream-sender.ts for the at-most-once rules) are answered from the intent:
// `sent` again, or `failed` with "outcome unknown" once the earlier send's lease is over. While an
// earlier send may still be running, that thread stops there for this round: the messages after
// it keep their order, their fresh intents are released, and the batch is retried (transient).
import {
  AppError,
  type BatchRejection,
  checkThreadScope,
  isStoreUnavailable,
  type ReceivedEvent,
} from "@switchboard/kit";
import type { OutboundMessageReadyToSend } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import type { SendIntent, SentMessage } from "../upstream-ids/upstream-message-ids.ts";
import { statusEvent } from "./channel-events.ts";
import { outcomeUnknown, SEND_LEASE_MS } from "./send-once-rules.ts";
import { statusErrorsJson, type UpstreamChannel, type UpstreamMessage } from "./upstream-channel.ts";
import type { UpstreamSenderDeps } from "./upstream-sender.ts";

/** Threads whose sends run side by side in one batch (each thread's own sends stay in order). */
const SEND_LANES = 32;

/**
 * Messages whose intents are recorded together, right before they are sent: what a crash can
 * leave "outcome unknown" at most. Two round trips per chunk instead of two per message.
 */
export const SEND_CHUNK = 64;

interface Pending {
  event: ReceivedEvent<OutboundMessageReadyToSend>;
  message: UpstreamMessage;
}

type Outcome = Awaited<ReturnType<UpstreamChannel["send"]>>;

export async function sendReadyBatch(
  deps: UpstreamSenderDeps,
  events: readonly ReceivedEvent<OutboundMessageReadyToSend>[],
): Promise<BatchRejection[]> {
  const now = deps.now ?? Date.now;
  const rejections: BatchRejection[] = [];
  const work: Pending[] = [];
  for (const event of events) {
    const checked = checkThreadScope(event, event.data.thread);
    if (!checked.ok) {
      rejections.push({ event, error: checked.error });
      continue;
    }
    const { data } = event;
    work.push({
      event,
      message: {
        thread: checked.thread,
        messageId: data.messageId,
        type: data.type,
        bodyJson: data.bodyJson,
        bizOpaqueCallbackData: data.bizOpaqueCallbackData,
        hosting: data.hosting,
      },
    });
  }
  /** The intents of the chunk being sent, per tenant (recorded right before its sends). */
  let intents = new Map<string, Map<string, SendIntent>>();

  const statuses: ReturnType<typeof statusEvent>[] = [];
  const sent = new Map<string, SentMessage[]>();
  const followUps: (() => void)[] = [];
  /** Fresh intents of messages not sent this round (their thread waits): released before the retry. */
  const deferred = new Map<string, string[]>();
  let waiting = false;
  let failure: unknown;
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.set(key, [...(map.get(key) ?? []), value]);

  /** A message seen twice in one batch (a producer retry) is sent once; the copy reports the same. */
  const firstOutcome = new Map<string, "sent" | "other">();
  /** Threads that stopped this round (an earlier send still open, or a channel fault): later chunks keep them stopped. */
  const blockedThreads = new Set<string>();
  const sendThread = async (key: string, thread: readonly Pending[]) => {
    let blocked = blockedThreads.has(key);
    for (const { message } of thread) {
      const { tenantId } = message.thread;
      const intent = intents.get(tenantId)?.get(message.messageId) ?? { kind: "new" as const };
      const seen = firstOutcome.get(`${tenantId}|${message.messageId}`);
      if (seen !== undefined) {
        if (seen === "sent") statuses.push(statusEvent(message, "sent", now()));
        continue;
      }
      firstOutcome.set(`${tenantId}|${message.messageId}`, "other");
      if (blocked) {
        if (intent.kind === "new") push(deferred, tenantId, message.messageId);
        continue;
      }
      if (intent.kind === "sent") {
        // Redelivered after it left: report `sent` again (same event id), never send twice.
        firstOutcome.set(`${tenantId}|${message.messageId}`, "sent");
        statuses.push(statusEvent(message, "sent", now()));
        continue;
      }
      if (intent.kind === "pending") {
        if (now() - intent.sinceMs < SEND_LEASE_MS) {
          // The first send may still be running (a rebalance mid-send): this thread waits for it.
          waiting = true;
          blocked = true;
          blockedThreads.add(key);
          continue;
        }
        deps.logger.error({ messageId: message.messageId }, "send interrupted earlier; outcome unknown, not resent");
        statuses.push(statusEvent(message, "failed", now(), statusErrorsJson(outcomeUnknown)));
        continue;
      }
      let result: Outcome;
      try {
        result = await deps.channel.send(message);
      } catch (error) {
        // A channel throws only before it posts (credentials, media lookups): nothing left, a
        // retry may send it — and the thread's later messages wait for it, in order.
        push(deferred, tenantId, message.messageId);
        failure ??= error;
        blocked = true;
        blockedThreads.add(key);
        continue;
      }
      if (result.ok) {
        firstOutcome.set(`${tenantId}|${message.messageId}`, "sent");
        push(sent, tenantId, { messageId: message.messageId, upstreamId: result.upstreamMessageId });
        statuses.push(statusEvent(message, "sent", now()));
        if (result.followUp) followUps.push(result.followUp);
      } else {
        deps.logger.warn(
          { messageId: message.messageId, code: result.failure.code, httpStatus: result.failure.httpStatus },
          "upstream refused a message",
        );
        statuses.push(statusEvent(message, "failed", now(), statusErrorsJson(result.failure)));
      }
    }
  };
  // Chunk by chunk, in offset order: intents are recorded right before their chunk's sends, so a
  // crash leaves at most one chunk's messages "outcome unknown", not a whole batch's.
  for (let start = 0; start < work.length; start += SEND_CHUNK) {
    const chunk = work.slice(start, start + SEND_CHUNK);
    const tenants = [...new Set(chunk.map((w) => w.message.thread.tenantId))];
    intents = new Map(
      await Promise.all(
        tenants.map(async (tenantId) => {
          const ids = chunk.filter((w) => w.message.thread.tenantId === tenantId).map((w) => w.message.messageId);
          return [tenantId, await deps.messageIds.recordSendIntents(tenantId, ids, now())] as const;
        }),
      ),
    );
    const byThread = new Map<string, Pending[]>();
    for (const w of chunk) push(byThread, w.event.key, w);
    const threads = [...byThread.entries()];
    await Promise.all(
      Array.from({ length: Math.min(SEND_LANES, threads.length) }, async () => {
        for (let next = threads.shift(); next; next = threads.shift()) await sendThread(next[0], next[1]);
      }),
    );
    // Meta accepted these: their ids must be stored, however long the store is away.
    await Promise.all([...sent].map(([tenantId, messages]) => rememberUntilStored(deps, tenantId, messages)));
    sent.clear();
    if (statuses.length > 0) await deps.bus.publish(statuses.splice(0));
    for (const followUp of followUps.splice(0)) followUp();
  }
  await Promise.all([...deferred].map(([tenantId, ids]) => deps.messageIds.releaseSendIntents(tenantId, ids)));
  if (failure !== undefined) throw failure;
  if (waiting) throw new AppError("unavailable", "an earlier send in this batch has no outcome yet");
  return rejections;
}

async function rememberUntilStored(
  deps: UpstreamSenderDeps,
  tenantId: string,
  messages: readonly SentMessage[],
): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let delay = 200; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await deps.messageIds.rememberSent(tenantId, messages);
      return;
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      deps.logger.warn({ err: error }, "recording Meta's ids after a send failed; retrying");
      await sleep(delay);
    }
  }
}
