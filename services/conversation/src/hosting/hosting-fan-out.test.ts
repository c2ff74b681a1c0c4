import { createInMemoryEventBus, EventHandlers } from "@switchboard/kit";
import { SystemMessageAddedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { fanOutHostingChange } from "./hosting-fan-out.ts";
import { hostingNoticeText } from "./hosting-notice-text.ts";
import type { HostingStore } from "./hosting-store.ts";
import { change, seeded, stateOf } from "./hosting-test-fixtures.ts";
import { createInMemoryHostingStore } from "./in-memory-hosting-store.ts";

const scope = { tenantId: "t1", businessId: "biz-1" };

function setup(threads: number) {
  const store = createInMemoryHostingStore();
  for (let i = 0; i < threads; i++) store.seedThread(seeded("t1", i));
  store.seedThread(seeded("t2", 0)); // same thread id and number, other tenant
  return { store, bus: createInMemoryEventBus() };
}

const noticeIds = (bus: ReturnType<typeof createInMemoryEventBus>) =>
  bus.records.filter((r) => r.headers.ce_type === SystemMessageAddedEvent.type).map((r) => r.headers.ce_id);

describe("hosting change fan-out", () => {
  it("gives every thread of the number one entry and one notice, a page at a time", async () => {
    const { store, bus } = setup(23);
    const limits: number[] = [];
    const counting: HostingStore = {
      ...store,
      threadsOfNumber: (s, q) => {
        limits.push(q.limit);
        return store.threadsOfNumber(s, q);
      },
    };
    const result = await fanOutHostingChange({ store: counting, bus, pageSize: 5 }, scope, "pn-1", change());
    expect(result).toEqual({ threads: 23, pages: 5, finished: true });
    expect(Math.max(...limits)).toBe(5);
    expect(new Set(noticeIds(bus)).size).toBe(23);
    for (let i = 0; i < 23; i++) {
      const history = await store.historyOf(scope, seeded("t1", i).threadId);
      expect(history.map((h) => [h.changeId, h.to.hostingMode])).toEqual([["chg-1", "bsp"]]);
    }
    const texts = [...store.messages.values()].map((m) => JSON.parse(m.bodyJson).system.body);
    expect(new Set(texts)).toEqual(new Set([hostingNoticeText("bsp")]));
    // The other tenant's thread with the same id and number is untouched.
    expect(await store.historyOf({ tenantId: "t2", businessId: "" }, seeded("t2", 0).threadId)).toEqual([]);
  });

  it("resumes after a crash mid fan-out and stores and publishes nothing twice", async () => {
    const { store, bus } = setup(12);
    let publishes = 0;
    const crashing = {
      ...bus,
      publish: async (events: Parameters<typeof bus.publish>[0]) => {
        if (++publishes === 2) throw new Error("crash");
        await bus.publish(events);
      },
    };
    await expect(fanOutHostingChange({ store, bus: crashing, pageSize: 5 }, scope, "pn-1", change())).rejects.toThrow(
      "crash",
    );
    await fanOutHostingChange({ store, bus, pageSize: 5 }, scope, "pn-1", change());
    // The crashed page is re-published (same ids), pages before it are not.
    const ids = noticeIds(bus);
    expect(new Set(ids).size).toBe(12);
    expect(ids.length).toBe(12);
    expect(store.messages.size).toBe(12);
    // A finished change delivered again does nothing.
    const again = await fanOutHostingChange({ store, bus, pageSize: 5 }, scope, "pn-1", change());
    expect(again).toEqual({ threads: 0, pages: 0, finished: true });
    expect(noticeIds(bus).length).toBe(12);
  });

  it("stops between pages when out of time and resumes where it stopped", async () => {
    const { store, bus } = setup(12);
    let pagesAllowed = 1;
    const first = await fanOutHostingChange(
      { store, bus, pageSize: 5, outOfTime: () => pagesAllowed-- <= 0 },
      scope,
      "pn-1",
      change(),
    );
    expect(first).toEqual({ threads: 5, pages: 1, finished: false });
    const rest = await fanOutHostingChange({ store, bus, pageSize: 5 }, scope, "pn-1", change());
    expect(rest).toEqual({ threads: 7, pages: 2, finished: true });
    expect(new Set(noticeIds(bus)).size).toBe(12);
    expect(noticeIds(bus)).toHaveLength(12);
  });

  it("skips threads created after the change, which got the new state from their first message", async () => {
    const { store, bus } = setup(0);
    store.seedThread(seeded("t1", 1, { createdAtMs: 9_000, hosting: stateOf("bsp") }));
    store.seedThread(seeded("t1", 2));
    await fanOutHostingChange({ store, bus }, scope, "pn-1", change({ atMs: 5_000 }));
    expect(await store.historyOf(scope, seeded("t1", 1).threadId)).toEqual([]);
    expect(await store.historyOf(scope, seeded("t1", 2).threadId)).toHaveLength(1);
  });

  it("keeps the newest change current when an older one is replayed after it", async () => {
    const { store, bus } = setup(1);
    const thread = seeded("t1", 0).threadId;
    await fanOutHostingChange(
      { store, bus },
      scope,
      "pn-1",
      change({ changeId: "new", atMs: 9_000, to: stateOf("on_premises") }),
    );
    await fanOutHostingChange({ store, bus }, scope, "pn-1", change({ changeId: "old", atMs: 5_000 }));
    expect((await store.historyOf(scope, thread)).map((h) => h.changeId)).toEqual(["old", "new"]);
    expect((await store.historyOf(scope, thread)).at(-1)?.to.hostingMode).toBe("on_premises");
  });

  it("publishes notices keyed by thread with the message id as event id", async () => {
    const { store, bus } = setup(2);
    const seen: string[][] = [];
    await bus.subscribe({
      groupId: "g",
      handlers: new EventHandlers().on(SystemMessageAddedEvent, async (e) => {
        seen.push([e.id, e.data.messageId, e.key, e.data.text, e.data.hosting?.encryptionState ?? ""]);
      }),
    });
    await fanOutHostingChange({ store, bus }, scope, "pn-1", change({ to: stateOf("on_premises") }));
    expect(seen).toHaveLength(2);
    for (const [id, messageId, key, text, encryption] of seen) {
      expect(id).toBe(messageId);
      expect(key).toMatch(/^t1\/pn-1\/c[01]$/);
      expect(text).toBe(hostingNoticeText("on_premises"));
      expect(encryption).toBe("end_to_end");
    }
  });
});
