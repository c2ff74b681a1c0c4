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

export interface ConversationStore {
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
