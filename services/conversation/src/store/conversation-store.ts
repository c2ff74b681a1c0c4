// The ConversationStore port. Every method takes the tenant scope first: there is no way to ask
// for a thread or message without saying whose it is, and adapters put it in every filter.
import type { TenantScope } from "@switchboard/kit";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";
import type { ReportedStatus } from "../domain/status-transition.ts";

export interface Page<T> {
  items: T[];
  nextCursor: string;
}

/** Thread list filters; empty strings, 0 and undefined mean "any". */
export interface ThreadQuery {
  phoneNumberId: string;
  limit: number;
  cursor: string;
  hostingMode?: string;
  encryptionState?: string;
  /** Window open (true) or closed (false) as of `nowMs`. */
  window?: { open: boolean; nowMs: number };
  updatedSinceMs?: number;
}

/**
 * What a reported status did: `pending` when the message now has a status whose change event is
 * not published yet (just changed, or changed by an attempt that crashed before publishing);
 * `stale` for duplicates and reports that would move it backwards; `unknown` for no such message.
 */
export type StatusAdvance = { kind: "pending"; message: MessageRecord } | { kind: "stale" } | { kind: "unknown" };

export interface ThreadRelink {
  /** The thread that keeps its id and history. */
  threadId: string;
  /** The id derived from the new customer id; from now on it resolves to `threadId`. */
  aliasThreadId: string;
  customerId: string;
  customerWaId: string;
  changedAtMs: number;
}

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

export interface ConversationStore {
  /** Batch path: the canonical thread id of each derived id (itself unless aliased), one read. */
  resolveThreadIds(scope: TenantOnly, threadIds: readonly string[]): Promise<Map<string, string>>;
  /** Batch path: the live (not merged) threads among these ids. */
  getThreads(scope: TenantOnly, threadIds: readonly string[]): Promise<Map<string, ThreadRecord>>;
  /** Batch path: the stored messages among these ids. */
  getMessages(scope: TenantOnly, messageIds: readonly string[]): Promise<Map<string, MessageRecord>>;
  /**
   * Batch path: inserts new messages (already stored ones are left as they are), creates or
   * touches threads, then applies message changes. Throws ConcurrentChangeError when a change
   * found its message at another status than expected (someone else moved it): re-read, retry.
   */
  writeBatch(scope: TenantOnly, batch: MessageBatchWrite): Promise<void>;
  /**
   * Stores a message and creates or touches its thread. Idempotent: a redelivered message
   * changes nothing and reports `created: false`.
   */
  recordMessage(
    scope: TenantScope,
    thread: Omit<ThreadRecord, "tenantId" | "createdAtMs" | "updatedAtMs" | "lastInboundAtMs">,
    message: Omit<MessageRecord, "tenantId">,
  ): Promise<{ created: boolean }>;
  getThread(scope: TenantScope, threadId: string): Promise<ThreadRecord | undefined>;
  listThreads(scope: TenantScope, query: ThreadQuery): Promise<Page<ThreadRecord>>;
  listMessages(
    scope: TenantScope,
    query: { threadId: string; limit: number; cursor: string },
  ): Promise<Page<MessageRecord>>;
  getMessage(scope: TenantScope, messageId: string): Promise<MessageRecord | undefined>;
  /** The id a derived thread id stands for: itself, unless an identity change aliased it. */
  resolveThreadId(scope: TenantScope, threadId: string): Promise<string>;
  /**
   * Applies a reported status to an outbound message in one conditional update (the stored status
   * must be one of its predecessors), so concurrent or out-of-order reports stay monotonic.
   */
  advanceStatus(
    scope: TenantScope,
    messageId: string,
    change: { status: ReportedStatus; statusAtMs: number; errorsJson: string },
  ): Promise<StatusAdvance>;
  markStatusPublished(scope: TenantScope, messageId: string, status: string): Promise<void>;
  markReadyPublished(scope: TenantScope, messageId: string): Promise<void>;
  /** Points the new customer's thread id at an existing thread and merges what it held. Idempotent. */
  relinkThread(scope: TenantScope, relink: ThreadRelink): Promise<void>;
}
