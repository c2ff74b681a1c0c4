// Ingress's honouring of CustomerErased (its own consumer group): webhook deliveries still owed to
// the business about the erased customer are dropped, so erased messages are not delivered or
// replayed afterwards. Idempotent: a redelivered event finds nothing left to drop.
import { checkThreadScope, EventHandlers, type Logger } from "@switchboard/kit";
import { CustomerErasedEvent } from "@switchboard/proto";
import type { DeliveryStore } from "../business-webhooks/delivery-store.ts";

export function erasureHandlers(deps: {
  deliveries: Pick<DeliveryStore, "dropAboutCustomers">;
  clock: () => number;
  logger: Logger;
}) {
  return new EventHandlers().on(CustomerErasedEvent, async (event) => {
    const checked = checkThreadScope(event, event.data.thread, { requireBusiness: true });
    if (!checked.ok) {
      deps.logger.error({ eventId: event.id }, "customer erasure without a matching tenant; skipped");
      return;
    }
    const { scope, thread } = checked;
    const dropped = await deps.deliveries.dropAboutCustomers(
      scope,
      thread.phoneNumberId,
      [thread.customerId, thread.customerWaId],
      deps.clock(),
    );
    deps.logger.info({ eventId: event.id, dropped }, "dropped webhook deliveries of an erased customer");
  });
}
