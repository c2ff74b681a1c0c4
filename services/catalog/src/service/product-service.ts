// Product writes and reads over the product and stock chains. A product's fields and its stock
// are two chains, so a catalog edit never conflicts with the reservations of its orders. Writes
// are compare-and-set appends: `update` at a stale version fails with FAILED_PRECONDITION naming
// both versions; `upsert` and batches re-read and retry on a collision. Events go out after the
// append they describe, announced in the outbox first (announced-writes.ts): a crash in between
// delays the event until the republisher sends it, never loses or invents one.
import { AppError, type OutgoingEvent, type TenantScope } from "@switchboard/kit";
import { idBelongsTo, productIdOf } from "../domain/commerce-ids.ts";
import type { ProductInput, ProductKey, ProductState, ProductView } from "../domain/product.ts";
import { productItemIdOf } from "../domain/product-item-id.ts";
import { validateProduct } from "../domain/product-validation.ts";
import { type StockState, setStock } from "../domain/stock-ledger.ts";
import { inventoryEvents, productChanged } from "../events/catalog-events.ts";
import type { Versioned } from "../store/revision-chain.ts";
import { announcedWrites } from "./announced-writes.ts";
import { APPEND_ATTEMPTS, type CatalogPorts } from "./catalog-ports.ts";

export type WriteOutcome = "created" | "updated";

export interface BatchResult {
  retailerId: string;
  outcome: WriteOutcome | "failed";
  error: string;
  view?: ProductView;
}

/** The catalog's bound on one batch call (a feed import sends several). */
export const MAX_BATCH = 5_000;

const stateOf = (scope: TenantScope, input: ProductInput): ProductState => {
  const { availableQuantity: _ignored, ...fields } = input;
  return { ...fields, tenantId: scope.tenantId, businessId: scope.businessId, deleted: false };
};

const sameFields = (a: ProductState, b: ProductState) => JSON.stringify(a) === JSON.stringify(b);

export function viewOf(product: Versioned<ProductState>, stock: StockState | undefined): ProductView {
  return {
    ...product.state,
    version: product.version,
    availableQuantity: stock?.available ?? 0,
    reservedQuantity: stock?.reserved ?? 0,
  };
}

