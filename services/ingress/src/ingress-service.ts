// Builds the ingress service from its dependencies: the HTTP edge, every consumer and loop it runs
// (business webhook intake and delivery, erasures, template webhooks, the upstream sender) and the
// start-up sweep of hosting changes. main.ts and the integration tests build it here, the same way;
// building opens nothing and subscribes nothing: workers start when asked.
import type { SubscriptionHandle } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import { publishStalePendingHostingChanges } from "./admin/hosting-change.ts";
import { buildBusinessWebhooks } from "./business-webhooks/business-webhooks.ts";
import { catalogPricesOf } from "./catalog/catalog-prices.ts";
import type { IngressConfig } from "./config.ts";
import { startIngressPrune } from "./housekeeping/start-prune.ts";
import type { IngressDeps } from "./ingress-deps.ts";
import { buildIngressHttp } from "./ingress-http.ts";
import { startMediaArchive } from "./media/start-media-archive.ts";
import { erasureHandlers } from "./privacy/erasure-consumer.ts";
import { importingTemplatesOnCredentials } from "./templates/import-on-credentials.ts";
import { buildTemplates } from "./templates/templates-module.ts";
import { credentialSealerOf } from "./tenancy/credential-sealer.ts";
import { resealingTenancy } from "./tenancy/resealing-tenancy.ts";
import { startUpstreamSender } from "./upstream-channel/start-upstream-sender.ts";

export interface IngressWorker {
  /** Subscribes (or starts looping); the handle's stop() belongs to phase 1 of shutdown. */
  start(): Promise<SubscriptionHandle>;
}

export interface IngressService {
  /** The HTTP edge, not yet listening. */
  http: FastifyInstance;
  /** Everything that runs beside HTTP, by name: main.ts starts them all, a test what it exercises. */
  workers: {
    /** The intake of thread events into owed deliveries, and the loop that delivers them. */
    businessWebhooks: IngressWorker;
    /** Drops deliveries owed about customers erased by the conversation service. */
    erasures: IngressWorker;
    /** Sends ready-to-send messages upstream and reports their statuses. */
    upstreamSender: IngressWorker;
    /** Applies the upstream's template webhooks and forwards them to the business. */
    templates: IngressWorker;
    /** Archives the media customers send through Meta, under Meta's media id (Cloud API only). */
    mediaArchive: IngressWorker;
    /** Deletes old idempotency keys, upstream dedupe claims and parked deliveries (no TTL on FerretDB). */
    prune: IngressWorker;
  };
  /** Publishes hosting changes a previous process stored but could not get acknowledged by Kafka. */
  publishPendingHostingChanges(): Promise<number>;
}

export function buildIngressService(deps: IngressDeps, config: IngressConfig): IngressService {
  const { bus, logger } = deps;
  const sealer = credentialSealerOf(config);
  // Values under a retired key are re-sealed as they are read (key rotation without a migration).
  const tenancy = resealingTenancy(deps.tenancy, sealer, logger);
  const webhooks = buildBusinessWebhooks({
    subscriptions: deps.webhookSubscriptions,
    deliveries: deps.webhookDeliveries,
    numbers: tenancy.callers,
    bus,
    config,
    logger,
  });
  const templates = buildTemplates({
    store: deps.messageTemplates,
    bus,
    webhooks,
    config,
    logger,
    credentials: { routing: tenancy.upstream, sealer },
    directory: tenancy.admin,
  });
  // Registering a business's Meta credentials imports its templates from Meta.
  const admin = importingTemplatesOnCredentials(tenancy.admin, templates.syncBusiness, logger);
  return {
    http: buildIngressHttp({ ...deps, tenancy: { ...tenancy, admin } }, webhooks, config, templates),
    workers: {
      businessWebhooks: webhooks,
      erasures: {
        // Its own group beside the intake's, so an erasure never waits behind deliveries.
        start: () =>
          bus.subscribe({
            groupId: `${config.WEBHOOK_CONSUMER_GROUP}-erasures`,
            handlers: erasureHandlers({ deliveries: deps.webhookDeliveries, clock: Date.now, logger }),
          }),
      },
      upstreamSender: {
        start: () =>
          startUpstreamSender({
            config,
            bus,
            logger,
            messageIds: deps.upstreamMessageIds,
            credentials: { routing: tenancy.upstream, sealer },
            media: deps.media,
            prices: catalogPricesOf(deps.commerce),
          }),
      },
      templates,
      mediaArchive: {
        start: () =>
          startMediaArchive({
            config,
            bus,
            logger,
            media: deps.media,
            credentials: { routing: tenancy.upstream, sealer },
          }),
      },
      prune: {
        start: async () =>
          startIngressPrune({
            idempotency: deps.idempotency,
            upstreamDedupe: deps.upstreamDedupe,
            deliveries: deps.webhookDeliveries,
            config,
            logger,
          }),
      },
    },
    publishPendingHostingChanges: () =>
      publishStalePendingHostingChanges({
        admin: tenancy.admin,
        numbers: tenancy.callers,
        bus,
        publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
      }),
  };
}
