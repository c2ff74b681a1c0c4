// In-memory adapter of the TemplateStore for unit tests: the Mongo adapter's semantics (one record
// per tenant, business, name and language; listing in (name, language) order) without a server.
// Counts reads, so a test can tell a cached lookup from a store round trip.
import type { TemplateRecord, TemplateScope } from "../../src/templates/template-records.ts";
import { sortKeyOf, type TemplateFilter, type TemplateStore } from "../../src/templates/template-store.ts";

export interface InMemoryTemplateStore extends TemplateStore {
  reads: number;
}

const matches = (record: TemplateRecord, scope: TemplateScope, filter: TemplateFilter) =>
  record.tenantId === scope.tenantId &&
  record.businessId === scope.businessId &&
  (filter.name === undefined || record.name === filter.name) &&
  (filter.templateId === undefined || record.templateId === filter.templateId) &&
  (filter.language === undefined || record.language === filter.language) &&
  (filter.status === undefined || filter.status.includes(record.status)) &&
  (filter.category === undefined || filter.category.includes(record.category));

export function createInMemoryTemplateStore(): InMemoryTemplateStore {
  const records = new Map<string, TemplateRecord>();
  const idOf = (scope: TemplateScope, key: { name: string; language: string }) =>
    `${scope.tenantId}|${scope.businessId}|${sortKeyOf(key)}`;
  const store: InMemoryTemplateStore = {
    reads: 0,
    async create(scope, record) {
      const id = idOf(scope, record);
      if (records.has(id)) return false;
      records.set(id, structuredClone({ ...record, ...scope }));
      return true;
    },
    async get(scope, key) {
      store.reads += 1;
      const found = records.get(idOf(scope, key));
      return found && structuredClone(found);
    },
    async list(scope, filter, page) {
      store.reads += 1;
      const sorted = [...records.values()]
        .filter((record) => matches(record, scope, filter))
        .sort((a, b) => sortKeyOf(a).localeCompare(sortKeyOf(b)));
      const backwards = page.before !== "" && page.after === "";
      const inRange = sorted.filter(
        (r) => (page.after === "" || sortKeyOf(r) > page.after) && (page.before === "" || sortKeyOf(r) < page.before),
      );
      const ordered = backwards ? inRange.reverse() : inRange;
      const items = ordered.slice(0, page.limit).map((r) => structuredClone(r));
      return { items: backwards ? items.reverse() : items, more: ordered.length > page.limit };
    },
    async update(scope, key, change, nowMs) {
      const id = idOf(scope, key);
      const found = records.get(id);
      if (!found) return undefined;
      const updated = { ...found, ...change, updatedAtMs: nowMs };
      records.set(id, updated);
      return structuredClone(updated);
    },
    async remove(scope, filter) {
      const removed = [...records.entries()].filter(([, record]) => matches(record, scope, filter));
      for (const [id] of removed) records.delete(id);
      return removed.map(([, record]) => record);
    },
  };
  return store;
}