export function createProductService(ports: CatalogPorts) {
  const { products, stock } = ports;

  async function views(tips: readonly Versioned<ProductState>[]): Promise<ProductView[]> {
    const stocks = await stock.tips(tips.map((t) => t.id));
    return tips.map((t) => viewOf(t, stocks.get(t.id)?.state));
  }

  /**
   * Writes a batch: each input is created, or updated at `expected` (undefined: whatever the tip
   * is, retrying on collisions). Returns one result per input, in input order.
   */
  async function write(
    scope: TenantScope,
    inputs: readonly ProductInput[],
    expected?: number,
    options: { stock: boolean; views: boolean } = { stock: true, views: true },
  ): Promise<BatchResult[]> {
    const results = new Map<number, BatchResult>();
    const events: OutgoingEvent[] = [];
    const nowMs = ports.now();
    const writes = announcedWrites(ports, nowMs);
    let pending = inputs.map((input, index) => ({
      input,
      index,
      id: productIdOf(scope, input.catalogId, input.retailerId),
    }));
    for (let attempt = 0; attempt < APPEND_ATTEMPTS && pending.length > 0; attempt++) {
      const tips = await products.tips(pending.map((p) => p.id));
      const revisions: Versioned<ProductState>[] = [];
      const unchanged: typeof pending = [];
      for (const item of pending) {
        const tip = tips.get(item.id);
        const live = tip && !tip.state.deleted;
        // Creating (expected 0) over a deleted product continues its chain.
        const against = expected === 0 && tip?.state.deleted ? tip.version : expected;
        if (against !== undefined && (tip?.version ?? 0) !== against) {
          results.set(item.index, {
            retailerId: item.input.retailerId,
            outcome: "failed",
            error: staleMessage(tip?.version ?? 0, against, !!live),
          });
          continue;
        }
        const state = stateOf(scope, item.input);
        if (live && sameFields(tip.state, state)) unchanged.push(item);
        else revisions.push({ id: item.id, version: (tip?.version ?? 0) + 1, state });
      }
      // The item id mapping goes first: a crash after it maps to nothing, never leaves a product unmapped.
      const created = revisions.filter((r) => r.version === 1);
      if (created.length > 0)
        await ports.productItems.append(
          created.map((r) => ({ id: productItemIdOf(r.id), version: 1, state: { productId: r.id } })),
        );
      const conflicts = await writes.appendProducts(revisions);
      for (const r of revisions.filter((r) => !conflicts.has(r.id))) events.push(productChanged(r, nowMs));
      const settled = [
        ...unchanged,
        ...pending.filter((p) => revisions.some((r) => r.id === p.id && !conflicts.has(p.id))),
      ];
      for (const item of settled) {
        const tip = tips.get(item.id);
        const created = !tip || tip.state.deleted;
        results.set(item.index, {
          retailerId: item.input.retailerId,
          outcome: created ? "created" : "updated",
          error: "",
        });
      }
      if (expected !== undefined) {
        for (const item of pending.filter((p) => conflicts.has(p.id))) {
          results.set(item.index, {
            retailerId: item.input.retailerId,
            outcome: "failed",
            error: staleMessage(expected + 1, expected, true),
          });
        }
        pending = [];
      } else {
        pending = pending.filter((p) => conflicts.has(p.id));
      }
    }
    const written = inputs
      .map((input, index) => ({ input, index }))
      .filter(({ index }) => results.get(index)?.outcome !== "failed" && results.has(index));
    if (options.stock)
      await writeStock(
        scope,
        written.map((w) => w.input),
        events,
        writes,
        nowMs,
      );
    await writes.publish(events);
    if (!options.views) return inputs.map((input, index) => results.get(index) ?? tooBusy(input));
    const tips = await products.tips(written.map((w) => productIdOf(scope, w.input.catalogId, w.input.retailerId)));
    const finalViews = await views([...tips.values()]);
    const byId = new Map(finalViews.map((v) => [productIdOf(scope, v.catalogId, v.retailerId), v]));
    return inputs.map((input, index) => {
      const result = results.get(index) ?? tooBusy(input);
      const view = byId.get(productIdOf(scope, input.catalogId, input.retailerId));
      return result.outcome !== "failed" && view ? { ...result, view } : result;
    });
  }

  /** Sets each product's available quantity (feed and upsert semantics), on the stock chain. */
  async function writeStock(
    scope: TenantScope,
    inputs: readonly ProductInput[],
    events: OutgoingEvent[],
    writes: ReturnType<typeof announcedWrites>,
    nowMs: number,
  ) {
    let pending = inputs.map((input) => ({ input, id: productIdOf(scope, input.catalogId, input.retailerId) }));
    for (let attempt = 0; attempt < APPEND_ATTEMPTS && pending.length > 0; attempt++) {
      const tips = await stock.tips(pending.map((p) => p.id));
      const revisions: Versioned<StockState>[] = [];
      for (const { input, id } of pending) {
        const tip = tips.get(id);
        if (
          tip &&
          tip.state.available === input.availableQuantity &&
          tip.state.lowStockThreshold === input.lowStockThreshold
        )
          continue;
        const owner = {
          tenantId: scope.tenantId,
          businessId: scope.businessId,
          catalogId: input.catalogId,
          retailerId: input.retailerId,
        };
        revisions.push({
          id,
          version: (tip?.version ?? 0) + 1,
          state: setStock(tip?.state, owner, input.availableQuantity, input.lowStockThreshold),
        });
      }
      const conflicts = await writes.appendStock(revisions);
      for (const r of revisions.filter((r) => !conflicts.has(r.id)))
        events.push(...inventoryEvents(tips.get(r.id)?.state, r, nowMs));
      pending = pending.filter((p) => conflicts.has(p.id));
    }
    if (pending.length > 0) throw new AppError("unavailable", "inventory is changing concurrently; retry");
  }

  return {
    async get(scope: TenantScope, key: ProductKey): Promise<ProductView | undefined> {
      const tip = (await products.tips([productIdOf(scope, key.catalogId, key.retailerId)])).values().next().value;
      if (!tip || tip.state.deleted) return undefined;
      return (await views([tip]))[0];
    },

    /** A live product by its item id (Graph's product_item_id), only within `scope`. */
    async getByItemId(scope: TenantScope, itemId: string): Promise<ProductView | undefined> {
      const item = (await ports.productItems.tips([itemId])).get(itemId);
      if (!item || !idBelongsTo(item.state.productId, scope)) return undefined;
      const tip = (await products.tips([item.state.productId])).get(item.state.productId);
      if (!tip || tip.state.deleted) return undefined;
      return (await views([tip]))[0];
    },

    /** Live products by retailer id (unknown and deleted ones are absent). */
    async getMany(
      scope: TenantScope,
      catalogId: string,
      retailerIds: readonly string[],
    ): Promise<Map<string, ProductView>> {
      const tips = await products.tips(retailerIds.map((r) => productIdOf(scope, catalogId, r)));
      const live = [...tips.values()].filter((t) => !t.state.deleted);
      return new Map((await views(live)).map((v) => [v.retailerId, v]));
    },

    views,

    async create(scope: TenantScope, input: ProductInput): Promise<ProductView> {
      const [result] = await write(scope, [validateProduct(input)], 0);
      if (result?.outcome === "failed")
        throw new AppError(
          "already_exists",
          `product ${input.retailerId} already exists in catalog ${input.catalogId}`,
        );
      return requireView(result);
    },

    async update(scope: TenantScope, input: ProductInput, expectedVersion: number): Promise<ProductView> {
      if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 1)
        throw new AppError("invalid_argument", "expected_version must be >= 1");
      const current = await this.get(scope, input);
      if (!current) throw new AppError("not_found", "product not found");
      // Inventory is not an edit of the product: AdjustInventory or an upsert changes it.
      const [result] = await write(scope, [validateProduct(input)], expectedVersion, { stock: false, views: true });
      if (result?.outcome === "failed") throw new AppError("failed_precondition", result.error);
      return requireView(result);
    },

    async upsert(scope: TenantScope, input: ProductInput): Promise<{ view: ProductView; created: boolean }> {
      const [result] = await write(scope, [validateProduct(input)]);
      if (result?.outcome === "failed") throw new AppError("unavailable", result.error);
      return { view: requireView(result), created: result?.outcome === "created" };
    },

    /** Validates each product on its own: a bad row fails alone, the rest are written. */
    async batchUpsert(scope: TenantScope, inputs: readonly ProductInput[]): Promise<BatchResult[]> {
      if (inputs.length > MAX_BATCH) throw new AppError("invalid_argument", `at most ${MAX_BATCH} products per batch`);
      const checked = inputs.map((input) => {
        try {
          return { ok: true as const, input: validateProduct(input) };
        } catch (error) {
          if (error instanceof AppError)
            return { ok: false as const, retailerId: input.retailerId, error: error.message };
          throw error;
        }
      });
      const valid = checked.flatMap((c) => (c.ok ? [c.input] : []));
      const seen = new Set<string>();
      if (valid.some((v) => seen.size === seen.add(`${v.catalogId}/${v.retailerId}`).size)) {
        throw new AppError("invalid_argument", "a batch must not list the same retailer id twice");
      }
      const written = await write(scope, valid, undefined, { stock: true, views: false });
      let next = 0;
      return checked.map((c) =>
        c.ok ? (written[next++] as BatchResult) : { retailerId: c.retailerId, outcome: "failed", error: c.error },
      );
    },

    async remove(scope: TenantScope, key: ProductKey): Promise<boolean> {
      const id = productIdOf(scope, key.catalogId, key.retailerId);
      const nowMs = ports.now();
      const writes = announcedWrites(ports, nowMs);
      for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
        const tip = (await products.tips([id])).get(id);
        if (!tip || tip.state.deleted) return false;
        const revision = { id, version: tip.version + 1, state: { ...tip.state, deleted: true } };
        if (!(await writes.appendProducts([revision])).has(id)) {
          await writes.publish([productChanged(revision, nowMs)]);
          return true;
        }
      }
      throw new AppError("unavailable", "the product is changing concurrently; retry");
    },
  };
}

const tooBusy = (input: ProductInput): BatchResult => ({
  retailerId: input.retailerId,
  outcome: "failed",
  error: "too many concurrent writers; retry",
});

function staleMessage(actual: number, expected: number, exists: boolean): string {
  if (expected === 0) return "the product already exists";
  if (!exists) return "product not found";
  return `stale version: the product is at version ${actual}, the update was made against version ${expected}`;
}

function requireView(result: BatchResult | undefined): ProductView {
  if (!result?.view) throw new AppError("internal", "the written product could not be read back");
  return result.view;
}

export type ProductService = ReturnType<typeof createProductService>;
