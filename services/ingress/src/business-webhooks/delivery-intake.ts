// The Kafka side of business webhooks (consumer group `ingress-business-webhooks`): turns inbound
// messages, status changes and system messages into Meta-shaped changes and queues them durably
// in the DeliveryStore. The handler returns — and the kit commits the offset — only after that
// write, so a crash loses nothing; it never calls the business itself, so a slow or dead endpoint
// never holds up the partition or other businesses. Events of businesses without a subscription
// are owed nothing and skipped, as on Meta.
import { checkThreadScope, EventHandlers, type Logger, type ReceivedEvent, type TenantScope } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageStatusChangedEvent,
  OrderStatusChangedEvent,
  SystemMessageAddedEvent,
} from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { orderStatusChange } from "../catalog/order-change.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import { type GraphChange, inboundChange, type PhoneMetadata, statusChange, systemChange } from "./graph-change.ts";
import type { SubscriptionStore } from "./webhook-subscription.ts";

export interface DeliveryIntakeDeps {
  deliveries: Pick<DeliveryStore, "enqueue">;
  subscriptions: Pick<SubscriptionStore, "get">;
  phoneNumbers: Pick<CallerDirectory, "phoneNumber">;
  clock: () => number;
  /** Called after a delivery was queued (the worker's wake-up, the backlog count). */
  queued: (scope: TenantScope) => void;
  logger: Logger;
}

export function businessWebhookHandlers(deps: DeliveryIntakeDeps): EventHandlers {
  async function queue(
    event: ReceivedEvent<unknown>,
    payloadThread: ThreadRef | undefined,
    deliveryId: string,
    build: (metadata: PhoneMetadata) => GraphChange,
  ) {
    // The envelope's tenant is authoritative; a payload naming another tenant is not delivered.
    const checked = checkThreadScope(event, payloadThread, { requireBusiness: true });
    if (!checked.ok) {
      deps.logger.error({ eventId: event.id, type: event.type }, "thread event without a matching tenant; skipped");
      return;
    }
    const { scope, thread } = checked;
    if (!(await deps.subscriptions.get(scope))) return;
    const number = await deps.phoneNumbers.phoneNumber(scope, thread.phoneNumberId);
    const change = build({
      // Meta writes the display number as digits only.
      display_phone_number: (number?.displayPhoneNumber ?? "").replace(/[^0-9]/g, ""),
      phone_number_id: thread.phoneNumberId,
    });
    const { created } = await deps.deliveries.enqueue(
      scope,
      { deliveryId, eventType: event.type, phoneNumberId: thread.phoneNumberId, changeJson: JSON.stringify(change) },
      deps.clock(),
    );
    if (created) deps.queued(scope);
  }

  // Delivery ids come from the content, not the envelope id: the same message or the same status
  // of a message published twice (a producer retry, a replay) is still owed to the business once.
  return (
    new EventHandlers()
      .on(InboundMessageReceivedEvent, (event) =>
        queue(event, event.data.thread, `msg:${event.data.messageId}`, (m) => inboundChange(event.data, m)),
      )
      .on(MessageStatusChangedEvent, (event) =>
        queue(event, event.data.thread, `status:${event.data.messageId}:${event.data.status}`, (m) =>
          statusChange(event.data, m),
        ),
      )
      .on(SystemMessageAddedEvent, (event) =>
        queue(event, event.data.thread, `msg:${event.data.messageId}`, (m) => systemChange(event.data, m)),
      )
      // Order transitions come from the catalog's order topic, one delivery per order version.
      .on(OrderStatusChangedEvent, (event) =>
        queue(event, event.data.thread, `order:${event.data.orderId}@${event.data.version}`, (m) =>
          orderStatusChange(event.data, m),
        ),
      )
  );
}
