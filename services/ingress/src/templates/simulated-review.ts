// The upstream simulator's template review. After `delayMs` (TEMPLATE_REVIEW_DELAY_MS) it answers
// every submitted template the way Meta does, as webhooks published as UpstreamNotificationReceived
// events with Meta's `value` shapes, by this rule:
//   1. a name containing "reject" is REJECTED with reason INVALID_FORMAT;
//   2. a UTILITY or AUTHENTICATION template whose texts read as promotion (sale, offer, discount,
//      promo, coupon, "% off") belongs in MARKETING: with `allow_category_change` it is moved there
//      (a `template_category_update`) and approved, without it is REJECTED with INCORRECT_CATEGORY;
//   3. everything else is APPROVED.
// Pending reviews live in timers; a restart forgets them, so on start-up templates-module.ts
// resumes every template still PENDING: the verdict is a function of the template alone and the
// events' ids of their content, so deciding one twice (two replicas, or a review published just
// before a crash) publishes the same events again and changes nothing more.
import { type EventBus, event, type Logger, type OutgoingEvent } from "@switchboard/kit";
import { UpstreamNotificationReceivedEvent } from "@switchboard/proto";
import type { Clock } from "../upstream-channel/simulator/clock.ts";
import { eventIdOf } from "../upstream-ids/upstream-event-id.ts";
import { TEMPLATE_CATEGORY_FIELD, TEMPLATE_STATUS_FIELD } from "./template-notifications.ts";
import type { TemplateRecord } from "./template-records.ts";
import type { TemplateReview } from "./template-review.ts";

export interface SimulatedVerdict {
  status: "APPROVED" | "REJECTED";
  reason: string;
  /** Set when the reviewer moved the template to another category before approving it. */
  newCategory?: "MARKETING";
}

const PROMOTIONAL = /\b(sale|offers?|discounts?|promo(tion)?s?|coupons?)\b|%\s*off\b/i;

function textsOf(template: TemplateRecord): string {
  return template.components.map((component) => (typeof component.text === "string" ? component.text : "")).join("\n");
}

export function simulatedVerdict(template: TemplateRecord): SimulatedVerdict {
  if (template.name.includes("reject")) return { status: "REJECTED", reason: "INVALID_FORMAT" };
  if (template.category !== "MARKETING" && PROMOTIONAL.test(textsOf(template))) {
    return template.allowCategoryChange
      ? { status: "APPROVED", reason: "NONE", newCategory: "MARKETING" }
      : { status: "REJECTED", reason: "INCORRECT_CATEGORY" };
  }
  return { status: "APPROVED", reason: "NONE" };
}

/** The webhooks Meta sends for `verdict`, as the events the webhook receiver publishes for them. */
export function reviewEvents(template: TemplateRecord, verdict: SimulatedVerdict, atMs: number): OutgoingEvent[] {
  const ids = {
    message_template_id: Number(template.templateId),
    message_template_name: template.name,
    message_template_language: template.language,
  };
  const notification = (field: string, value: Record<string, unknown>) =>
    event(UpstreamNotificationReceivedEvent, {
      id: eventIdOf(template.tenantId, ["template-review", template.templateId, field, JSON.stringify(value)]),
      key: template.businessId,
      tenantId: template.tenantId,
      data: {
        tenantId: template.tenantId,
        businessId: template.businessId,
        phoneNumberId: "",
        field,
        valueJson: JSON.stringify(value),
        receivedAtMs: atMs,
      },
    });
  const events: OutgoingEvent[] = [];
  if (verdict.newCategory) {
    events.push(
      notification(TEMPLATE_CATEGORY_FIELD, {
        ...ids,
        previous_category: template.category,
        new_category: verdict.newCategory,
      }),
    );
  }
  events.push(
    notification(TEMPLATE_STATUS_FIELD, {
      event: verdict.status,
      ...ids,
      reason: verdict.reason,
      message_template_category: verdict.newCategory ?? template.category,
    }),
  );
  return events;
}

export function createSimulatedReview(deps: {
  bus: Pick<EventBus, "publish">;
  clock: Clock;
  delayMs: number;
  logger: Logger;
}): TemplateReview {
  const decideAfter = (delayMs: number, template: TemplateRecord) =>
    deps.clock.schedule(delayMs, () => {
      const events = reviewEvents(template, simulatedVerdict(template), deps.clock.now());
      deps.bus.publish(events).catch((error: unknown) => {
        deps.logger.error({ err: error, templateId: template.templateId }, "simulated template review lost");
      });
    });
  return {
    submit: (template) => decideAfter(deps.delayMs, template),
    resume: (template) => decideAfter(Math.max(0, template.updatedAtMs + deps.delayMs - deps.clock.now()), template),
    stop: () => deps.clock.cancelAll(),
  };
}
