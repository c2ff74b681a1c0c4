import { createInMemoryEventBus } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { hostingNoticeText } from "./hosting-notice-text.ts";
import { stateOf } from "./hosting-test-fixtures.ts";
import { createInMemoryHostingStore } from "./in-memory-hosting-store.ts";
import { initialNotice } from "./initial-notice.ts";

const scope = { tenantId: "t1", businessId: "biz-1" };
const ref = { tenantId: "t1", businessId: "biz-1", phoneNumberId: "pn-1", customerId: "c1", customerWaId: "c1" };
const target = (messageAtMs: number) => ({
  ref,
  hosting: stateOf("on_premises"),
  messageAtMs,
  threadId: async () => "th_1",
});

describe("initial notice", () => {
  it("is stored, published and recorded once however often the thread's events arrive", async () => {
    const store = createInMemoryHostingStore();
    const bus = createInMemoryEventBus();
    const ensure = initialNotice({ store, bus });
    await ensure(scope, target(1_000));
    await ensure(scope, target(2_000));
    // A fresh process (empty memo) asks the store and adds nothing either.
    await initialNotice({ store, bus })(scope, target(3_000));
    expect(bus.records).toHaveLength(1);
    expect(store.messages.size).toBe(1);
    const [entry] = await store.historyOf(scope, "th_1");
    expect(entry).toMatchObject({ changeId: "initial", atMs: 1_000, to: { encryptionState: "end_to_end" } });
    expect(JSON.parse([...store.messages.values()][0]?.bodyJson ?? "{}").system.body).toBe(
      hostingNoticeText("on_premises"),
    );
  });

  it("finishes on the next delivery when a crash hit between storing and publishing", async () => {
    const store = createInMemoryHostingStore();
    const bus = createInMemoryEventBus();
    const failing = { ...bus, publish: async () => Promise.reject(new Error("broker down")) };
    await expect(initialNotice({ store, bus: failing })(scope, target(1_000))).rejects.toThrow("broker down");
    expect(await store.historyOf(scope, "th_1")).toEqual([]);
    await initialNotice({ store, bus })(scope, target(1_000));
    expect(bus.records).toHaveLength(1);
    expect(store.messages.size).toBe(1);
    expect(await store.historyOf(scope, "th_1")).toHaveLength(1);
  });
});
