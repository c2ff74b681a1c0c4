// Publishes the events that writers recorded an intent for and never confirmed (a crash or a
// failed publish between the append and the publish). Run at startup and then periodically; only
// intents older than a grace period are taken, so a live writer normally confirms its own first.
// Events are rebuilt from the stored revisions, with the ids and times the writer gave them, so a
// republished event is the same event: consumers that dedupe by id see each revision once. An
// intent whose revision does not exist publishes nothing: the writer died before appending, or is
// still about to append — so such an intent is kept until it is ABANDON_AFTER grace periods old.
import type { OutgoingEvent } from "@switchboard/kit";
import type { CatalogPorts } from "../service/catalog-ports.ts";
import type { OutboxEntry } from "../store/event-outbox.ts";
import { revisionIdOf } from "../store/mongo-revision-chain.ts";
import { inventoryEvents, productChanged } from "./catalog-events.ts";

const ENTRIES_PER_ROUND = 100;
const ABANDON_AFTER = 10;

export function createCatalogRepublisher(ports: CatalogPorts) {
  async function eventsOf(entries: readonly OutboxEntry[]): Promise<{ events: OutgoingEvent[]; missing: Set<string> }> {
    // Per entity in version order (intents of one millisecond have no order of their own), so a
    // consumer keyed by product sees @1 before @2, product fields before stock.
    const refs = entries
      .flatMap((e) => e.refs.map((ref) => ({ ...ref, atMs: e.atMs, entry: e.id })))
      .sort(
        (a, b) =>
          a.atMs - b.atMs || a.chain.localeCompare(b.chain) || a.id.localeCompare(b.id) || a.version - b.version,
      );
    const missing = new Set<string>();
    const productRefs = refs.filter((r) => r.chain === "products");
    const stockRefs = refs.filter((r) => r.chain === "stock");
    const previous = stockRefs.filter((r) => r.version > 1).map((r) => ({ id: r.id, version: r.version - 1 }));
    const [products, stock] = await Promise.all([
      ports.products.revisions(productRefs),
      ports.stock.revisions([...stockRefs, ...previous]),
    ]);
    const productAt = new Map(products.map((r) => [revisionIdOf(r.id, r.version), r]));
    const stockAt = new Map(stock.map((r) => [revisionIdOf(r.id, r.version), r]));
    const events = refs.flatMap((ref) => {
      const at = revisionIdOf(ref.id, ref.version);
      const revision = ref.chain === "products" ? productAt.get(at) : stockAt.get(at);
      if (!revision) {
        missing.add(ref.entry);
        return [];
      }
      if (ref.chain === "products") return [productChanged(revision as (typeof products)[number], ref.atMs)];
      const before = stockAt.get(revisionIdOf(ref.id, ref.version - 1));
      return inventoryEvents(before?.state, revision as (typeof stock)[number], ref.atMs);
    });
    return { events, missing };
  }

  return {
    /** Publishes every unconfirmed intent older than `graceMs`; returns the number of events sent. */
    async republish(graceMs: number): Promise<number> {
      let sent = 0;
      for (;;) {
        const nowMs = ports.now();
        // "At least graceMs old": with 0, everything written up to this millisecond.
        const entries = await ports.outbox.olderThan(nowMs - graceMs + 1, ENTRIES_PER_ROUND);
        if (entries.length === 0) return sent;
        const { events, missing } = await eventsOf(entries);
        await ports.bus.publish(events);
        const abandonBefore = nowMs - ABANDON_AFTER * Math.max(graceMs, 1_000);
        const done = entries.filter((e) => !missing.has(e.id) || e.atMs < abandonBefore);
        await ports.outbox.remove(done.map((e) => e.id));
        sent += events.length;
        // Kept intents would come back first in every round: stop and let the next run retry them.
        if (entries.length < ENTRIES_PER_ROUND || done.length < entries.length) return sent;
      }
    },
  };
}

export type CatalogRepublisher = ReturnType<typeof createCatalogRepublisher>;
