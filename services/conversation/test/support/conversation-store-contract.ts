// Behaviour every ConversationStore adapter must show, written once and run against each adapter:
// the in-memory one in unit tests (src/store/conversation-store.test.ts), the Mongo one in the
// integration tests (test/store-contracts.int.test.ts). Each case works in tenants of its own, so
// cases never see each other's records even on a shared database.
import { randomUUID } from "node:crypto";
import type { TenantScope } from "@switchboard/kit";
import { beforeAll, describe, expect, it } from "vitest";
import { WINDOW_MS } from "../../src/domain/service-window.ts";
import type { ConversationStore } from "../../src/store/conversation-store.ts";
import { ConcurrentChangeError } from "../../src/store/message-batch-write.ts";
import { hostingState } from "./hosting-factories.ts";
import { messageRecord, seedMessages, seedThreads, threadRecord } from "./record-factories.ts";

const freshTenant = (businessId = ""): TenantScope => ({ tenantId: `t-${randomUUID()}`, businessId });
const NOW = 1_800_000_000_000;

export function describeConversationStoreContract(adapter: string, makeStore: () => Promise<ConversationStore>): void {
  describe(`ConversationStore contract: ${adapter}`, () => {
    let store: ConversationStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it("stores a batch's new messages once: a stored message keeps its first write", async () => {
      const scope = freshTenant();
      const first = messageRecord(scope.tenantId, "th_1", "m1", { bodyJson: '{"first":true}' });
      await seedMessages(store, [first]);
      await seedMessages(store, [
        { ...first, bodyJson: '{"first":false}' },
        messageRecord(scope.tenantId, "th_1", "m2"),
      ]);
      const found = await store.getMessages(scope, ["m1", "m2", "missing"]);
      expect([...found.keys()].sort()).toEqual(["m1", "m2"]);
      expect(found.get("m1")).toEqual(first);
      expect(await store.getMessage(scope, "m1")).toEqual(first);
      // The same ids in another tenant are other messages.
      expect((await store.getMessages(freshTenant(), ["m1"])).size).toBe(0);
      expect(await store.getMessage(freshTenant(), "m1")).toBeUndefined();
    });

    it("creates a thread once and only ever moves its times forward", async () => {
      const scope = freshTenant();
      const thread = threadRecord(scope.tenantId, 1, {
        createdAtMs: 1_000,
        updatedAtMs: 1_000,
        lastInboundAtMs: 1_000,
      });
      await seedThreads(store, [thread]);
      const { tenantId: _, ...insert } = { ...thread, hosting: hostingState("bsp"), createdAtMs: 9 };
      await store.writeBatch(scope, {
        messages: [],
        // An older touch, and a racing creation of the same thread: neither moves anything back.
        threads: [
          { threadId: thread.threadId, updatedAtMs: 500, lastInboundAtMs: 3_000 },
          { threadId: thread.threadId, updatedAtMs: 2_000, lastInboundAtMs: 0, insert },
        ],
        changes: [],
      });
      const found = await store.getThreads(scope, [thread.threadId, "th_missing"]);
      expect([...found.keys()]).toEqual([thread.threadId]);
      expect(found.get(thread.threadId)).toEqual({ ...thread, updatedAtMs: 2_000, lastInboundAtMs: 3_000 });
      expect(await store.getThread(scope, thread.threadId)).toEqual(found.get(thread.threadId));
      expect((await store.getThreads(freshTenant(), [thread.threadId])).size).toBe(0);
    });

    it("applies a change only while its message is at the expected status, and reports one that is not", async () => {
      const scope = freshTenant();
      const out = (id: string) =>
        messageRecord(scope.tenantId, "th_1", id, { direction: "outbound", status: "accepted", statusAtMs: 1 });
      await seedMessages(store, [out("m1"), out("m2")]);
      await store.writeBatch(scope, {
        messages: [],
        threads: [],
        changes: [{ messageId: "m1", expectedStatus: "accepted", set: { status: "sent", previousStatus: "accepted" } }],
      });
      expect(await store.getMessage(scope, "m1")).toMatchObject({ status: "sent", previousStatus: "accepted" });
      const racing = store.writeBatch(scope, {
        messages: [],
        threads: [],
        changes: [
          { messageId: "m1", expectedStatus: "accepted", set: { status: "failed" } },
          { messageId: "m2", expectedStatus: "accepted", set: { status: "delivered", publishedStatus: "delivered" } },
        ],
      });
      await expect(racing).rejects.toBeInstanceOf(ConcurrentChangeError);
      // The stale change is not applied; the one that still matched is.
      expect((await store.getMessage(scope, "m1"))?.status).toBe("sent");
      expect(await store.getMessage(scope, "m2")).toMatchObject({ status: "delivered", publishedStatus: "delivered" });
    });

    it("lists threads by number, hosting, window and update time, confined to the tenant", async () => {
      const scope = freshTenant();
      const other = freshTenant();
      const thread = (tenantId: string, threadId: string, atMs: number, inbound: boolean, over = {}) => ({
        ...threadRecord(tenantId, 0, { threadId, businessId: "b", phoneNumberId: "p1", ...over }),
        createdAtMs: atMs,
        updatedAtMs: atMs,
        lastInboundAtMs: inbound ? atMs : 0,
      });
      await seedThreads(store, [
        thread(scope.tenantId, "a", NOW - 1, true),
        thread(scope.tenantId, "b", NOW - WINDOW_MS, true, { hosting: hostingState("on_premises") }),
        thread(scope.tenantId, "c", NOW - 5, false, { phoneNumberId: "p2" }),
        thread(other.tenantId, "d", NOW, true),
      ]);
      const ids = async (q: Record<string, unknown>) =>
        (await store.listThreads(scope, { phoneNumberId: "", limit: 10, cursor: "", ...q })).items.map(
          (t) => t.threadId,
        );
      expect(await ids({})).toEqual(["a", "b", "c"]);
      expect(await ids({ phoneNumberId: "p2" })).toEqual(["c"]);
      expect(await ids({ hostingMode: "on_premises" })).toEqual(["b"]);
      expect(await ids({ encryptionState: "provider_accessible" })).toEqual(["a", "c"]);
      expect(await ids({ window: { open: true, nowMs: NOW } })).toEqual(["a"]);
      expect(await ids({ window: { open: false, nowMs: NOW } })).toEqual(["b", "c"]);
      expect(await ids({ updatedSinceMs: NOW - 5 })).toEqual(["a", "c"]);
    });

    it("pages threads and messages with cursors, within the tenant and the business", async () => {
      const scope = freshTenant("biz-1");
      await seedThreads(
        store,
        [3, 1, 5, 2, 4].map((n) => threadRecord(scope.tenantId, n)),
      );
      await seedThreads(store, [threadRecord(scope.tenantId, 6, { businessId: "biz-2" })]);
      const threadIds: string[] = [];
      let cursor = "";
      do {
        const page = await store.listThreads(scope, { phoneNumberId: "", limit: 2, cursor });
        threadIds.push(...page.items.map((t) => t.threadId));
        cursor = page.nextCursor;
      } while (cursor !== "" && threadIds.length < 10);
      expect(threadIds).toEqual([1, 2, 3, 4, 5].map((n) => threadRecord("", n).threadId));
      const ofBiz2 = threadRecord(scope.tenantId, 6).threadId;
      expect(await store.getThread(scope, ofBiz2)).toBeUndefined();
      expect(await store.getThread({ ...scope, businessId: "" }, ofBiz2)).toMatchObject({ businessId: "biz-2" });

      const threadId = threadRecord("", 1).threadId;
      await seedMessages(store, [
        messageRecord(scope.tenantId, threadId, "m-b", { createdAtMs: 20 }),
        messageRecord(scope.tenantId, threadId, "m-a", { createdAtMs: 20 }),
        messageRecord(scope.tenantId, threadId, "m-c", { createdAtMs: 10 }),
        messageRecord(scope.tenantId, "th_other", "m-x", { createdAtMs: 15 }),
      ]);
      const messageIds: string[] = [];
      cursor = "";
      do {
        const page = await store.listMessages(scope, { threadId, limit: 2, cursor });
        messageIds.push(...page.items.map((m) => m.messageId));
        cursor = page.nextCursor;
      } while (cursor !== "" && messageIds.length < 10);
      expect(messageIds).toEqual(["m-c", "m-a", "m-b"]);
      expect((await store.listMessages(freshTenant(), { threadId, limit: 10, cursor: "" })).items).toEqual([]);
    });

    it("relinks a new identity to the kept thread: aliases, merge, newest identity wins", async () => {
      const scope = freshTenant();
      const kept = threadRecord(scope.tenantId, 1, { lastInboundAtMs: 1_000 });
      const started = threadRecord(scope.tenantId, 2, { updatedAtMs: 2_000, lastInboundAtMs: 2_000 });
      await seedThreads(store, [kept, started]);
      await seedMessages(store, [
        messageRecord(scope.tenantId, kept.threadId, "m-kept", { createdAtMs: 1_000 }),
        messageRecord(scope.tenantId, started.threadId, "m-started", { createdAtMs: 2_000 }),
      ]);
      const relink = {
        threadId: kept.threadId,
        aliasThreadId: started.threadId,
        customerId: "c-new",
        customerWaId: "w-new",
        changedAtMs: 5_000,
      };
      await store.relinkThread(scope, relink);
      await store.relinkThread(scope, relink); // replayed: nothing changes

      expect(await store.resolveThreadId(scope, started.threadId)).toBe(kept.threadId);
      expect(await store.resolveThreadIds(scope, [started.threadId, "th_x"])).toEqual(
        new Map([
          [started.threadId, kept.threadId],
          ["th_x", "th_x"],
        ]),
      );
      expect(await store.aliasesOf(scope, kept.threadId)).toEqual([started.threadId]);
      expect(await store.getThread(scope, started.threadId)).toMatchObject({
        threadId: kept.threadId,
        customerId: "c-new",
        customerWaId: "w-new",
        updatedAtMs: 2_000,
        lastInboundAtMs: 2_000,
      });
      expect([...(await store.getThreads(scope, [kept.threadId, started.threadId])).keys()]).toEqual([kept.threadId]);
      const listed = await store.listThreads(scope, { phoneNumberId: "", limit: 10, cursor: "" });
      expect(listed.items.map((t) => t.threadId)).toEqual([kept.threadId]);
      const messages = await store.listMessages(scope, { threadId: kept.threadId, limit: 10, cursor: "" });
      expect(messages.items.map((m) => [m.messageId, m.threadId])).toEqual([
        ["m-kept", kept.threadId],
        ["m-started", kept.threadId],
      ]);

      // An older identity change arriving late loses; a newer one wins.
      await store.relinkThread(scope, {
        ...relink,
        aliasThreadId: kept.threadId,
        customerId: "c-old",
        changedAtMs: 4_000,
      });
      expect((await store.getThread(scope, kept.threadId))?.customerId).toBe("c-new");
      await store.relinkThread(scope, {
        ...relink,
        aliasThreadId: kept.threadId,
        customerId: "c-newer",
        changedAtMs: 6_000,
      });
      expect((await store.getThread(scope, kept.threadId))?.customerId).toBe("c-newer");

      // Another tenant cannot follow the alias.
      const other = freshTenant();
      expect(await store.resolveThreadId(other, started.threadId)).toBe(started.threadId);
      expect(await store.getThread(other, started.threadId)).toBeUndefined();
      expect(await store.aliasesOf(other, kept.threadId)).toEqual([]);
    });

    it("pages a number's live threads for a fan-out, within the tenant and the business", async () => {
      const scope = freshTenant("biz-1");
      await seedThreads(store, [
        ...[1, 2, 3, 4, 5].map((n) => threadRecord(scope.tenantId, n)),
        threadRecord(scope.tenantId, 6, { phoneNumberId: "pn-2" }),
        threadRecord(scope.tenantId, 7, { businessId: "biz-2" }),
      ]);
      await seedThreads(store, [threadRecord(freshTenant().tenantId, 0)]);
      // Thread 3 merged into thread 1: notified through thread 1 only.
      await store.relinkThread(scope, {
        threadId: threadRecord("", 1).threadId,
        aliasThreadId: threadRecord("", 3).threadId,
        customerId: "c1",
        customerWaId: "c1",
        changedAtMs: 1,
      });
      const walk = async (walker: TenantScope) => {
        const seen: string[] = [];
        let afterThreadId = "";
        for (;;) {
          const page = await store.threadsOfNumber(walker, { phoneNumberId: "pn-1", afterThreadId, limit: 2 });
          expect(page.length).toBeLessThanOrEqual(2);
          seen.push(...page.map((t) => t.threadId));
          if (page.length < 2) return seen;
          afterThreadId = page.at(-1)?.threadId ?? "";
        }
      };
      const id = (n: number) => threadRecord("", n).threadId;
      expect(await walk(scope)).toEqual([id(1), id(2), id(4), id(5)]);
      expect(await walk({ ...scope, businessId: "" })).toEqual([id(1), id(2), id(4), id(5), id(7)]);
      const [first] = await store.threadsOfNumber(scope, { phoneNumberId: "pn-1", afterThreadId: "", limit: 1 });
      const { threadId, businessId, phoneNumberId, customerId, customerWaId, createdAtMs } = threadRecord(
        scope.tenantId,
        1,
      );
      expect(first).toEqual({ threadId, businessId, phoneNumberId, customerId, customerWaId, createdAtMs });
    });

    it("counts and deletes a customer's messages in bounded batches, then its threads, nothing else", async () => {
      const scope = freshTenant();
      const other = freshTenant();
      const thread = threadRecord(scope.tenantId, 1);
      const alias = threadRecord(scope.tenantId, 2);
      await seedThreads(store, [thread, alias, threadRecord(other.tenantId, 1)]);
      await seedMessages(store, [
        ...[0, 1, 2, 3, 4].map((i) => messageRecord(scope.tenantId, thread.threadId, `m${i}`)),
        messageRecord(scope.tenantId, alias.threadId, "m-alias"),
        messageRecord(scope.tenantId, "th_someone_else", "keep-other-customer"),
        messageRecord(other.tenantId, thread.threadId, "keep-other-tenant"),
      ]);
      const threadIds = [thread.threadId, alias.threadId];
      expect(await store.countMessages(scope, threadIds)).toBe(6);
      const batches: number[] = [];
      for (let n = -1; n !== 0; ) {
        n = await store.deleteThreadMessages(scope, threadIds, 4);
        batches.push(n);
      }
      expect(batches).toEqual([4, 2, 0]);
      expect(await store.countMessages(scope, threadIds)).toBe(0);
      await store.deleteThreads(scope, threadIds);
      expect(await store.getThread(scope, thread.threadId)).toBeUndefined();
      expect(await store.getThread(scope, alias.threadId)).toBeUndefined();
      expect(await store.getMessage(scope, "keep-other-customer")).toBeDefined();
      expect(await store.getMessage(other, "keep-other-tenant")).toBeDefined();
      expect(await store.getThread(other, thread.threadId)).toBeDefined();
    });

    it("deletes a tenant's messages older than a cutoff in bounded batches, nothing younger or of others", async () => {
      const scope = freshTenant();
      const other = freshTenant();
      await seedMessages(store, [
        ...[100, 200, 300, 400].map((at) => messageRecord(scope.tenantId, "th_1", `m${at}`, { createdAtMs: at })),
        messageRecord(other.tenantId, "th_1", "m100", { createdAtMs: 100 }),
      ]);
      expect(await store.deleteMessagesBefore(scope, 350, 2)).toBe(2);
      expect(await store.deleteMessagesBefore(scope, 350, 2)).toBe(1);
      expect(await store.deleteMessagesBefore(scope, 350, 2)).toBe(0);
      const left = await store.listMessages(scope, { threadId: "th_1", limit: 10, cursor: "" });
      expect(left.items.map((m) => m.messageId)).toEqual(["m400"]);
      expect(await store.getMessage(other, "m100")).toBeDefined();
    });
  });
}
