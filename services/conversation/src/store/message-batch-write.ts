// What one consumed batch of thread events writes to the conversation store (see
// thread-batch-plan.ts, which plans it, and ConversationStore.writeBatch, which applies it): new
// messages, thread creations and touches, and status changes conditional on the status read.
import type { TenantScope } from "@switchboard/kit";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";

/** The tenant alone: the consumer's batch reads and writes address documents by id within it. */
export type TenantOnly = Pick<TenantScope, "tenantId">;

/** A thread a batch touched: created with `insert` if new, otherwise its times moved forward. */
export interface ThreadTouch {
  /** The whole record for a thread the batch found missing. */
  insert?: Omit<ThreadRecord, "tenantId">;
  threadId: string;
  updatedAtMs: number;
  /** 0 when the batch had no inbound message for the thread. */
  lastInboundAtMs: number;
}

/** A stored message's change: applied only while its status is still `expectedStatus`. */
export interface MessageChange {
  messageId: string;
  expectedStatus: string;
  set: Partial<
    Pick<
      MessageRecord,
      "status" | "previousStatus" | "statusAtMs" | "errorsJson" | "publishedStatus" | "readyPublished"
    >
  >;
}

/** Everything one consumed batch writes, in the order the adapter must apply it. */
export interface MessageBatchWrite {
  /** New messages (with their outbox markers already set: their events went out first). */
  messages: readonly Omit<MessageRecord, "tenantId">[];
  threads: readonly ThreadTouch[];
  changes: readonly MessageChange[];
}

export class ConcurrentChangeError extends Error {
  override readonly name = "ConcurrentChangeError";
}
