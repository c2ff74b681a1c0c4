// Assembles business webhooks for the composition root: the Mongo stores, the Kafka intake
// (consumer group WEBHOOK_CONSUMER_GROUP), the delivery worker loop, and the HTTP routes. It opens
// no connection of its own; main.ts passes the ones it owns and calls stop() on shutdown.
import type { EventBus, Logger, SubscriptionHandle } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import type { TenantStore } from "../tenancy/tenant-store.ts";
import { cachedSubscriptionStore } from "./cached-subscription-store.ts";
import { type CallbackHandshake, createFetchHandshake } from "./callback-handshake.ts";
import { registerDeliveryAdminRoutes } from "./delivery-admin-routes.ts";
import { businessWebhookHandlers } from "./delivery-intake.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import { createDeliveryWorker, type DeliveryWorker } from "./delivery-worker.ts";
import { createMongoDeliveryStore } from "./mongo-delivery-store.ts";
import { createMongoSubscriptionStore } from "./mongo-subscription-store.ts";
import { registerSubscriptionRoutes } from "./subscription-routes.ts";
import type { BusinessWebhookConfig } from "./webhook-config.ts";
import { createFetchPoster } from "./webhook-poster.ts";
import type { SubscriptionStore } from "./webhook-subscription.ts";

export interface BusinessWebhooks {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  worker: DeliveryWorker;
  /** Phase-1 shutdown: stop consuming (offsets committed), let the worker finish its round. */
  stop(): Promise<void>;
}

export async function startBusinessWebhooks(deps: {
  connection: Connection;
  bus: EventBus;
  tenants: TenantStore;
  config: BusinessWebhookConfig;
  logger: Logger;
}): Promise<BusinessWebhooks> {
  const { config } = deps;
  // Read per consumed event and per delivery round: served from memory (see the cache's bounds).
  const subscriptions = cachedSubscriptionStore(await createMongoSubscriptionStore(deps.connection), {
    ttlMs: config.WEBHOOK_SUBSCRIPTION_CACHE_TTL_MS,
  });
  const deliveries = await createMongoDeliveryStore(deps.connection);
  const worker = createDeliveryWorker({
    store: deliveries,
    subscriptions,
    post: createFetchPoster({ timeoutMs: config.WEBHOOK_TIMEOUT_MS }),
    bus: deps.bus,
    policy: {
      initialBackoffMs: config.WEBHOOK_INITIAL_BACKOFF_MS,
      maxBackoffMs: config.WEBHOOK_MAX_BACKOFF_MS,
      maxRetryAgeMs: config.WEBHOOK_MAX_RETRY_AGE_MS,
    },
    batchSize: config.WEBHOOK_BATCH_SIZE,
    claimLimit: config.WEBHOOK_BATCH_SIZE * config.WEBHOOK_CONCURRENCY,
    // Longer than a round can take (one business may get every batch of it, sent one after the
    // other), so a live worker never loses its claim mid-send.
    leaseMs: config.WEBHOOK_TIMEOUT_MS * (config.WEBHOOK_CONCURRENCY + 2),
    pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
    lingerMs: Math.min(100, config.WEBHOOK_POLL_INTERVAL_MS),
    // Kafka redelivers within minutes of a crash; an hour of markers absorbs that with margin.
    deliveredRetentionMs: 60 * 60 * 1000,
    concurrency: config.WEBHOOK_CONCURRENCY,
    clock: Date.now,
    random: Math.random,
    logger: deps.logger,
  });
  const consumer: SubscriptionHandle = await deps.bus.subscribe({
    groupId: config.WEBHOOK_CONSUMER_GROUP,
    handlers: businessWebhookHandlers({
      deliveries,
      subscriptions,
      phoneNumbers: deps.tenants,
      clock: Date.now,
      queued: () => worker.wake(),
      logger: deps.logger,
    }),
  });
  const stopping = new AbortController();
  const loop = worker.run(stopping.signal);
  return {
    subscriptions,
    deliveries,
    worker,
    async stop() {
      await consumer.stop();
      stopping.abort();
      await loop;
    },
  };
}

export function registerBusinessWebhookRoutes(
  app: FastifyInstance,
  deps: {
    tenants: TenantStore;
    webhooks: Pick<BusinessWebhooks, "subscriptions" | "deliveries" | "worker">;
    adminToken: string;
    config: Pick<BusinessWebhookConfig, "WEBHOOK_ALLOW_HTTP_CALLBACKS" | "WEBHOOK_TIMEOUT_MS">;
    handshake?: CallbackHandshake;
  },
): void {
  registerSubscriptionRoutes(app, {
    tenants: deps.tenants,
    subscriptions: deps.webhooks.subscriptions,
    handshake: deps.handshake ?? createFetchHandshake({ timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS }),
    allowHttpCallbacks: deps.config.WEBHOOK_ALLOW_HTTP_CALLBACKS,
    clock: Date.now,
  });
  registerDeliveryAdminRoutes(app, {
    tenants: deps.tenants,
    deliveries: deps.webhooks.deliveries,
    adminToken: deps.adminToken,
    clock: Date.now,
    replayed: () => deps.webhooks.worker.wake(),
  });
}
