import { describe, expect, it } from "vitest";
import { approveTemplate } from "../../test/support/approved-template.ts";
import { createInMemoryTemplateStore } from "../../test/support/in-memory-template-store.ts";
import { cachedTemplateLookup } from "./cached-templates.ts";

const A = { tenantId: "tenant-a", businessId: "200000000000001" };
const KEY = { name: "order_ready", language: "en_US" };

describe("cachedTemplateLookup", () => {
  it("answers a warm lookup without a store round trip, and a forgotten one from the store", async () => {
    const store = createInMemoryTemplateStore();
    const lookup = cachedTemplateLookup(store, { ttlMs: 60_000 });
    expect(await lookup.get(A, KEY)).toBe(undefined);
    expect(await lookup.get(A, KEY)).toBe(undefined);
    expect(store.reads).toBe(1);
    await approveTemplate(store, A, { ...KEY, components: [{ type: "BODY", text: "Ready" }] });
    lookup.forget(A, KEY);
    for (let i = 0; i < 100; i += 1) expect((await lookup.get(A, KEY))?.status).toBe("APPROVED");
    expect(store.reads).toBe(2);
    expect(await lookup.get({ ...A, businessId: "200000000000002" }, KEY)).toBe(undefined);
  });

  it("reloads once the ttl has passed", async () => {
    let now = 0;
    const store = createInMemoryTemplateStore();
    const lookup = cachedTemplateLookup(store, { ttlMs: 1_000, now: () => now });
    await lookup.get(A, KEY);
    now = 1_001;
    await lookup.get(A, KEY);
    expect(store.reads).toBe(2);
  });
});
