// In-memory adapters of the catalog's store ports, for unit tests: a revision chain with the same
// compare-and-set semantics as the Mongo one (a taken version is reported, never overwritten),
// product queries over its heads, and stock markers. They hand out copies. Test support only.
import { decodeCursor, encodeCursor } from "@switchboard/kit";
import type { ProductState } from "../../src/domain/product.ts";
import type { CommerceRecords, CommerceSettings, ItemsBatchStatus } from "../../src/store/commerce-records.ts";
import { type EventOutbox, type OutboxEntry, outboxEntryId } from "../../src/store/event-outbox.ts";
import type { CatalogStores } from "../../src/store/mongo-catalog-stores.ts";
import type { ProductQueries } from "../../src/store/product-queries.ts";
import type { RevisionChain, Versioned } from "../../src/store/revision-chain.ts";
import type { StockMarkers } from "../../src/store/stock-markers.ts";

const copy = <T>(value: T): T => structuredClone(value);

export interface InMemoryChain<S> extends RevisionChain<S> {
  heads(): Versioned<S>[];
}

export function createInMemoryRevisionChain<S>(): InMemoryChain<S> {
  const revisions = new Map<string, Versioned<S>>();
  const tips = new Map<string, Versioned<S>>();
  return {
    async tips(ids) {
      const found = new Map<string, Versioned<S>>();
      for (const id of ids) {
        const tip = tips.get(id);
        if (tip) found.set(id, copy(tip));
      }
      return found;
    },
    async revisions(refs) {
      return refs.flatMap((r) => {
        const found = revisions.get(`${r.id}@${r.version}`);
        return found ? [copy(found)] : [];
      });
    },
    async append(items) {
      const conflicts = new Set<string>();
      for (const item of items) {
        const key = `${item.id}@${item.version}`;
        if (revisions.has(key)) {
          conflicts.add(item.id);
          continue;
        }
        revisions.set(key, copy(item));
        if ((tips.get(item.id)?.version ?? 0) < item.version) tips.set(item.id, copy(item));
      }
      return conflicts;
    },
    heads: () => [...tips.values()].map(copy),
  };
}

function productQueriesOver(chain: InMemoryChain<ProductState>): ProductQueries {
  const live = (tenantId: string, businessId: string, catalogId: string) =>
    chain
      .heads()
      .filter(
        (h) =>
          h.state.tenantId === tenantId &&
          h.state.businessId === businessId &&
          h.state.catalogId === catalogId &&
          !h.state.deleted,
      )
      .sort((a, b) => (a.state.retailerId < b.state.retailerId ? -1 : 1));
  return {
    async list(scope, filter, page) {
      const after = decodeCursor(page.cursor, ["string"])?.[0];
      const items = live(scope.tenantId, scope.businessId, filter.catalogId)
        .filter((h) => after === undefined || h.state.retailerId > String(after))
        .filter((h) => !filter.availability || h.state.availability === filter.availability)
        .filter((h) => !filter.brand || h.state.brand === filter.brand)
        .filter((h) => !filter.category || h.state.category === filter.category)
        .slice(0, page.limit);
      const last = items.length === page.limit ? items.at(-1) : undefined;
      return { items, nextCursor: last ? encodeCursor([last.state.retailerId]) : "" };
    },
    async search(scope, catalogId, prefix, limit) {
      const lower = prefix.toLowerCase();
      return live(scope.tenantId, scope.businessId, catalogId)
        .filter((h) => h.state.retailerId.startsWith(prefix) || h.state.name.toLowerCase().startsWith(lower))
        .slice(0, limit);
    },
  };
}

function createInMemoryStockMarkers(): StockMarkers {
  const markers = new Map<string, number>();
  return {
    async read(ids) {
      return new Map(ids.flatMap((id) => (markers.has(id) ? [[id, markers.get(id) as number] as const] : [])));
    },
    async write(entries) {
      for (const [id, units] of entries) if (!markers.has(id)) markers.set(id, units);
    },
  };
}

function createInMemoryCommerceRecords(): CommerceRecords {
  const batches = new Map<string, ItemsBatchStatus>();
  const settings = new Map<string, CommerceSettings>();
  const key = (scope: { tenantId: string; businessId: string }, id: string) =>
    JSON.stringify([scope.tenantId, scope.businessId, id]);
  return {
    async saveBatch(scope, handle, status) {
      batches.set(key(scope, handle), copy(status));
    },
    async batch(scope, handle) {
      const found = batches.get(key(scope, handle));
      return found ? copy(found) : undefined;
    },
    async settings(scope, phoneNumberId) {
      const found = settings.get(key(scope, phoneNumberId));
      return found ? copy(found) : undefined;
    },
    async saveSettings(scope, phoneNumberId, value) {
      settings.set(key(scope, phoneNumberId), copy(value));
    },
  };
}

export function createInMemoryEventOutbox(): EventOutbox {
  const entries = new Map<string, OutboxEntry>();
  return {
    async add(entry) {
      if (entries.has(entry.id)) throw new Error(`outbox entry ${entry.id} exists`);
      entries.set(entry.id, copy(entry));
    },
    async remove(ids) {
      for (const id of ids) entries.delete(id);
    },
    async olderThan(atMs, limit) {
      const bound = outboxEntryId(atMs, "");
      return [...entries.keys()]
        .filter((id) => id < bound)
        .sort()
        .slice(0, limit)
        .map((id) => copy(entries.get(id) as OutboxEntry));
    },
  };
}

export function createInMemoryCatalogStores(): CatalogStores {
  const products = createInMemoryRevisionChain<ProductState>();
  return {
    products,
    productItems: createInMemoryRevisionChain(),
    productQueries: productQueriesOver(products),
    stock: createInMemoryRevisionChain(),
    markers: createInMemoryStockMarkers(),
    orders: createInMemoryRevisionChain(),
    records: createInMemoryCommerceRecords(),
    outbox: createInMemoryEventOutbox(),
  };
}
