// The conversation consumer's hot path: one consumed batch of thread events (inbound messages,
// accepted sends, statuses) becomes a fixed, small number of store round trips per tenant:
//   read   aliases → threads + messages + initial-notice markers (one `_id $in` read each)
//   plan   in memory, in offset order (thread-batch-plan.ts)
//   publish every event the batch owes, in one produce call (deterministic ids)
//   write  messages (insertMany) → threads (insertMany + `$max`) → status changes (bulk)
//   mark   the initial-notice history entries, last
// Publishing before writing is what lets a new message be stored with its outbox markers already
// set (no marker update per message): a crash after the publish redoes the same plan from the
// same stored state and republishes the same ids, which consumers drop; a crash after the message
// insert finds the stored decisions. The tenant comes from the envelope (set by ingress after
// authenticating); a payload naming another tenant is rejected, never stored.
import type { BatchHandler, BatchRejection, EventBus, OutgoingEvent, ReceivedEvent } from "@switchboard/kit";
import { isEventOf } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  OutboundMessageAcceptedEvent,
} from "@switchboard/proto";
import { threadIdOf } from "../domain/thread-id.ts";
import type { InitialNotices } from "../hosting/initial-notice.ts";
import type { PrivacyHooks } from "../privacy/privacy-hooks.ts";
import type { ThreadBatchStore } from "../store/conversation-store.ts";
import { planThreadBatch, type ThreadEventItem } from "./thread-batch-plan.ts";
import { threadOf } from "./thread-scope.ts";

export const THREAD_BATCH_EVENTS = [
  InboundMessageReceivedEvent,
  OutboundMessageAcceptedEvent,
  MessageStatusReceivedEvent,
];

export interface ThreadBatchDeps {
  store: ThreadBatchStore;
  bus: Pick<EventBus, "publish">;
  notices: InitialNotices;
  privacy: PrivacyHooks;
}

type Parsed = Omit<ThreadEventItem, "threadId"> & { derivedThreadId: string };

export function threadBatchHandler(deps: ThreadBatchDeps): BatchHandler {
  return async (events) => {
    const rejected: BatchRejection[] = [];
    const byTenant = new Map<string, Parsed[]>();
    for (const event of events) {
      try {
        const parsed = parse(event);
        const list = byTenant.get(parsed.ref.tenantId);
        if (list) list.push(parsed);
        else byTenant.set(parsed.ref.tenantId, [parsed]);
      } catch (error) {
        rejected.push({ event, error });
      }
    }
    const privacy = deps.privacy.forBatch();
    const plans = await Promise.all(
      [...byTenant].map(async ([tenantId, parsed]) => {
        const scope = { tenantId };
        const canonical = await deps.store.resolveThreadIds(scope, [...new Set(parsed.map((p) => p.derivedThreadId))]);
        const items = parsed.map(
          ({ derivedThreadId, ...rest }) =>
            ({ ...rest, threadId: canonical.get(derivedThreadId) ?? derivedThreadId }) as ThreadEventItem,
        );
        const messageIds = items.map((i) => i.event.data.messageId);
        const [threads, messages] = await Promise.all([
          deps.store.getThreads(scope, [...new Set(items.map((i) => i.threadId))]),
          deps.store.getMessages(scope, messageIds),
        ]);
        const plan = await planThreadBatch(tenantId, items, { threads, messages }, privacy);
        const notices = await deps.notices.pending(scope, plan.touched);
        return { scope, plan, notices };
      }),
    );

    const outgoing: OutgoingEvent[] = plans.flatMap(({ plan, notices }) => [
      ...plan.events,
      ...notices.map((n) => n.event),
    ]);
    await deps.bus.publish(outgoing);
    await Promise.all(
      plans.map(async ({ scope, plan, notices }) => {
        await deps.store.writeBatch(scope, {
          ...plan.write,
          messages: [...plan.write.messages, ...notices.map(({ message: { tenantId: _, ...rest } }) => rest)],
        });
        await deps.notices.complete(scope, notices);
      }),
    );
    return [...rejected, ...plans.flatMap(({ plan }) => plan.rejected)];
  };
}

function parse(event: ReceivedEvent<unknown>): Parsed {
  if (isEventOf(InboundMessageReceivedEvent, event)) return parsedOf("inbound", event);
  if (isEventOf(OutboundMessageAcceptedEvent, event)) return parsedOf("accepted", event);
  if (isEventOf(MessageStatusReceivedEvent, event)) return parsedOf("status", event);
  throw new Error(`not a thread batch event: ${event.type}`);
}

function parsedOf<K extends ThreadEventItem["kind"], T extends Extract<ThreadEventItem, { kind: K }>["event"]["data"]>(
  kind: K,
  event: ReceivedEvent<T>,
): Parsed {
  const { ref } = threadOf(event);
  return {
    kind,
    event,
    ref,
    derivedThreadId: threadIdOf(ref.tenantId, ref.phoneNumberId, ref.customerId),
  } as Parsed;
}
