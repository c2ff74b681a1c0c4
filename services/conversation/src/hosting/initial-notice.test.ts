import { describe, expect, it } from "vitest";
import { hostingState } from "../../test/support/hosting-factories.ts";
import { createInMemoryHostingStore } from "../../test/support/in-memory-hosting-store.ts";
import { hostingNoticeText } from "./hosting-notice-text.ts";
import { initialNotices } from "./initial-notice.ts";

const scope = { tenantId: "t1" };
const ref = { tenantId: "t1", businessId: "biz-1", phoneNumberId: "pn-1", customerId: "c1", customerWaId: "c1" };
const target = (firstAtMs: number, isNew: boolean) => ({
  ref,
  threadId: "th_1",
  hosting: hostingState("on_premises"),
  firstAtMs,
  isNew,
});

describe("initial notices", () => {
  it("are owed once per thread, however often its events arrive, also to a fresh process", async () => {
    const store = createInMemoryHostingStore();
    const notices = initialNotices({ store });
    const [owed, ...more] = await notices.pending(scope, [target(1_000, true)]);
    expect(more).toEqual([]);
    expect(owed?.entry).toMatchObject({ changeId: "initial", atMs: 1_000, to: { encryptionState: "end_to_end" } });
    expect(JSON.parse(owed?.message.bodyJson ?? "{}").system.body).toBe(hostingNoticeText("on_premises"));
    expect(owed?.event.id).toBe(owed?.message.messageId);
    await notices.complete(scope, owed ? [owed] : []);
    expect(await notices.pending(scope, [target(2_000, false)])).toEqual([]);
    // A fresh process (empty memo) asks the store, which has the entry.
    expect(await initialNotices({ store }).pending(scope, [target(3_000, false)])).toEqual([]);
    expect(await store.historyOf({ ...scope, businessId: "" }, "th_1")).toHaveLength(1);
  });

  it("stay owed, with the same ids, until their history entry is stored (a crash before it)", async () => {
    const store = createInMemoryHostingStore();
    const first = await initialNotices({ store }).pending(scope, [target(1_000, true)]);
    // The process died after publishing and storing the notice, before `complete`.
    const again = await initialNotices({ store }).pending(scope, [target(1_000, false)]);
    expect(again.map((n) => n.message.messageId)).toEqual(first.map((n) => n.message.messageId));
    expect(again.map((n) => n.event.id)).toEqual(first.map((n) => n.event.id));
  });
});
