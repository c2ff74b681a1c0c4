// The Kafka side of business webhooks (consumer group `ingress-business-webhooks`): turns inbound
// messages, status changes, system messages and order status changes into Meta-shaped changes
// (owed-change.ts) and queues them durably in the DeliveryStore, one consumed batch at a time:
//   check   each event's payload thread against the envelope's tenant (authoritative)
//   look up each business's subscription and each phone number once per batch (memoized)
//   write   one enqueueMany for the whole batch
//   notify  queued(scope, ids) once per business with new deliveries
// The handler returns — and the kit commits the offsets — only after that write; a failing lookup
// or write throws, so the batch is redelivered, never dropped. It never calls the business itself,
// so a slow or dead endpoint never holds up the partition or other businesses. Events of
// businesses without a subscription are owed nothing and skipped, as on Meta. Order within a key
// does not matter here: deliveries are keyed by their content's id.
import {
  type BatchHandler,
  type BatchRejection,
  checkThreadScope,
  EventHandlers,
  type Logger,
  type ReceivedEvent,
  type TenantScope,
} from "@switchboard/kit";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import type { DeliveryStore, ScopedNewDelivery } from "./delivery-store.ts";
import { memoizeLookup } from "./memoize-lookup.ts";
import { OWED_CHANGE_EVENTS, type OwedChange, owedChangeOf } from "./owed-change.ts";
import type { SubscriptionStore } from "./webhook-subscription.ts";

export interface DeliveryIntakeDeps {
  deliveries: Pick<DeliveryStore, "enqueueMany">;
  subscriptions: Pick<SubscriptionStore, "get">;
  phoneNumbers: Pick<CallerDirectory, "phoneNumber">;
  clock: () => number;
  /** Called once per business and batch with the ids of the deliveries it created (the worker's hints, the backlog count). */
  queued: (scope: TenantScope, deliveryIds: readonly string[]) => void;
  logger: Logger;
}

export function businessWebhookHandlers(deps: DeliveryIntakeDeps): EventHandlers {
  return new EventHandlers().onBatch(OWED_CHANGE_EVENTS, deliveryIntakeBatchHandler(deps));
}

const scopeKey = (scope: TenantScope) => `${scope.tenantId}/${scope.businessId}`;

export function deliveryIntakeBatchHandler(deps: DeliveryIntakeDeps): BatchHandler {
  return async (events) => {
    const rejected: BatchRejection[] = [];
    const owed: Array<{
      event: ReceivedEvent<unknown>;
      scope: TenantScope;
      phoneNumberId: string;
      change: OwedChange;
    }> = [];
    for (const event of events) {
      let change: OwedChange;
      try {
        change = owedChangeOf(event);
      } catch (error) {
        rejected.push({ event, error });
        continue;
      }
      // The envelope's tenant is authoritative; a payload naming another tenant is not delivered.
      const checked = checkThreadScope(event, change.thread, { requireBusiness: true });
      if (!checked.ok) {
        deps.logger.error({ eventId: event.id, type: event.type }, "thread event without a matching tenant; skipped");
        continue;
      }
      owed.push({ event, scope: checked.scope, phoneNumberId: checked.thread.phoneNumberId, change });
    }

    // Lookups per batch, not per event: a batch of one business's events asks once for each.
    const subscribed = memoizeLookup(scopeKey, async (scope: TenantScope) => !!(await deps.subscriptions.get(scope)));
    const numbers = memoizeLookup(
      ({ scope, phoneNumberId }: { scope: TenantScope; phoneNumberId: string }) =>
        `${scopeKey(scope)}/${phoneNumberId}`,
      ({ scope, phoneNumberId }) => deps.phoneNumbers.phoneNumber(scope, phoneNumberId),
    );
    const ready = await Promise.all(
      owed.map(async (item) => ((await subscribed(item.scope)) ? { ...item, number: await numbers(item) } : undefined)),
    );

    const items: ScopedNewDelivery[] = [];
    for (const item of ready) {
      if (!item) continue;
      let changeJson: string;
      try {
        changeJson = JSON.stringify(
          item.change.build({
            // Meta writes the display number as digits only.
            display_phone_number: (item.number?.displayPhoneNumber ?? "").replace(/[^0-9]/g, ""),
            phone_number_id: item.phoneNumberId,
          }),
        );
      } catch (error) {
        // A payload the change cannot be built from: that event alone is retried, then dead-lettered.
        rejected.push({ event: item.event, error });
        continue;
      }
      items.push({
        scope: item.scope,
        delivery: {
          deliveryId: item.change.deliveryId,
          eventType: item.event.type,
          phoneNumberId: item.phoneNumberId,
          changeJson,
        },
      });
    }
    if (items.length === 0) return rejected;

    const results = await deps.deliveries.enqueueMany(items, deps.clock());
    const created = new Map<string, { scope: TenantScope; deliveryIds: string[] }>();
    results.forEach((result, index) => {
      const item = items[index];
      if (!result.created || !item) return;
      const entry = created.get(scopeKey(item.scope)) ?? { scope: item.scope, deliveryIds: [] };
      entry.deliveryIds.push(item.delivery.deliveryId);
      created.set(scopeKey(item.scope), entry);
    });
    for (const { scope, deliveryIds } of created.values()) deps.queued(scope, deliveryIds);
    return rejected;
  };
}
