// Ingress's honouring of CustomerErased (its own consumer group): webhook deliveries still owed to
// the business about the erased customer are dropped, so erased messages are not delivered or
// replayed afterwards. Idempotent: a redelivered event finds nothing left to drop.
import { EventHandlers, type Logger } from "@switchboard/kit";
import { CustomerErasedEvent } from "@switchboard/proto";
import type { ErasedDeliveries } from "./mongo-erased-deliveries.ts";

export function erasureHandlers(deps: { deliveries: ErasedDeliveries; clock: () => number; logger: Logger }) {
  return new EventHandlers().on(CustomerErasedEvent, async (event) => {
    const thread = event.data.thread;
    if (!thread || thread.tenantId !== event.tenantId || !thread.businessId) {
      deps.logger.error({ eventId: event.id }, "customer erasure without a matching tenant; skipped");
      return;
    }
    const dropped = await deps.deliveries.dropOwedTo(
      { tenantId: thread.tenantId, businessId: thread.businessId },
      thread.phoneNumberId,
      [thread.customerId, thread.customerWaId],
      deps.clock(),
    );
    deps.logger.info({ eventId: event.id, dropped }, "dropped webhook deliveries of an erased customer");
  });
}
