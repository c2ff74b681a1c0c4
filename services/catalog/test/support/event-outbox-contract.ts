// Behaviour every EventOutbox adapter must show, run against the in-memory one in unit tests and
// the Mongo one in the integration tests. Entries use times no other case uses. Test support only.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type EventOutbox, outboxEntryId } from "../../src/store/event-outbox.ts";

export function describeEventOutboxContract(adapter: string, makeOutbox: () => Promise<EventOutbox>): void {
  describe(`EventOutbox contract: ${adapter}`, () => {
    let outbox: EventOutbox;
    beforeAll(async () => {
      outbox = await makeOutbox();
    });
    const entry = (atMs: number) => ({
      id: outboxEntryId(atMs, randomUUID()),
      atMs,
      refs: [{ chain: "products" as const, id: `p-${randomUUID()}`, version: 1 }],
    });

    it("lists entries older than a time, oldest first, up to a limit, and forgets removed ones", async () => {
      const [a, b, c] = [entry(1_000), entry(2_000), entry(3_000)];
      for (const e of [c, a, b]) await outbox.add(e);
      expect(await outbox.olderThan(3_000, 10)).toEqual([a, b]);
      expect(await outbox.olderThan(3_001, 1)).toEqual([a]);
      await outbox.remove([a.id, c.id]);
      expect(await outbox.olderThan(10_000, 10)).toEqual([b]);
      await outbox.remove([b.id]);
      expect(await outbox.olderThan(10_000, 10)).toEqual([]);
    });

    it("orders by time across digit counts", async () => {
      const early = entry(999);
      const late = entry(1_000_000);
      await outbox.add(late);
      await outbox.add(early);
      expect((await outbox.olderThan(2_000_000, 10)).map((e) => e.id)).toEqual([early.id, late.id]);
      await outbox.remove([early.id, late.id]);
    });
  });
}
