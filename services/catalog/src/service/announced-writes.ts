// Appends whose events cannot be lost: before each append, the revisions it is about to write are
// recorded in the outbox; after the events are published, those records are removed. A crash (or
// a failed publish) in between leaves them for the republisher. The write path pays one insert per
// append and one delete per call, whatever the batch size. Event ids are deterministic per
// revision (`product:<id>@<v>`), so an event published both by the writer and, after a crash, by
// the republisher is one event to every consumer that dedupes by id.
import { randomUUID } from "node:crypto";
import type { OutgoingEvent } from "@switchboard/kit";
import type { ProductState } from "../domain/product.ts";
import type { StockState } from "../domain/stock-ledger.ts";
import { type OutboxChain, outboxEntryId } from "../store/event-outbox.ts";
import type { Versioned } from "../store/revision-chain.ts";
import type { CatalogPorts } from "./catalog-ports.ts";

export function announcedWrites(ports: Pick<CatalogPorts, "products" | "stock" | "outbox" | "bus">, atMs: number) {
  const intents: string[] = [];
  async function announce(chain: OutboxChain, revisions: readonly Versioned<unknown>[]) {
    if (revisions.length === 0) return;
    const id = outboxEntryId(atMs, randomUUID());
    await ports.outbox.add({ id, atMs, refs: revisions.map((r) => ({ chain, id: r.id, version: r.version })) });
    intents.push(id);
  }
  return {
    async appendProducts(revisions: readonly Versioned<ProductState>[]): Promise<Set<string>> {
      await announce("products", revisions);
      return ports.products.append(revisions);
    },
    async appendStock(revisions: readonly Versioned<StockState>[]): Promise<Set<string>> {
      await announce("stock", revisions);
      return ports.stock.append(revisions);
    },
    /** Publishes the events of the appends, then forgets their intents. */
    async publish(events: readonly OutgoingEvent[]): Promise<void> {
      await ports.bus.publish(events);
      if (intents.length > 0) await ports.outbox.remove(intents.splice(0));
    },
  };
}
