// Plans one tenant's share of a consumed batch of thread events in memory, in offset order:
// which messages are new, how each thread moves, which stored messages change, and which events
// go out. It reads nothing but what the caller loaded (plus the privacy checks), so a batch costs
// the same few store round trips whatever its size. The rules are the per-event ones: a stored
// message's first decision wins; statuses only move forward (a provisional "outcome unknown"
// failure gives way to Meta's report: domain/status-transition.ts); one event per effective change.
import { type BatchRejection, type OutgoingEvent, PermanentEventError, type ReceivedEvent } from "@switchboard/kit";
import { isOutcomeUnknown } from "@switchboard/proto";
import type {
  InboundMessageReceived,
  MessageStatusReceived,
  OutboundMessageAccepted,
  ThreadRef,
} from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { hostingStateFrom } from "../domain/hosting-state.ts";
import type { HostingState, MessageRecord, ThreadRecord } from "../domain/records.ts";
import { maySend, reengagementErrorsJson } from "../domain/service-window.ts";
import { advances, isReportedStatus } from "../domain/status-transition.ts";
import type { PrivacyHooks } from "../privacy/privacy-hooks.ts";
import type { MessageBatchWrite, MessageChange, ThreadTouch } from "../store/message-batch-write.ts";
import { readyToSendEvent, statusChangedEvent } from "./outbox-events.ts";

interface Item<K extends string, T> {
  kind: K;
  event: ReceivedEvent<T>;
  ref: ThreadRef;
  /** Canonical (alias-resolved) thread id. */
  threadId: string;
}

export type ThreadEventItem =
  | Item<"inbound", InboundMessageReceived>
  | Item<"accepted", OutboundMessageAccepted>
  | Item<"status", MessageStatusReceived>;

/** A thread a message of this batch landed in: what its initial notice needs. */
export interface TouchedThread {
  ref: ThreadRef;
  threadId: string;
  hosting: HostingState;
  /** The time of the batch's first message in the thread: the notice's time if it is missing. */
  firstAtMs: number;
  /** Not in the store before this batch. */
  isNew: boolean;
}

export interface BatchPlan {
  write: MessageBatchWrite;
  /** In the order of the events that caused them; published before anything is written. */
  events: OutgoingEvent[];
  rejected: BatchRejection[];
  touched: TouchedThread[];
}

interface ThreadState extends TouchedThread, ThreadTouch {
  /** The window's reference point: stored, then moved by this batch's inbound messages. */
  windowFromMs: number;
}

interface MessageState {
  record: MessageRecord;
  isNew: boolean;
  /** For stored messages: the status read, which the conditional write expects. */
  storedStatus: string;
  set: MessageChange["set"];
}

