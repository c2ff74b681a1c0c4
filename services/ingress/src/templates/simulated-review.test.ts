import { createLogger, type OutgoingEvent } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { manualClock } from "../upstream-channel/simulator/clock.ts";
import { createSimulatedReview, simulatedVerdict } from "./simulated-review.ts";
import type { TemplateRecord } from "./template-records.ts";

const template = (overrides: Partial<TemplateRecord> = {}): TemplateRecord => ({
  tenantId: "tenant-a",
  businessId: "200000000000001",
  templateId: "900000000000001",
  name: "order_ready",
  language: "en_US",
  category: "UTILITY",
  previousCategory: "",
  components: [{ type: "BODY", text: "Your order {{1}} is ready for pickup." }],
  parameterFormat: "POSITIONAL",
  allowCategoryChange: false,
  status: "PENDING",
  rejectedReason: "NONE",
  qualityScore: "UNKNOWN",
  createdAtMs: 0,
  updatedAtMs: 0,
  ...overrides,
});
const promo = [{ type: "BODY", text: "Big summer SALE: 25% off everything!" }];

describe("the simulator's review rule", () => {
  it("approves, rejects names containing reject, and rejects or re-categorises promotional utility", () => {
    expect(simulatedVerdict(template())).toEqual({ status: "APPROVED", reason: "NONE" });
    expect(simulatedVerdict(template({ name: "please_reject_me" }))).toEqual({
      status: "REJECTED",
      reason: "INVALID_FORMAT",
    });
    expect(simulatedVerdict(template({ components: promo }))).toEqual({
      status: "REJECTED",
      reason: "INCORRECT_CATEGORY",
    });
    expect(simulatedVerdict(template({ components: promo, allowCategoryChange: true }))).toEqual({
      status: "APPROVED",
      reason: "NONE",
      newCategory: "MARKETING",
    });
    expect(simulatedVerdict(template({ components: promo, category: "MARKETING" })).status).toBe("APPROVED");
  });

  it("answers after the configured delay with Meta's webhook values", async () => {
    const sent: OutgoingEvent[] = [];
    const bus = { publish: async (events: readonly OutgoingEvent[]) => void sent.push(...events) };
    const clock = manualClock(1_000);
    const review = createSimulatedReview({
      bus,
      clock,
      delayMs: 5_000,
      logger: createLogger({ service: "t", level: "silent" }),
    });
    review.submit(template({ components: promo, allowCategoryChange: true }));
    clock.advance(4_999);
    expect(sent).toHaveLength(0);
    clock.advance(1);
    const published = sent.map((e) => e.data as { field: string; valueJson: string; businessId: string });
    expect(published.map((e) => e.field)).toEqual(["template_category_update", "message_template_status_update"]);
    expect(published.every((e) => e.businessId === "200000000000001")).toBe(true);
    expect(JSON.parse(published[1]?.valueJson ?? "")).toEqual({
      event: "APPROVED",
      message_template_id: 900000000000001,
      message_template_name: "order_ready",
      message_template_language: "en_US",
      reason: "NONE",
      message_template_category: "MARKETING",
    });
  });

  it("resumes a review a stopped process left pending: at once when its delay is over, else for the rest", () => {
    const sent: OutgoingEvent[] = [];
    const bus = { publish: async (events: readonly OutgoingEvent[]) => void sent.push(...events) };
    const clock = manualClock(100_000);
    const review = createSimulatedReview({
      bus,
      clock,
      delayMs: 5_000,
      logger: createLogger({ service: "t", level: "silent" }),
    });
    review.resume(template({ name: "submitted_long_ago", updatedAtMs: 10_000 }));
    review.resume(template({ name: "submitted_just_now", templateId: "900000000000002", updatedAtMs: 98_000 }));
    clock.advance(0);
    const names = () => sent.map((e) => JSON.parse((e.data as { valueJson: string }).valueJson).message_template_name);
    expect(names()).toEqual(["submitted_long_ago"]);
    clock.advance(2_999);
    expect(names()).toEqual(["submitted_long_ago"]);
    clock.advance(1);
    expect(names()).toEqual(["submitted_long_ago", "submitted_just_now"]);
  });
});
