// Every store the ingress service keeps, as ports, and their MongoDB adapters opened on one
// connection. main.ts opens them over the runtime's connection; an integration test opens them
// over its own database, or passes in-memory adapters instead.
import type { Connection } from "mongoose";
import type { DeliveryStore } from "./business-webhooks/delivery-store.ts";
import { createMongoDeliveryStore } from "./business-webhooks/mongo-delivery-store.ts";
import { createMongoSubscriptionStore } from "./business-webhooks/mongo-subscription-store.ts";
import type { SubscriptionStore } from "./business-webhooks/webhook-subscription.ts";
import type { IngressConfig } from "./config.ts";
import type { IdempotencyStore } from "./idempotency/idempotency-store.ts";
import { createMongoIdempotencyStore } from "./idempotency/mongo-idempotency-store.ts";
import { createGridFsMediaStore } from "./media/gridfs-media-store.ts";
import type { MediaStore } from "./media/media-store.ts";
import { createMongoTemplateStore } from "./templates/mongo-template-store.ts";
import type { TemplateStore } from "./templates/template-store.ts";
import { credentialSealerOf } from "./tenancy/credential-sealer.ts";
import { createMongoTenancy } from "./tenancy/mongo-tenancy.ts";
import type { Tenancy } from "./tenancy/tenancy.ts";
import { createMongoUpstreamDedupe } from "./upstream/mongo-upstream-dedupe.ts";
import type { UpstreamDedupe } from "./upstream/upstream-dedupe.ts";
import { createMongoUpstreamMessageIds } from "./upstream-ids/mongo-upstream-message-ids.ts";
import type { UpstreamMessageIds } from "./upstream-ids/upstream-message-ids.ts";

export interface IngressStores {
  tenancy: Tenancy;
  /** Idempotency-Key claims and answers of the send API. */
  idempotency: IdempotencyStore;
  media: MediaStore;
  /** Claims of Meta's webhook items, so a redelivered one publishes nothing. */
  upstreamDedupe: UpstreamDedupe;
  /** Meta's ids of our Cloud API sends (the sender writes them, the webhook receiver reads them). */
  upstreamMessageIds: UpstreamMessageIds;
  webhookSubscriptions: SubscriptionStore;
  /** Webhook deliveries owed to businesses; the only writer of `pending_deliveries`. */
  webhookDeliveries: DeliveryStore;
  /** The message templates of every business account. */
  messageTemplates: TemplateStore;
}

export async function createMongoIngressStores(
  connection: Connection,
  config: Pick<IngressConfig, "PUBLISH_TIMEOUT_MS" | "SECRETS_KEYS" | "UPSTREAM_CREDENTIALS_KEY">,
): Promise<IngressStores> {
  const sealer = credentialSealerOf(config);
  return {
    tenancy: await createMongoTenancy(connection),
    // A claim outlives the longest publish it waits for, so a live request never loses it.
    idempotency: await createMongoIdempotencyStore(connection, { leaseMs: 2 * config.PUBLISH_TIMEOUT_MS }),
    media: await createGridFsMediaStore(connection),
    upstreamDedupe: await createMongoUpstreamDedupe(connection),
    upstreamMessageIds: await createMongoUpstreamMessageIds(connection),
    webhookSubscriptions: await createMongoSubscriptionStore(connection, sealer),
    webhookDeliveries: await createMongoDeliveryStore(connection),
    messageTemplates: createMongoTemplateStore(connection),
  };
}
