// Assembles templates from their store: the cached lookup the send path checks against, the Graph
// routes (list, create, delete, edit), the review (the upstream simulator's, or Meta's own when
// UPSTREAM_CHANNEL=cloud_api, where creation, edits and deletion are relayed to Meta and Meta's
// templates are imported), and the intake of template webhooks, which forwards them through the
// business webhook deliveries. It opens no connection; the service builder passes the store in
// and starts the intake with its other workers.
import type { EventBus, Logger, SubscriptionHandle } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import type { BusinessWebhooks } from "../business-webhooks/business-webhooks.ts";
import type { MessageRequest } from "../send/send-request.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import { metaAccessOf } from "../upstream-channel/meta-access.ts";
import { systemClock } from "../upstream-channel/simulator/clock.ts";
import type { MetaCredentialSource } from "../upstream-channel/start-upstream-sender.ts";
import type { UpstreamConfig } from "../upstream-channel/upstream-config.ts";
import { cachedTemplateLookup } from "./cached-templates.ts";
import { createMetaTemplates, type MetaTemplates } from "./meta-templates.ts";
import { resumePendingReviews } from "./resume-reviews.ts";
import { checkTemplateSend, type TemplateSend } from "./send-check.ts";
import { createSimulatedReview } from "./simulated-review.ts";
import type { TemplateConfig } from "./template-config.ts";
import { registerTemplateEditRoute } from "./template-edit-route.ts";
import { templateIntakeHandlers } from "./template-intake.ts";
import type { TemplateReview } from "./template-review.ts";
import { registerTemplateRoutes } from "./template-routes.ts";
import type { TemplateStore } from "./template-store.ts";
import { createTemplateSync, type TemplateSync } from "./template-sync.ts";
import { startTemplateSyncLoop } from "./template-sync-loop.ts";
import { registerTemplateSyncRoute } from "./template-sync-route.ts";
import { templateView } from "./template-views.ts";

export interface Templates {
  /** Throws Meta's error when a template send does not fit an approved template; other sends pass. */
  checkSend(caller: Caller, send: MessageRequest): Promise<void>;
  registerRoutes(app: FastifyInstance, callers: Pick<CallerDirectory, "callerForToken">): void;
  /** `GET /{version}/{template_id}`: the caller's template with that id, in Meta's fields, if any. */
  nodeById(caller: Caller, id: string): Promise<Record<string, unknown> | undefined>;
  /** Imports the business's templates from Meta; undefined when not relaying to Meta or no credentials. */
  syncBusiness: TemplateSync;
  /**
   * Subscribes the intake, resumes simulated reviews a previous process left pending and starts the
   * periodic import from Meta; the handle's stop() is phase 1 of shutdown (and drops pending reviews).
   */
  start(): Promise<SubscriptionHandle>;
}

export type TemplatesConfig = TemplateConfig &
  Pick<UpstreamConfig, "UPSTREAM_CHANNEL"> &
  Partial<
    Pick<UpstreamConfig, "UPSTREAM_CLOUD_API_BASE_URL" | "UPSTREAM_CLOUD_API_VERSION" | "UPSTREAM_CLOUD_API_TOKEN">
  > & { ADMIN_TOKEN?: string };

/** With Meta as the upstream, Meta reviews: the outcome arrives as Meta's webhooks on /webhooks/meta. */
const metaReview: TemplateReview = { submit() {}, resume() {}, stop() {} };

function metaTemplatesOf(
  config: TemplatesConfig,
  credentials: MetaCredentialSource | undefined,
): MetaTemplates | undefined {
  if (config.UPSTREAM_CHANNEL !== "cloud_api" || !config.UPSTREAM_CLOUD_API_BASE_URL) return undefined;
  const token = config.UPSTREAM_CLOUD_API_TOKEN;
  return createMetaTemplates({
    baseUrl: config.UPSTREAM_CLOUD_API_BASE_URL,
    ...(credentials ? { access: metaAccessOf(credentials) } : {}),
    configured:
      token === undefined
        ? undefined
        : { accessToken: token, apiVersion: config.UPSTREAM_CLOUD_API_VERSION ?? "v23.0" },
  });
}

export function buildTemplates(deps: {
  store: TemplateStore;
  bus: EventBus;
  webhooks: Pick<BusinessWebhooks, "subscriptions" | "deliveries" | "worker">;
  config: TemplatesConfig;
  logger: Logger;
  /** Where each business's Meta credentials are (relaying to Meta). */
  credentials?: MetaCredentialSource;
  /** Every business account: the periodic import, the review resume, the admin import route. */
  directory?: Pick<TenancyAdmin, "listTenants" | "listBusinessAccounts" | "businessAccount">;
}): Templates {
  const { store, bus, config, logger, directory } = deps;
  const lookup = cachedTemplateLookup(store, { ttlMs: config.TEMPLATE_CACHE_TTL_MS });
  const relay = metaTemplatesOf(config, deps.credentials);
  const review = relay
    ? metaReview
    : createSimulatedReview({ bus, clock: systemClock(), delayMs: config.TEMPLATE_REVIEW_DELAY_MS, logger });
  const sync: TemplateSync = relay
    ? createTemplateSync({ meta: relay, store, lookup, clock: Date.now, logger })
    : async () => undefined;

  return {
    async checkSend(caller, send) {
      if (send.type !== "template") return;
      // parseSendRequest validated the body with the template family's schema.
      const { template } = send.body as { template: TemplateSend };
      const scope = { tenantId: caller.tenantId, businessId: caller.businessId };
      checkTemplateSend(await lookup.get(scope, { name: template.name, language: template.language.code }), template);
    },
    registerRoutes(app, callers) {
      const routeDeps = { callers, store, lookup, review, relay, clock: Date.now };
      registerTemplateRoutes(app, routeDeps);
      registerTemplateEditRoute(app, routeDeps);
      if (relay && directory && config.ADMIN_TOKEN) {
        registerTemplateSyncRoute(app, { adminToken: config.ADMIN_TOKEN, admin: directory, sync });
      }
    },
    async nodeById(caller, id) {
      const scope = { tenantId: caller.tenantId, businessId: caller.businessId };
      const [record] = (await store.list(scope, { templateId: id }, { limit: 1, after: "", before: "" })).items;
      return record ? templateView(record) : undefined;
    },
    syncBusiness: sync,
    async start() {
      const consumer = await bus.subscribe({
        groupId: config.TEMPLATE_CONSUMER_GROUP,
        handlers: templateIntakeHandlers({
          store,
          lookup,
          deliveries: deps.webhooks.deliveries,
          subscriptions: deps.webhooks.subscriptions,
          // Rare (review outcomes), and not hinted: a scan finds it.
          queued: () => deps.webhooks.worker.scanSoon(),
          clock: Date.now,
          logger,
        }),
      });
      if (!relay && directory) await resumePendingReviews({ directory, store, review, logger });
      const loop =
        relay && directory
          ? startTemplateSyncLoop({ directory, sync, intervalMs: config.TEMPLATE_SYNC_INTERVAL_MS, logger })
          : undefined;
      return {
        async stop() {
          loop?.stop();
          await consumer.stop();
          review.stop();
        },
      };
    },
  };
}
