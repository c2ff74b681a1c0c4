// Publishes the dead letter of each parked webhook delivery (WebhookDeliveryParked on the
// webhook-deliveries DLQ topic) and then flags the delivery `parkedPublished`. The parking itself
// is already durable in the store before anything is published, so a failed publish loses
// nothing: it is logged and sweep() retries it on a later worker round. It never publishes
// message content (the change JSON), only what identifies the delivery and why it failed.
import { type EventBus, event, type Logger } from "@switchboard/kit";
import { WebhookDeliveryParkedEvent } from "@switchboard/proto";
import type { Delivery, DeliveryStore } from "./delivery-store.ts";

export interface ParkedAnnouncer {
  /** Publishes one parked delivery's dead letter; false (logged, left for sweep) on failure. */
  announce(delivery: Delivery): Promise<boolean>;
  /** Announces up to `limit` parked deliveries whose dead letter is not published yet. */
  sweep(limit: number): Promise<number>;
  /**
   * Whether a sweep may find something: true at first (a crash may have left parkings
   * unannounced), after a failed publish, and after a sweep that found a full page; false once a
   * sweep published everything it found. A parking another replica failed to announce is not
   * known here: the worker also sweeps now and then regardless.
   */
  owed(): boolean;
}

/** Same parking, same id: a re-publish after a crash or a lost ack is recognisable downstream. */
export function parkedEventId(delivery: Pick<Delivery, "tenantId" | "deliveryId" | "parkedAtMs">): string {
  return `parked:${delivery.tenantId}/${delivery.deliveryId}:${delivery.parkedAtMs}`;
}

export function createParkedAnnouncer(deps: {
  store: Pick<DeliveryStore, "listUnpublishedParked" | "markParkedPublished">;
  bus: Pick<EventBus, "publish">;
  logger: Logger;
}): ParkedAnnouncer {
  let owed = true;
  async function announce(delivery: Delivery): Promise<boolean> {
    const scope = { tenantId: delivery.tenantId, businessId: delivery.businessId };
    try {
      await deps.bus.publish([
        event(WebhookDeliveryParkedEvent, {
          id: parkedEventId(delivery),
          key: `${scope.tenantId}/${scope.businessId}`,
          tenantId: scope.tenantId,
          data: {
            tenantId: scope.tenantId,
            businessId: scope.businessId,
            deliveryId: delivery.deliveryId,
            eventType: delivery.eventType,
            phoneNumberId: delivery.phoneNumberId,
            attempts: delivery.attempts,
            firstAttemptAtMs: delivery.windowStartMs,
            parkedAtMs: delivery.parkedAtMs,
            lastError: delivery.lastError,
          },
        }),
      ]);
      await deps.store.markParkedPublished(scope, delivery.deliveryId, delivery.parkedAtMs);
      return true;
    } catch (error) {
      deps.logger.error(
        { err: error, ...scope, deliveryId: delivery.deliveryId },
        "publishing a parked webhook delivery failed; retried next round",
      );
      owed = true;
      return false;
    }
  }

  return {
    announce,
    async sweep(limit) {
      const unpublished = await deps.store.listUnpublishedParked(limit);
      let published = 0;
      // One at a time, and stop at the first failure: this runs only after a failed publish, and
      // a broker that is still down must not cost the round one publish timeout per parking.
      for (const delivery of unpublished) {
        if (!(await announce(delivery))) break;
        published++;
      }
      if (published === unpublished.length && unpublished.length < limit) owed = false;
      return published;
    },
    owed: () => owed,
  };
}
