// Assembles business webhooks from their stores: the subscription cache, the delivery worker, the
// Kafka intake (consumer group WEBHOOK_CONSUMER_GROUP) and the HTTP routes. It opens no connection
// of its own; the service builder passes the stores in and starts it with its other workers.
import type { EventBus, Logger, SubscriptionHandle } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import type { OutboundConfig } from "../outbound/outbound-config.ts";
import { outboundHttpOf } from "../outbound/outbound-of-config.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import { type BacklogGuard, createBacklogGuard } from "./backlog-guard.ts";
import { sampleBacklog } from "./backlog-sampling.ts";
import { cachedSubscriptionStore } from "./cached-subscription-store.ts";
import { createCallbackHandshake } from "./callback-handshake.ts";
import { registerDeliveryAdminRoutes } from "./delivery-admin-routes.ts";
import { meterDeliveryBacklog } from "./delivery-backlog-metric.ts";
import { businessWebhookHandlers } from "./delivery-intake.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import { deliveryTuningOf } from "./delivery-tuning.ts";
import { createDeliveryWorker, type DeliveryWorker } from "./delivery-worker.ts";
import { registerSubscriptionRoutes } from "./subscription-routes.ts";
import type { BusinessWebhookConfig } from "./webhook-config.ts";
import { createWebhookPoster } from "./webhook-poster.ts";
import type { SubscriptionStore } from "./webhook-subscription.ts";

export interface BusinessWebhooks {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  worker: DeliveryWorker;
  /** Pending deliveries per business against WEBHOOK_MAX_PENDING_PER_BUSINESS. */
  backlog: BacklogGuard;
  /**
   * Subscribes the intake and starts the delivery loop. The handle's stop() is phase 1 of
   * shutdown: stop consuming (offsets committed), then let the worker finish its round.
   */
  start(): Promise<SubscriptionHandle>;
}

export function buildBusinessWebhooks(deps: {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  /** The display number of each event's number (the same cached lookup requests use). */
  numbers: Pick<CallerDirectory, "phoneNumber">;
  bus: EventBus;
  config: BusinessWebhookConfig & OutboundConfig;
  logger: Logger;
}): BusinessWebhooks {
  const { config } = deps;
  // switchboard_webhook_backlog{tenant,business}: counted in process, no store round trip added.
  const deliveries = meterDeliveryBacklog(deps.deliveries);
  // Read per consumed event and per delivery round: served from memory (see the cache's bounds).
  const subscriptions = cachedSubscriptionStore(deps.subscriptions, {
    ttlMs: config.WEBHOOK_SUBSCRIPTION_CACHE_TTL_MS,
  });
  const worker = createDeliveryWorker({
    store: deliveries,
    subscriptions,
    post: createWebhookPoster({
      http: outboundHttpOf(config),
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: config.OUTBOUND_MAX_RESPONSE_BYTES,
    }),
    bus: deps.bus,
    ...deliveryTuningOf(config),
    clock: Date.now,
    random: Math.random,
    logger: deps.logger,
  });
  const backlog = createBacklogGuard({
    store: deliveries,
    cap: config.WEBHOOK_MAX_PENDING_PER_BUSINESS,
    clock: Date.now,
    logger: deps.logger,
  });
  return {
    subscriptions,
    deliveries,
    worker,
    backlog,
    async start() {
      const consumer = await deps.bus.subscribe({
        groupId: config.WEBHOOK_CONSUMER_GROUP,
        handlers: businessWebhookHandlers({
          deliveries,
          subscriptions,
          phoneNumbers: deps.numbers,
          clock: Date.now,
          queued: (scope, deliveryIds) => {
            backlog.queued(scope, deliveryIds.length);
            worker.queued(scope, deliveryIds);
          },
          logger: deps.logger,
        }),
      });
      const stopping = new AbortController();
      const loop = worker.run(stopping.signal);
      const sampling = sampleBacklog(backlog, config.WEBHOOK_BACKLOG_SAMPLE_MS, stopping.signal, deps.logger);
      return {
        async stop() {
          await consumer.stop();
          stopping.abort();
          await Promise.all([loop, sampling]);
        },
      };
    },
  };
}

export function registerBusinessWebhookRoutes(
  app: FastifyInstance,
  deps: {
    callers: Pick<CallerDirectory, "callerForToken">;
    admin: Pick<TenancyAdmin, "businessAccount">;
    webhooks: Pick<BusinessWebhooks, "subscriptions" | "deliveries" | "worker" | "backlog">;
    adminToken: string;
    config: Pick<BusinessWebhookConfig, "WEBHOOK_ALLOW_HTTP_CALLBACKS" | "WEBHOOK_TIMEOUT_MS"> &
      Pick<OutboundConfig, "OUTBOUND_ALLOW_PRIVATE_NETWORKS" | "OUTBOUND_ALLOW_HOSTS">;
  },
): void {
  registerSubscriptionRoutes(app, {
    callers: deps.callers,
    subscriptions: deps.webhooks.subscriptions,
    handshake: createCallbackHandshake({
      http: outboundHttpOf(deps.config),
      timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS,
    }),
    allowHttpCallbacks: deps.config.WEBHOOK_ALLOW_HTTP_CALLBACKS,
    clock: Date.now,
  });
  registerDeliveryAdminRoutes(app, {
    admin: deps.admin,
    deliveries: deps.webhooks.deliveries,
    backlog: deps.webhooks.backlog,
    adminToken: deps.adminToken,
    clock: Date.now,
    replayed: () => deps.webhooks.worker.scanSoon(),
  });
}
