// The ConversationStore port: the one owner of threads, messages and thread aliases. Every other
// part of the service (hosting fan-out, erasure, retention) asks it instead of touching those
// collections. Every method takes the tenant scope first: there is no way to ask for a thread or
// message without saying whose it is, and adapters put it in every filter.
import type { TenantScope } from "@switchboard/kit";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";
import type { MessageBatchWrite, TenantOnly } from "./message-batch-write.ts";

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

export interface ThreadRelink {
  /** The thread that keeps its id and history. */
  threadId: string;
  /** The id derived from the new customer id; from now on it resolves to `threadId`. */
  aliasThreadId: string;
  customerId: string;
  customerWaId: string;
  changedAtMs: number;
}

/** The part of a thread a hosting fan-out needs; never the whole record set of a number at once. */
export type ThreadOfNumber = Pick<
  ThreadRecord,
  "threadId" | "businessId" | "phoneNumberId" | "customerId" | "customerWaId" | "createdAtMs"
>;

/** The thread consumer's hot path: a few reads and one write per consumed batch. */
export interface ThreadBatchStore {
  /** The canonical thread id of each derived id (itself unless aliased), one read. */
  resolveThreadIds(scope: TenantOnly, threadIds: readonly string[]): Promise<Map<string, string>>;
  /** The live (not merged) threads among these ids. */
  getThreads(scope: TenantOnly, threadIds: readonly string[]): Promise<Map<string, ThreadRecord>>;
  /** The stored messages among these ids. */
  getMessages(scope: TenantOnly, messageIds: readonly string[]): Promise<Map<string, MessageRecord>>;
  /**
   * Inserts new messages (already stored ones are left as they are), creates or touches threads,
   * then applies message changes. Throws ConcurrentChangeError when a change found its message at
   * another status than expected (someone else moved it): re-read, retry.
   */
  writeBatch(scope: TenantOnly, batch: MessageBatchWrite): Promise<void>;
}

/** What the gRPC API reads. */
export interface ConversationReads {
  getThread(scope: TenantScope, threadId: string): Promise<ThreadRecord | undefined>;
  listThreads(scope: TenantScope, query: ThreadQuery): Promise<Page<ThreadRecord>>;
  listMessages(
    scope: TenantScope,
    query: { threadId: string; limit: number; cursor: string },
  ): Promise<Page<MessageRecord>>;
  getMessage(scope: TenantScope, messageId: string): Promise<MessageRecord | undefined>;
}

/** Customer identity changes: aliases from new identities to the thread that kept its id. */
export interface ThreadLinks {
  /** The id a derived thread id stands for: itself, unless an identity change aliased it. */
  resolveThreadId(scope: TenantScope, threadId: string): Promise<string>;
  /** Points the new customer's thread id at an existing thread and merges what it held. Idempotent. */
  relinkThread(scope: TenantScope, relink: ThreadRelink): Promise<void>;
  /** The ids aliased to a thread (their messages belong to it). */
  aliasesOf(scope: TenantScope, threadId: string): Promise<string[]>;
}

/** A hosting fan-out's walk over a number's threads. */
export interface NumberThreads {
  /** One page of a number's live threads in thread-id order, at most `limit` of them. */
  threadsOfNumber(
    scope: TenantScope,
    query: { phoneNumberId: string; afterThreadId: string; limit: number },
  ): Promise<ThreadOfNumber[]>;
}

/** Erasure and retention: bounded deletions, so no call ever deletes an unbounded set at once. */
export interface MessageErasure {
  countMessages(scope: TenantScope, threadIds: readonly string[]): Promise<number>;
  /** Deletes up to `limit` messages of the threads; returns how many it deleted. */
  deleteThreadMessages(scope: TenantScope, threadIds: readonly string[], limit: number): Promise<number>;
  deleteThreads(scope: TenantScope, threadIds: readonly string[]): Promise<void>;
  /** Deletes up to `limit` of the tenant's messages created before `cutoffMs`. */
  deleteMessagesBefore(scope: TenantScope, cutoffMs: number, limit: number): Promise<number>;
}

export interface ConversationStore
  extends ThreadBatchStore,
    ConversationReads,
    ThreadLinks,
    NumberThreads,
    MessageErasure {}
