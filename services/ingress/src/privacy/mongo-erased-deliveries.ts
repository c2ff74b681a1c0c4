// Drops the business-webhook deliveries still owed for an erased customer (pending or parked: both
// hold message content and could still be sent or replayed). It reads the webhook delivery store's
// collection (`pending_deliveries`, see business-webhooks/mongo-delivery-store.ts) one bounded page
// at a time for the business's number and deletes, by `_id`, the unclaimed ones whose change is
// about the customer. A delivery a worker has claimed is mid-send and is left to its lease holder
// (the only writer of a claimed delivery). Delivered markers hold no content and stay.
import type { TenantScope } from "@switchboard/kit";
import type { Connection } from "mongoose";
import { customersOfChange } from "./change-customers.ts";

const PAGE = 200;

interface DeliveryRow {
  _id: string;
  changeJson: string;
  claimedUntilMs: number;
}

export interface ErasedDeliveries {
  dropOwedTo(scope: TenantScope, phoneNumberId: string, customerIds: readonly string[], nowMs: number): Promise<number>;
}

export function createMongoErasedDeliveries(connection: Connection): ErasedDeliveries {
  const deliveries = connection.collection<DeliveryRow & Record<string, unknown>>("pending_deliveries");
  return {
    async dropOwedTo(scope, phoneNumberId, customerIds, nowMs) {
      const wanted = new Set(customerIds.filter((id) => id !== ""));
      let dropped = 0;
      let after = "";
      for (;;) {
        const page = await deliveries
          .find(
            {
              tenantId: scope.tenantId,
              businessId: scope.businessId,
              phoneNumberId,
              state: { $in: ["pending", "parked"] },
              _id: { $gt: after },
            },
            { projection: { _id: 1, changeJson: 1, claimedUntilMs: 1 } },
          )
          .sort({ _id: 1 })
          .limit(PAGE)
          .toArray();
        const doomed = page
          .filter((d) => d.claimedUntilMs <= nowMs && [...customersOfChange(d.changeJson)].some((id) => wanted.has(id)))
          .map((d) => d._id);
        if (doomed.length > 0) {
          const result = await deliveries.deleteMany({ _id: { $in: doomed }, claimedUntilMs: { $lte: nowMs } });
          dropped += result.deletedCount;
        }
        if (page.length < PAGE) return dropped;
        after = page.at(-1)?._id ?? after;
      }
    },
  };
}
