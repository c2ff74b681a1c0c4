// MongoDB adapter of the SubscriptionStore: one document per (tenant, business), replaced by an
// idempotent upsert. With a sealer (SECRETS_KEYS or UPSTREAM_CREDENTIALS_KEY) the app secret and
// verify token are stored only envelope-encrypted (`sealedAppSecret`, `sealedVerifyToken`); a
// document written before (plaintext fields) or under a retired key is re-sealed on its next
// read. Without a sealer (dev and tests) they are stored as given.
import { traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import type { CredentialSealer } from "../tenancy/credential-sealer.ts";
import type { SubscriptionStore, WebhookSubscription } from "./webhook-subscription.ts";

type StoredSubscription = WebhookSubscription & { sealedAppSecret?: string; sealedVerifyToken?: string };

const subscriptionSchema = new Schema<StoredSubscription>(
  {
    tenantId: { type: String, required: true },
    businessId: { type: String, required: true },
    callbackUrl: { type: String, required: true },
    verifyToken: { type: String, default: "" },
    appSecret: { type: String, default: "" },
    sealedVerifyToken: { type: String, required: false },
    sealedAppSecret: { type: String, required: false },
    createdAtMs: { type: Number, required: true },
    updatedAtMs: { type: Number, required: true },
  },
  { versionKey: false },
);
subscriptionSchema.index({ tenantId: 1, businessId: 1 }, { unique: true });

export async function createMongoSubscriptionStore(
  connection: Connection,
  sealer?: CredentialSealer,
): Promise<SubscriptionStore> {
  const subscriptions = connection.model<StoredSubscription>(
    "WebhookSubscription",
    subscriptionSchema,
    "webhook_subscriptions",
  );
  await subscriptions.createIndexes();
  const contexts = (scope: { tenantId: string; businessId: string }) => ({
    appSecret: { ...scope, field: "webhook_app_secret" as const },
    verifyToken: { ...scope, field: "webhook_verify_token" as const },
  });
  const sealed = (scope: { tenantId: string; businessId: string }, appSecret: string, verifyToken: string) => {
    if (!sealer) return { appSecret, verifyToken };
    const context = contexts(scope);
    return {
      appSecret: "",
      verifyToken: "",
      sealedAppSecret: sealer.seal(appSecret, context.appSecret),
      sealedVerifyToken: sealer.seal(verifyToken, context.verifyToken),
    };
  };
  return {
    async put(scope, subscription) {
      const { createdAtMs, appSecret, verifyToken, ...rest } = subscription;
      const secrets = sealed(scope, appSecret, verifyToken);
      await traceDb("webhook_subscriptions", "upsert", () =>
        subscriptions.updateOne(
          { tenantId: scope.tenantId, businessId: scope.businessId },
          {
            $set: { ...rest, ...secrets },
            $setOnInsert: { tenantId: scope.tenantId, businessId: scope.businessId, createdAtMs },
          },
          { upsert: true },
        ),
      );
    },
    async get(scope) {
      const found = await traceDb("webhook_subscriptions", "findOne", () =>
        subscriptions
          .findOne({ tenantId: scope.tenantId, businessId: scope.businessId }, { _id: 0 })
          .lean<StoredSubscription>(),
      );
      if (!found) return undefined;
      const { sealedAppSecret, sealedVerifyToken, ...subscription } = found;
      if (!sealer) return subscription;
      const context = contexts(scope);
      const open = (value: string | undefined, plain: string, ctx: (typeof context)["appSecret" | "verifyToken"]) =>
        value ? sealer.open(value, ctx) : plain;
      const appSecret = open(sealedAppSecret, found.appSecret, context.appSecret);
      const verifyToken = open(sealedVerifyToken, found.verifyToken, context.verifyToken);
      const stale =
        !sealedAppSecret ||
        !sealedVerifyToken ||
        sealer.needsReseal(sealedAppSecret) ||
        sealer.needsReseal(sealedVerifyToken);
      if (stale) {
        // Conditional on what was read, so a concurrent put is never overwritten with older values.
        await traceDb("webhook_subscriptions", "updateOne", () =>
          subscriptions.updateOne(
            { tenantId: scope.tenantId, businessId: scope.businessId, updatedAtMs: found.updatedAtMs },
            { $set: sealed(scope, appSecret, verifyToken) },
          ),
        );
      }
      return { ...subscription, appSecret, verifyToken };
    },
  };
}