export async function planThreadBatch(
  tenantId: string,
  items: readonly ThreadEventItem[],
  stored: { threads: ReadonlyMap<string, ThreadRecord>; messages: ReadonlyMap<string, MessageRecord> },
  privacy: PrivacyHooks,
): Promise<BatchPlan> {
  const threads = new Map<string, ThreadState>();
  const messages = new Map<string, MessageState>();
  const events: OutgoingEvent[] = [];
  const rejected: BatchRejection[] = [];

  const messageOf = (messageId: string): MessageState | undefined => {
    let state = messages.get(messageId);
    const found = stored.messages.get(messageId);
    if (!state && found) {
      state = { record: { ...found }, isNew: false, storedStatus: found.status, set: {} };
      messages.set(messageId, state);
    }
    return state;
  };
  const change = (state: MessageState, set: MessageChange["set"]) => {
    Object.assign(state.record, set);
    if (!state.isNew) Object.assign(state.set, set);
  };
  const touch = (item: ThreadEventItem, atMs: number, inbound: boolean, hosting: HostingState): ThreadState => {
    let state = threads.get(item.threadId);
    if (!state) {
      const found = stored.threads.get(item.threadId);
      state = {
        ref: item.ref,
        threadId: item.threadId,
        hosting,
        firstAtMs: atMs,
        isNew: found === undefined,
        updatedAtMs: atMs,
        lastInboundAtMs: 0,
        windowFromMs: found?.lastInboundAtMs ?? 0,
        ...(found
          ? {}
          : {
              insert: {
                threadId: item.threadId,
                businessId: item.ref.businessId,
                phoneNumberId: item.ref.phoneNumberId,
                customerId: item.ref.customerId,
                customerWaId: item.ref.customerWaId,
                hosting,
                createdAtMs: atMs,
                updatedAtMs: atMs,
                lastInboundAtMs: 0,
              },
            }),
      };
      threads.set(item.threadId, state);
    }
    state.updatedAtMs = Math.max(state.updatedAtMs, atMs);
    if (inbound) {
      state.lastInboundAtMs = Math.max(state.lastInboundAtMs, atMs);
      state.windowFromMs = Math.max(state.windowFromMs, atMs);
    }
    if (state.insert) {
      state.insert.updatedAtMs = state.updatedAtMs;
      state.insert.lastInboundAtMs = state.lastInboundAtMs;
    }
    return state;
  };

  for (const item of items) {
    const scope = { tenantId, businessId: item.ref.businessId };
    if (item.kind === "inbound") {
      const data = item.event.data;
      const hosting = hostingStateFrom(data.hosting);
      touch(item, data.receivedAtMs, true, hosting);
      if (!messageOf(data.messageId)) {
        const record: MessageRecord = {
          tenantId,
          threadId: item.threadId,
          messageId: data.messageId,
          direction: "inbound",
          type: data.type,
          status: "",
          bodyJson: data.messageJson,
          createdAtMs: data.receivedAtMs,
          hosting,
          ...(data.referredProduct ? { referredProduct: { ...data.referredProduct } } : {}),
        };
        messages.set(data.messageId, { record, isNew: true, storedStatus: "", set: {} });
      }
      // A STOP keyword opts the customer out of marketing templates (src/privacy), before any
      // later send of this batch is checked.
      await privacy.inboundStored(scope, item.threadId, data);
    } else if (item.kind === "accepted") {
      const data = item.event.data;
      const hosting = hostingStateFrom(data.hosting);
      const thread = touch(item, data.acceptedAtMs, false, hosting);
      let state = messageOf(data.messageId);
      if (!state) {
        // Decided at the event's own time, not the consumer's clock, so a lagging consumer
        // decides what a prompt one would have.
        const inWindow = maySend(data.type, thread.windowFromMs, data.acceptedAtMs);
        const blocked = inWindow ? await privacy.outboundBlock(scope, item.threadId, data) : undefined;
        const allowed = inWindow && blocked === undefined;
        const record: MessageRecord = {
          tenantId,
          threadId: item.threadId,
          messageId: data.messageId,
          direction: "outbound",
          type: data.type,
          bodyJson: data.bodyJson,
          createdAtMs: data.acceptedAtMs,
          hosting,
          bizOpaqueCallbackData: data.bizOpaqueCallbackData,
          statusAtMs: data.acceptedAtMs,
          ...(allowed
            ? { status: "accepted" }
            : { status: "failed", previousStatus: "accepted", errorsJson: blocked ?? reengagementErrorsJson() }),
        };
        state = { record, isNew: true, storedStatus: "", set: {} };
        messages.set(data.messageId, state);
      }
      // The stored (or just made) decision, and whichever of its events is still owed.
      const { record } = state;
      if (record.status === "failed" && record.publishedStatus !== "failed") {
        events.push(statusChangedEvent(item.ref, record, item.event.traceHeaders));
        change(state, { publishedStatus: "failed" });
      } else if (record.status !== "failed" && !record.readyPublished) {
        events.push(readyToSendEvent(item.ref, data, item.event.traceHeaders));
        change(state, { readyPublished: true });
      }
    } else {
      const { status, statusAtMs, errorsJson, messageId } = item.event.data;
      // Meta's `deleted` and anything unknown has no place in the order: acknowledged, ignored.
      if (!isReportedStatus(status)) continue;
      const state = messageOf(messageId);
      if (state?.record.direction !== "outbound") {
        // Never stored, and never will be: a status reaches us after its message's accepted event on
        // the same thread key, so an unknown id is one ingress could not translate (Meta's id of a
        // send whose answer was lost and whose callback data was too long to carry our id) or a
        // message sent elsewhere or erased. Parked at once: retrying it alone would hold the
        // partition for seconds per status.
        rejected.push({
          event: item.event,
          error: new PermanentEventError(`status ${status} for an unknown outbound message`),
        });
        continue;
      }
      const { record } = state;
      // The platform's "outcome unknown" is provisional: Meta's own report supersedes it.
      const provisional = {
        stored: record.status === "failed" && isOutcomeUnknown(record.errorsJson),
        reported: status === "failed" && isOutcomeUnknown(errorsJson),
      };
      if (advances(record.status, status, provisional)) {
        change(state, {
          previousStatus: record.status,
          status,
          statusAtMs,
          // Leaving a failure behind leaves its errors behind too.
          ...(status === "failed" ? { errorsJson } : provisional.stored ? { errorsJson: "" } : {}),
        });
      } else if (record.status !== status || record.publishedStatus === status) {
        continue; // a duplicate or a move backwards: nothing changes, nothing is published
      }
      // Moved now, or moved by an attempt that crashed before its event went out.
      events.push(statusChangedEvent(item.ref, record, item.event.traceHeaders));
      change(state, { publishedStatus: status });
    }
  }

  const states = [...messages.values()];
  return {
    write: {
      messages: states.filter((s) => s.isNew).map(({ record: { tenantId: _, ...rest } }) => rest),
      threads: [...threads.values()].map(({ threadId, updatedAtMs, lastInboundAtMs, insert }) => ({
        threadId,
        updatedAtMs,
        lastInboundAtMs,
        ...(insert ? { insert } : {}),
      })),
      changes: states
        .filter((s) => !s.isNew && Object.keys(s.set).length > 0)
        .map((s) => ({ messageId: s.record.messageId, expectedStatus: s.storedStatus, set: s.set })),
    },
    events,
    rejected,
    touched: [...threads.values()].map(({ ref, threadId, hosting, firstAtMs, isNew }) => ({
      ref,
      threadId,
      hosting,
      firstAtMs,
      isNew,
    })),
  };
}
