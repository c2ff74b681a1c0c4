// The Kafka side of templates: consumes UpstreamNotificationReceived (published by the Meta webhook
// receiver and by the simulator's review alike), applies the template webhooks among them to the
// business's translation — review outcome, pause, disable, category and quality — drops the
// translation from this replica's send cache, and forwards the webhook unchanged to the business
// through the business webhook deliveries (queued durably before the offset is committed, sent by
// the delivery worker like every other business webhook). Other notification fields are not its
// business and are skipped.
import { EventHandlers, type Logger, type ReceivedEvent } from "@switchboard/kit";
import { UpstreamNotificationReceivedEvent } from "@switchboard/proto";
import type { UpstreamNotificationReceived } from "@switchboard/proto/gen/switchboard/events/v1/account";
import type { DeliveryStore } from "../business-webhooks/delivery-store.ts";
import type { SubscriptionStore } from "../business-webhooks/webhook-subscription.ts";
import type { TemplateLookup } from "./cached-templates.ts";
import { readTemplateNotification, TEMPLATE_FIELDS } from "./template-notifications.ts";
import type { TemplateStore } from "./template-store.ts";

export interface TemplateIntakeDeps {
  store: Pick<TemplateStore, "update">;
  lookup: Pick<TemplateLookup, "forget">;
  deliveries: Pick<DeliveryStore, "enqueue">;
  subscriptions: Pick<SubscriptionStore, "get">;
  /** Called after a delivery was queued (the delivery worker's wake-up). */
  queued: () => void;
  clock: () => number;
  logger: Logger;
}

function parsed(valueJson: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(valueJson);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function templateIntakeHandlers(deps: TemplateIntakeDeps): EventHandlers {
  async function handle(event: ReceivedEvent<UpstreamNotificationReceived>) {
    const { data } = event;
    if (!TEMPLATE_FIELDS.has(data.field)) return;
    // The envelope's tenant is authoritative; a payload naming another tenant is not applied.
    if (data.tenantId !== event.tenantId || data.businessId === "") {
      deps.logger.error({ eventId: event.id, type: event.type }, "template notification without its tenant; skipped");
      return;
    }
    const scope = { tenantId: data.tenantId, businessId: data.businessId };
    const value = parsed(data.valueJson);
    if (!value) {
      deps.logger.warn({ eventId: event.id, field: data.field }, "template notification is not a JSON object; skipped");
      return;
    }
    const notification = readTemplateNotification(data.field, value);
    if (notification) {
      await deps.store.update(scope, notification.key, notification.change, deps.clock());
      deps.lookup.forget(scope, notification.key);
    }
    if (!(await deps.subscriptions.get(scope))) return;
    const { created } = await deps.deliveries.enqueue(
      scope,
      {
        // The event id is derived from the webhook's content: a redelivery is owed once.
        deliveryId: `notification:${event.id}`,
        eventType: event.type,
        phoneNumberId: "",
        changeJson: JSON.stringify({ field: data.field, value }),
      },
      deps.clock(),
    );
    if (created) deps.queued();
  }
  return new EventHandlers().on(UpstreamNotificationReceivedEvent, handle);
}
