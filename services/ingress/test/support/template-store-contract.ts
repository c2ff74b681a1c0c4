// Behaviour every TemplateStore adapter must show, written once and run against each adapter: the
// in-memory one in unit tests, the Mongo one in the integration tests. Each case uses a fresh
// business, so cases never see each other's templates on a shared database. Test support only.

import { beforeAll, describe, expect, it } from "vitest";
import { newGraphId } from "../../src/graph/graph-ids.ts";
import type { TemplateRecord, TemplateScope } from "../../src/templates/template-records.ts";
import type { TemplateStore } from "../../src/templates/template-store.ts";

const all = { limit: 100, after: "", before: "" };

export function describeTemplateStoreContract(adapter: string, makeStore: () => Promise<TemplateStore>): void {
  describe(`TemplateStore contract: ${adapter}`, () => {
    let store: TemplateStore;
    beforeAll(async () => {
      store = await makeStore();
    });
    const fresh = (): TemplateScope => ({ tenantId: "tenant-c", businessId: newGraphId() });
    const record = (scope: TemplateScope, name: string, language = "en_US"): TemplateRecord => ({
      ...scope,
      templateId: newGraphId(),
      name,
      language,
      category: "UTILITY",
      previousCategory: "",
      components: [{ type: "BODY", text: "Hi {{1}}", example: { body_text: [["Ada"]] } }],
      parameterFormat: "POSITIONAL",
      allowCategoryChange: false,
      status: "PENDING",
      rejectedReason: "NONE",
      qualityScore: "UNKNOWN",
      createdAtMs: 1,
      updatedAtMs: 1,
    });

    it("stores a translation once and reads it back whole, nested example arrays included", async () => {
      const scope = fresh();
      const created = record(scope, "order_ready");
      expect(await store.create(scope, created)).toBe(true);
      expect(await store.create(scope, { ...created, templateId: "1" })).toBe(false);
      expect(await store.get(scope, created)).toEqual(created);
      expect(await store.get(scope, { name: "order_ready", language: "de" })).toBe(undefined);
    });

    it("never shows one business's templates to another", async () => {
      const [mine, theirs] = [fresh(), fresh()];
      await store.create(mine, record(mine, "order_ready"));
      await store.create(theirs, record(theirs, "order_ready"));
      expect(await store.get({ ...theirs, tenantId: "tenant-other" }, { name: "order_ready", language: "en_US" })).toBe(
        undefined,
      );
      expect((await store.list(mine, {}, all)).items.map((r) => r.businessId)).toEqual([mine.businessId]);
      expect(
        await store.update(mine, { name: "order_ready", language: "en_US" }, { status: "APPROVED" }, 5),
      ).toMatchObject({
        status: "APPROVED",
        updatedAtMs: 5,
      });
      expect((await store.get(theirs, { name: "order_ready", language: "en_US" }))?.status).toBe("PENDING");
      expect((await store.remove(theirs, { name: "order_ready" })).map((r) => r.businessId)).toEqual([
        theirs.businessId,
      ]);
      expect(await store.get(mine, { name: "order_ready", language: "en_US" })).toBeDefined();
    });

    it("lists in (name, language) order, pages both ways and filters", async () => {
      const scope = fresh();
      for (const [name, language] of [
        ["b_notice", "en_US"],
        ["a_notice", "en_US"],
        ["a_notice", "de"],
        ["c_notice", "en_US"],
      ]) {
        await store.create(scope, record(scope, name ?? "", language));
      }
      const names = (page: { items: TemplateRecord[] }) => page.items.map((r) => `${r.name}/${r.language}`);
      const first = await store.list(scope, {}, { limit: 2, after: "", before: "" });
      expect([names(first), first.more]).toEqual([["a_notice/de", "a_notice/en_US"], true]);
      const second = await store.list(scope, {}, { limit: 2, after: "a_notice|en_US", before: "" });
      expect([names(second), second.more]).toEqual([["b_notice/en_US", "c_notice/en_US"], false]);
      const back = await store.list(scope, {}, { limit: 2, after: "", before: "c_notice|en_US" });
      expect([names(back), back.more]).toEqual([["a_notice/en_US", "b_notice/en_US"], true]);
      expect(names(await store.list(scope, { name: "a_notice" }, all))).toEqual(["a_notice/de", "a_notice/en_US"]);
      expect(names(await store.list(scope, { language: "de" }, all))).toEqual(["a_notice/de"]);
      expect(names(await store.list(scope, { status: ["APPROVED"] }, all))).toEqual([]);
      const some = (await store.list(scope, { name: "c_notice" }, all)).items[0];
      expect(names(await store.list(scope, { templateId: some?.templateId ?? "" }, all))).toEqual(["c_notice/en_US"]);
    });

    it("removes by name, or by name and id", async () => {
      const scope = fresh();
      const en = record(scope, "old_notice");
      await store.create(scope, en);
      await store.create(scope, record(scope, "old_notice", "de"));
      expect(await store.remove(scope, { name: "old_notice", templateId: "1" })).toEqual([]);
      expect(
        (await store.remove(scope, { name: "old_notice", templateId: en.templateId })).map((r) => r.language),
      ).toEqual(["en_US"]);
      expect((await store.remove(scope, { name: "old_notice" })).map((r) => r.language)).toEqual(["de"]);
      expect((await store.list(scope, {}, all)).items).toEqual([]);
    });
  });
}
