import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import { parseTemplateEdit, simulatedEdit } from "./template-edit.ts";
import type { TemplateRecord } from "./template-records.ts";

const DAY = 24 * 60 * 60 * 1000;
const template = (overrides: Partial<TemplateRecord> = {}): TemplateRecord => ({
  tenantId: "tenant-a",
  businessId: "200000000000001",
  templateId: "900000000000001",
  name: "order_ready",
  language: "en_US",
  category: "UTILITY",
  previousCategory: "",
  components: [{ type: "BODY", text: "Your order {{1}} is ready." }],
  parameterFormat: "POSITIONAL",
  allowCategoryChange: false,
  status: "APPROVED",
  rejectedReason: "NONE",
  qualityScore: "GREEN",
  createdAtMs: 0,
  updatedAtMs: 0,
  ...overrides,
});
const newBody = { components: [{ type: "BODY", text: "Order {{1}} is ready for pickup." }] };
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error("expected a refusal");
};

describe("Meta's template edit", () => {
  it("takes new components or a new category, checked as a creation would be", () => {
    expect(parseTemplateEdit(template(), newBody)).toEqual({
      category: "UTILITY",
      components: newBody.components,
      parameterFormat: "POSITIONAL",
    });
    expect(refusal(() => parseTemplateEdit(template(), {})).details).toContain("category or components");
    expect(refusal(() => parseTemplateEdit(template(), { name: "renamed" })).details).toContain("name");
    expect(refusal(() => parseTemplateEdit(template(), { components: [{ type: "FOOTER", text: "x" }] })).code).toBe(
      100,
    );
  });

  it("sends the edit back to review and counts an approved template's edits", () => {
    const now = 40 * DAY;
    const change = simulatedEdit(template(), parseTemplateEdit(template(), newBody), now);
    expect(change).toMatchObject({ status: "PENDING", rejectedReason: "NONE", approvedEditsMs: [now] });
  });

  it("edits only approved, rejected or paused templates", () => {
    for (const status of ["PENDING", "DISABLED", "IN_APPEAL"] as const) {
      expect(refusal(() => simulatedEdit(template({ status }), {}, 1)).details).toContain(status);
    }
    for (const status of ["REJECTED", "PAUSED"] as const) {
      expect(simulatedEdit(template({ status }), {}, 1).status).toBe("PENDING");
    }
  });

  it("keeps an approved template's category; rejected ones may change it", () => {
    const toMarketing = { category: "MARKETING" as const };
    expect(refusal(() => simulatedEdit(template(), toMarketing, 1)).details).toContain("category");
    expect(simulatedEdit(template({ status: "REJECTED" }), toMarketing, 1).category).toBe("MARKETING");
  });

  it("allows an approved template one edit in 24 hours and ten in 30 days; rejected ones any number", () => {
    const now = 100 * DAY;
    const yesterdayish = template({ approvedEditsMs: [now - DAY + 1] });
    expect(refusal(() => simulatedEdit(yesterdayish, {}, now)).details).toContain("24 hours");
    expect(simulatedEdit(template({ approvedEditsMs: [now - DAY - 1] }), {}, now).status).toBe("PENDING");
    const tenThisMonth = template({ approvedEditsMs: Array.from({ length: 10 }, (_, i) => now - (2 + i) * DAY) });
    expect(refusal(() => simulatedEdit(tenThisMonth, {}, now)).details).toContain("30 days");
    // Edits older than 30 days no longer count, and are forgotten.
    const old = template({ approvedEditsMs: Array.from({ length: 10 }, (_, i) => now - (31 + i) * DAY) });
    expect(simulatedEdit(old, {}, now).approvedEditsMs).toEqual([now]);
    expect(simulatedEdit(template({ status: "REJECTED", approvedEditsMs: [now - 1] }), {}, now).status).toBe("PENDING");
  });
});
