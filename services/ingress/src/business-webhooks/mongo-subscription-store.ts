// MongoDB adapter of the SubscriptionStore: one document per (tenant, business), replaced by an
// idempotent upsert. Production must wrap `appSecret` with a KMS data key before it reaches this
// collection (it is needed in clear only to sign deliveries); dev and tests store it as given.
import { traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import type { SubscriptionStore, WebhookSubscription } from "./webhook-subscription.ts";

const subscriptionSchema = new Schema<WebhookSubscription>(
  {
    tenantId: { type: String, required: true },
    businessId: { type: String, required: true },
    callbackUrl: { type: String, required: true },
    verifyToken: { type: String, required: true },
    appSecret: { type: String, required: true },
    createdAtMs: { type: Number, required: true },
    updatedAtMs: { type: Number, required: true },
  },
  { versionKey: false },
);
subscriptionSchema.index({ tenantId: 1, businessId: 1 }, { unique: true });

export async function createMongoSubscriptionStore(connection: Connection): Promise<SubscriptionStore> {
  const subscriptions = connection.model<WebhookSubscription>(
    "WebhookSubscription",
    subscriptionSchema,
    "webhook_subscriptions",
  );
  await subscriptions.createIndexes();
  return {
    async put(scope, subscription) {
      const { createdAtMs, ...rest } = subscription;
      await traceDb("webhook_subscriptions", "upsert", () =>
        subscriptions.updateOne(
          { tenantId: scope.tenantId, businessId: scope.businessId },
          { $set: rest, $setOnInsert: { tenantId: scope.tenantId, businessId: scope.businessId, createdAtMs } },
          { upsert: true },
        ),
      );
    },
    async get(scope) {
      const found = await traceDb("webhook_subscriptions", "findOne", () =>
        subscriptions
          .findOne({ tenantId: scope.tenantId, businessId: scope.businessId }, { _id: 0 })
          .lean<WebhookSubscription>(),
      );
      return found ?? undefined;
    },
  };
}
