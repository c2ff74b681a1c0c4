// Factories for stored records (threads, messages), with overrides last, and the seeding of a
// conversation store through its own batch write, the only way records get into it.
import type { MessageRecord, ThreadRecord } from "../../src/domain/records.ts";
import type { ThreadBatchStore } from "../../src/store/conversation-store.ts";
import { hostingState } from "./hosting-factories.ts";

/** Thread `n` of a tenant's number `pn-1`: ids sort in `n` order. */
export const threadRecord = (tenantId: string, n: number, overrides: Partial<ThreadRecord> = {}): ThreadRecord => ({
  tenantId,
  threadId: `th_${String(n).padStart(6, "0")}`,
  businessId: "biz-1",
  phoneNumberId: "pn-1",
  customerId: `c${n}`,
  customerWaId: `c${n}`,
  hosting: hostingState("cloud"),
  createdAtMs: 1_000,
  updatedAtMs: 1_000,
  lastInboundAtMs: 0,
  ...overrides,
});

export const messageRecord = (
  tenantId: string,
  threadId: string,
  messageId: string,
  overrides: Partial<MessageRecord> = {},
): MessageRecord => ({
  tenantId,
  threadId,
  messageId,
  direction: "inbound",
  type: "text",
  status: "",
  bodyJson: "{}",
  createdAtMs: 1_000,
  hosting: hostingState("cloud"),
  ...overrides,
});

const byTenant = <T extends { tenantId: string }>(records: readonly T[]) => {
  const groups = new Map<string, Omit<T, "tenantId">[]>();
  for (const { tenantId, ...rest } of records) groups.set(tenantId, [...(groups.get(tenantId) ?? []), rest]);
  return groups;
};

/** Stores threads (and no messages), each in its own tenant. */
export async function seedThreads(store: Pick<ThreadBatchStore, "writeBatch">, threads: readonly ThreadRecord[]) {
  for (const [tenantId, records] of byTenant(threads)) {
    const touches = records.map((insert) => ({
      insert,
      threadId: insert.threadId,
      updatedAtMs: insert.updatedAtMs,
      lastInboundAtMs: insert.lastInboundAtMs,
    }));
    await store.writeBatch({ tenantId }, { messages: [], threads: touches, changes: [] });
  }
}

/** Stores messages (and no threads), each in its own tenant. */
export async function seedMessages(store: Pick<ThreadBatchStore, "writeBatch">, messages: readonly MessageRecord[]) {
  for (const [tenantId, records] of byTenant(messages)) {
    await store.writeBatch({ tenantId }, { messages: records, threads: [], changes: [] });
  }
}
