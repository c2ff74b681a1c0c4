import { createInMemoryEventBus, EventHandlers } from "@switchboard/kit";
import { SystemMessageAddedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { hostingChange, hostingState } from "../../test/support/hosting-factories.ts";
import { createInMemoryConversationStore } from "../../test/support/in-memory-conversation-store.ts";
import { createInMemoryHostingStore } from "../../test/support/in-memory-hosting-store.ts";
import { seedThreads, threadRecord } from "../../test/support/record-factories.ts";
import type { ThreadRecord } from "../domain/records.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { fanOutHostingChange } from "./hosting-fan-out.ts";
import { hostingNoticeText } from "./hosting-notice-text.ts";

const scope = { tenantId: "t1", businessId: "biz-1" };

async function setup(threads: number, more: ThreadRecord[] = []) {
  const seeded = [
    ...Array.from({ length: threads }, (_, i) => threadRecord("t1", i)),
    threadRecord("t2", 0), // same thread id and number, other tenant
    ...more,
  ];
  const hosting = createInMemoryHostingStore();
  const conversations = createInMemoryConversationStore();
  await seedThreads(conversations, seeded);
  const bus = createInMemoryEventBus();
  /** Every stored notice message, in every seeded thread of either tenant. */
  const notices = async () => {
    const pages = await Promise.all(
      seeded.map((t) =>
        conversations.listMessages(
          { tenantId: t.tenantId, businessId: "" },
          { threadId: t.threadId, limit: 100, cursor: "" },
        ),
      ),
    );
    return pages.flatMap((p) => p.items).filter((m) => m.direction === "system");
  };
  return { hosting, conversations, bus, notices };
}

const noticeIds = (bus: ReturnType<typeof createInMemoryEventBus>) =>
  bus.records.filter((r) => r.headers.ce_type === SystemMessageAddedEvent.type).map((r) => r.headers.ce_id);

describe("hosting change fan-out", () => {
  it("gives every thread of the number one entry and one notice, a page at a time", async () => {
    const { hosting, conversations, bus, notices } = await setup(23);
    const limits: number[] = [];
    const counting: ConversationStore = {
      ...conversations,
      threadsOfNumber: (s, q) => {
        limits.push(q.limit);
        return conversations.threadsOfNumber(s, q);
      },
    };
    const result = await fanOutHostingChange(
      { hosting, conversations: counting, bus, pageSize: 5 },
      scope,
      "pn-1",
      hostingChange(),
    );
    expect(result).toEqual({ threads: 23, pages: 5, finished: true });
    expect(Math.max(...limits)).toBe(5);
    expect(new Set(noticeIds(bus)).size).toBe(23);
    for (let i = 0; i < 23; i++) {
      const history = await hosting.historyOf(scope, threadRecord("t1", i).threadId);
      expect(history.map((h) => [h.changeId, h.to.hostingMode])).toEqual([["chg-1", "bsp"]]);
    }
    const texts = (await notices()).map((m) => JSON.parse(m.bodyJson).system.body);
    expect(new Set(texts)).toEqual(new Set([hostingNoticeText("bsp")]));
    // The other tenant's thread with the same id and number is untouched.
    expect(await hosting.historyOf({ tenantId: "t2", businessId: "" }, threadRecord("t2", 0).threadId)).toEqual([]);
  });

  it("resumes after a crash mid fan-out and stores and publishes nothing twice", async () => {
    const { hosting, conversations, bus, notices } = await setup(12);
    let publishes = 0;
    const crashing = {
      ...bus,
      publish: async (events: Parameters<typeof bus.publish>[0]) => {
        if (++publishes === 2) throw new Error("crash");
        await bus.publish(events);
      },
    };
    await expect(
      fanOutHostingChange({ hosting, conversations, bus: crashing, pageSize: 5 }, scope, "pn-1", hostingChange()),
    ).rejects.toThrow("crash");
    await fanOutHostingChange({ hosting, conversations, bus, pageSize: 5 }, scope, "pn-1", hostingChange());
    // The crashed page is re-published (same ids), pages before it are not.
    const ids = noticeIds(bus);
    expect(new Set(ids).size).toBe(12);
    expect(ids.length).toBe(12);
    expect(await notices()).toHaveLength(12);
    // A finished change delivered again does nothing.
    const again = await fanOutHostingChange(
      { hosting, conversations, bus, pageSize: 5 },
      scope,
      "pn-1",
      hostingChange(),
    );
    expect(again).toEqual({ threads: 0, pages: 0, finished: true });
    expect(noticeIds(bus).length).toBe(12);
  });

  it("stops between pages when out of time and resumes where it stopped", async () => {
    const { hosting, conversations, bus } = await setup(12);
    let pagesAllowed = 1;
    const first = await fanOutHostingChange(
      { hosting, conversations, bus, pageSize: 5, outOfTime: () => pagesAllowed-- <= 0 },
      scope,
      "pn-1",
      hostingChange(),
    );
    expect(first).toEqual({ threads: 5, pages: 1, finished: false });
    const rest = await fanOutHostingChange(
      { hosting, conversations, bus, pageSize: 5 },
      scope,
      "pn-1",
      hostingChange(),
    );
    expect(rest).toEqual({ threads: 7, pages: 2, finished: true });
    expect(new Set(noticeIds(bus)).size).toBe(12);
    expect(noticeIds(bus)).toHaveLength(12);
  });

  it("skips threads created after the change, which got the new state from their first message", async () => {
    const { hosting, conversations, bus } = await setup(0, [
      threadRecord("t1", 1, { createdAtMs: 9_000, updatedAtMs: 9_000, hosting: hostingState("bsp") }),
      threadRecord("t1", 2),
    ]);
    await fanOutHostingChange({ hosting, conversations, bus }, scope, "pn-1", hostingChange({ atMs: 5_000 }));
    expect(await hosting.historyOf(scope, threadRecord("t1", 1).threadId)).toEqual([]);
    expect(await hosting.historyOf(scope, threadRecord("t1", 2).threadId)).toHaveLength(1);
  });

  it("keeps the newest change current when an older one is replayed after it", async () => {
    const { hosting, conversations, bus } = await setup(1);
    const thread = threadRecord("t1", 0).threadId;
    await fanOutHostingChange(
      { hosting, conversations, bus },
      scope,
      "pn-1",
      hostingChange({ changeId: "new", atMs: 9_000, to: hostingState("on_premises") }),
    );
    await fanOutHostingChange(
      { hosting, conversations, bus },
      scope,
      "pn-1",
      hostingChange({ changeId: "old", atMs: 5_000 }),
    );
    expect((await hosting.historyOf(scope, thread)).map((h) => h.changeId)).toEqual(["old", "new"]);
    expect((await hosting.historyOf(scope, thread)).at(-1)?.to.hostingMode).toBe("on_premises");
  });

  it("publishes notices keyed by thread with the message id as event id", async () => {
    const { hosting, conversations, bus } = await setup(2);
    const seen: string[][] = [];
    await bus.subscribe({
      groupId: "g",
      handlers: new EventHandlers().on(SystemMessageAddedEvent, async (e) => {
        seen.push([e.id, e.data.messageId, e.key, e.data.text, e.data.hosting?.encryptionState ?? ""]);
      }),
    });
    await fanOutHostingChange(
      { hosting, conversations, bus },
      scope,
      "pn-1",
      hostingChange({ to: hostingState("on_premises") }),
    );
    expect(seen).toHaveLength(2);
    for (const [id, messageId, key, text, encryption] of seen) {
      expect(id).toBe(messageId);
      expect(key).toMatch(/^t1\/pn-1\/c[01]$/);
      expect(text).toBe(hostingNoticeText("on_premises"));
      expect(encryption).toBe("end_to_end");
    }
  });
});
