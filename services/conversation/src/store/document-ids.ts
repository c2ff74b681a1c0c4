// Deterministic `_id`s for the conversation store's documents. Point reads and writes filter on
// `_id`: MongoDB serves that from its primary index, and FerretDB v1 (our dev store) can only use
// `_id` without scanning the collection — a filter on other fields costs a full scan per event.
// Tenant ids never contain "|" (see the kit's tenant-scope pattern), so the keys cannot collide
// across tenants.
export const threadDocId = (tenantId: string, threadId: string) => `${tenantId}|${threadId}`;
export const messageDocId = (tenantId: string, messageId: string) => `${tenantId}|${messageId}`;
export const aliasDocId = (tenantId: string, aliasThreadId: string) => `${tenantId}|alias|${aliasThreadId}`;
export const historyDocId = (tenantId: string, threadId: string, changeId: string) =>
  `${tenantId}|${threadId}|${changeId}`;
export const fanOutDocId = (tenantId: string, changeId: string) => `${tenantId}|${changeId}`;
export const numberHostingDocId = (tenantId: string, phoneNumberId: string) => `${tenantId}|number|${phoneNumberId}`;
