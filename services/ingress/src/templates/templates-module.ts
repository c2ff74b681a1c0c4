// Assembles templates from their store: the cached lookup the send path checks against, the Graph
// routes, the review (the upstream simulator's, or Meta's own when UPSTREAM_CHANNEL=cloud_api) and
// the intake of template webhooks, which forwards them through the business webhook deliveries.
// It opens no connection; the service builder passes the store in and starts the intake with its
// other workers.
import type { EventBus, Logger, SubscriptionHandle } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import type { BusinessWebhooks } from "../business-webhooks/business-webhooks.ts";
import type { MessageRequest } from "../send/send-request.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import { systemClock } from "../upstream-channel/simulator/clock.ts";
import type { UpstreamConfig } from "../upstream-channel/upstream-config.ts";
import { cachedTemplateLookup } from "./cached-templates.ts";
import { checkTemplateSend, type TemplateSend } from "./send-check.ts";
import { createSimulatedReview } from "./simulated-review.ts";
import type { TemplateConfig } from "./template-config.ts";
import { templateIntakeHandlers } from "./template-intake.ts";
import type { TemplateReview } from "./template-review.ts";
import { registerTemplateRoutes } from "./template-routes.ts";
import type { TemplateStore } from "./template-store.ts";
import { templateView } from "./template-views.ts";

export interface Templates {
  /** Throws Meta's error when a template send does not fit an approved template; other sends pass. */
  checkSend(caller: Caller, send: MessageRequest): Promise<void>;
  registerRoutes(app: FastifyInstance, callers: Pick<CallerDirectory, "callerForToken">): void;
  /** `GET /{version}/{template_id}`: the caller's template with that id, in Meta's fields, if any. */
  nodeById(caller: Caller, id: string): Promise<Record<string, unknown> | undefined>;
  /** Subscribes the intake; the handle's stop() is phase 1 of shutdown (and drops pending reviews). */
  start(): Promise<SubscriptionHandle>;
}

/** With Meta as the upstream, the review's outcome arrives as Meta's webhooks on /webhooks/meta. */
function metaReview(logger: Logger): TemplateReview {
  return {
    submit(template) {
      // Relaying the creation to Meta needs the account's Meta ids (not registered yet, see the README).
      logger.warn({ templateId: template.templateId }, "template stored; creation is not relayed to Meta yet");
    },
    stop() {},
  };
}

export function buildTemplates(deps: {
  store: TemplateStore;
  bus: EventBus;
  webhooks: Pick<BusinessWebhooks, "subscriptions" | "deliveries" | "worker">;
  config: TemplateConfig & Pick<UpstreamConfig, "UPSTREAM_CHANNEL">;
  logger: Logger;
}): Templates {
  const { store, bus, config, logger } = deps;
  const lookup = cachedTemplateLookup(store, { ttlMs: config.TEMPLATE_CACHE_TTL_MS });
  const review =
    config.UPSTREAM_CHANNEL === "cloud_api"
      ? metaReview(logger)
      : createSimulatedReview({ bus, clock: systemClock(), delayMs: config.TEMPLATE_REVIEW_DELAY_MS, logger });
  return {
    async checkSend(caller, send) {
      if (send.type !== "template") return;
      // parseSendRequest validated the body with the template family's schema.
      const { template } = send.body as { template: TemplateSend };
      const scope = { tenantId: caller.tenantId, businessId: caller.businessId };
      checkTemplateSend(await lookup.get(scope, { name: template.name, language: template.language.code }), template);
    },
    registerRoutes(app, callers) {
      registerTemplateRoutes(app, { callers, store, lookup, review, clock: Date.now });
    },
    async nodeById(caller, id) {
      const scope = { tenantId: caller.tenantId, businessId: caller.businessId };
      const [record] = (await store.list(scope, { templateId: id }, { limit: 1, after: "", before: "" })).items;
      return record ? templateView(record) : undefined;
    },
    async start() {
      const consumer = await bus.subscribe({
        groupId: config.TEMPLATE_CONSUMER_GROUP,
        handlers: templateIntakeHandlers({
          store,
          lookup,
          deliveries: deps.webhooks.deliveries,
          subscriptions: deps.webhooks.subscriptions,
          queued: () => deps.webhooks.worker.wake(),
          clock: Date.now,
          logger,
        }),
      });
      return {
        async stop() {
          await consumer.stop();
          review.stop();
        },
      };
    },
  };
}
