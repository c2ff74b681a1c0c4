// Wires Meta's webhook endpoint into the ingress app when the installation configured both the
// app secret and the verify token; without them the endpoint is not served at all (an endpoint
// that cannot verify signatures must not accept anything).
import type { EventBus, Logger } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import type { UpstreamConfig } from "../upstream-channel/upstream-config.ts";
import type { UpstreamDedupe } from "./upstream-dedupe.ts";
import type { UpstreamMessageIds } from "./upstream-message-ids.ts";
import type { UpstreamRouting } from "./upstream-targets.ts";
import { registerUpstreamWebhookRoutes } from "./webhook-routes.ts";

export interface UpstreamWebhookPorts {
  routing: UpstreamRouting;
  dedupe: UpstreamDedupe;
  messageIds?: UpstreamMessageIds;
  bus: EventBus;
  logger: Logger;
}

/** True when the routes were registered. */
export function registerUpstreamWebhooks(
  app: FastifyInstance,
  ports: UpstreamWebhookPorts,
  config: Pick<UpstreamConfig, "UPSTREAM_APP_SECRET" | "UPSTREAM_VERIFY_TOKEN"> & { PUBLISH_TIMEOUT_MS: number },
): boolean {
  const { UPSTREAM_APP_SECRET: appSecret, UPSTREAM_VERIFY_TOKEN: verifyToken } = config;
  if (!appSecret || !verifyToken) {
    ports.logger.warn("UPSTREAM_APP_SECRET / UPSTREAM_VERIFY_TOKEN not set: /webhooks/meta is not served");
    return false;
  }
  let unroutableTotal = 0;
  registerUpstreamWebhookRoutes(app, {
    ...ports,
    appSecret,
    verifyToken,
    publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
    countUnroutable: (count) => {
      unroutableTotal += count;
      ports.logger.warn({ unroutableTotal }, "upstream webhook changes for numbers not hosted here");
    },
  });
  return true;
}
