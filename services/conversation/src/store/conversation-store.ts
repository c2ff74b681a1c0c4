// The ConversationStore port. Every method takes the tenant scope first: there is no way to ask
// for a thread or message without saying whose it is, and adapters put it in every filter.
import type { TenantScope } from "@switchboard/kit";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";

export interface Page<T> {
  items: T[];
  nextCursor: string;
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
  listThreads(
    scope: TenantScope,
    query: { phoneNumberId: string; limit: number; cursor: string },
  ): Promise<Page<ThreadRecord>>;
  listMessages(
    scope: TenantScope,
    query: { threadId: string; limit: number; cursor: string },
  ): Promise<Page<MessageRecord>>;
}
