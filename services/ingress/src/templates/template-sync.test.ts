import { createLogger } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { createInMemoryTemplateStore } from "../../test/support/in-memory-template-store.ts";
import type { MetaTemplate } from "./meta-templates.ts";
import type { TemplateRecord } from "./template-records.ts";
import { createTemplateSync } from "./template-sync.ts";

const A = { tenantId: "tenant-a", businessId: "410000000000001" };
const B = { tenantId: "tenant-a", businessId: "410000000000002" };
const body = (text: string) => [{ type: "BODY", text }];
const local = (name: string, overrides: Partial<TemplateRecord> = {}): TemplateRecord => ({
  ...A,
  templateId: `9${name.length}0000000000001`,
  name,
  language: "en_US",
  category: "UTILITY",
  previousCategory: "",
  components: body("Hello"),
  parameterFormat: "POSITIONAL",
  allowCategoryChange: false,
  status: "PENDING",
  rejectedReason: "NONE",
  qualityScore: "UNKNOWN",
  createdAtMs: 1,
  updatedAtMs: 1,
  ...overrides,
});
const meta = (name: string, fields: Record<string, unknown> = {}): MetaTemplate => ({
  id: `77${name.length}000000000001`,
  name,
  language: "en_US",
  category: "UTILITY",
  components: body("Hello"),
  status: "APPROVED",
  ...fields,
});

function harness(listed: { items: MetaTemplate[]; complete: boolean } | undefined) {
  const store = createInMemoryTemplateStore();
  const forgotten: string[] = [];
  const sync = createTemplateSync({
    meta: { list: async () => listed },
    store,
    lookup: { forget: (_scope, key) => void forgotten.push(key.name) },
    clock: () => 5_000,
    logger: createLogger({ service: "sync-test", level: "silent" }),
  });
  return { store, sync, forgotten };
}

const all = async (store: ReturnType<typeof createInMemoryTemplateStore>, scope = A) =>
  (await store.list(scope, {}, { limit: 100, after: "", before: "" })).items;

describe("importing a business's templates from Meta", () => {
  it("creates what is new, brings changed ones up to date, deletes what Meta no longer has", async () => {
    const { store, sync, forgotten } = harness({
      items: [
        meta("brand_new", { quality_score: { score: "GREEN" } }),
        meta("order_ready", { components: body("Order {{1}} ready"), status: "APPROVED" }),
        meta("same_again", { id: "77000000000000009", status: "PENDING" }),
        { name: "no_id_no_import" },
      ],
      complete: true,
    });
    await store.create(A, local("order_ready"));
    await store.create(A, local("same_again", { templateId: "77000000000000009" }));
    await store.create(A, local("gone_at_meta"));
    await store.create(B, local("other_business", B));

    expect(await sync(A)).toEqual({ imported: 1, updated: 1, removed: 1, unchanged: 1 });
    const records = await all(store);
    expect(records.map((r) => r.name)).toEqual(["brand_new", "order_ready", "same_again"]);
    expect(records[0]).toMatchObject({ templateId: "779000000000001", status: "APPROVED", qualityScore: "GREEN" });
    expect(records[1]).toMatchObject({
      templateId: "7711000000000001",
      status: "APPROVED",
      components: body("Order {{1}} ready"),
    });
    expect(forgotten.sort()).toEqual(["brand_new", "gone_at_meta", "order_ready"]);
    // Another business's templates are never touched.
    expect((await all(store, B)).map((r) => r.name)).toEqual(["other_business"]);
  });

  it("deletes nothing when Meta's list was not read to its end", async () => {
    const { store, sync } = harness({ items: [meta("brand_new")], complete: false });
    await store.create(A, local("maybe_on_a_later_page"));
    expect(await sync(A)).toMatchObject({ imported: 1, removed: 0 });
    expect((await all(store)).map((r) => r.name)).toEqual(["brand_new", "maybe_on_a_later_page"]);
  });

  it("does nothing without a way to reach Meta", async () => {
    const { store, sync } = harness(undefined);
    await store.create(A, local("kept"));
    expect(await sync(A)).toBeUndefined();
    expect(await all(store)).toHaveLength(1);
  });
});
