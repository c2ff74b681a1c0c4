// Wires Meta's webhook endpoint into the ingress app when the installation configured the verify
// token and a way to verify signatures — its app secret, or the key that seals the app secrets
// businesses register (webhook-app-secret.ts); without them the endpoint is not served at all (an
// endpoint that cannot verify signatures must not accept anything).
import type { EventBus, Logger } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import type { CredentialSealer } from "../tenancy/credential-sealer.ts";
import type { UpstreamRouting } from "../tenancy/upstream-routing.ts";
import type { UpstreamConfig } from "../upstream-channel/upstream-config.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import type { UpstreamDedupe } from "./upstream-dedupe.ts";
import { appSecretResolver } from "./webhook-app-secret.ts";
import { registerUpstreamWebhookRoutes } from "./webhook-routes.ts";

export interface UpstreamWebhookPorts {
  routing: UpstreamRouting;
  dedupe: UpstreamDedupe;
  messageIds: UpstreamMessageIds;
  bus: EventBus;
  logger: Logger;
  /** Opens the app secrets businesses registered; undefined when the installation keeps none. */
  sealer: CredentialSealer | undefined;
}

/** True when the routes were registered. */
export function registerUpstreamWebhooks(
  app: FastifyInstance,
  ports: UpstreamWebhookPorts,
  config: Pick<UpstreamConfig, "UPSTREAM_APP_SECRET" | "UPSTREAM_VERIFY_TOKEN"> & {
    PUBLISH_TIMEOUT_MS: number;
    UPSTREAM_CLAIM_TAKEOVER_MARGIN_MS: number;
  },
): boolean {
  const { UPSTREAM_APP_SECRET: appSecret, UPSTREAM_VERIFY_TOKEN: verifyToken } = config;
  if ((!appSecret && !ports.sealer) || !verifyToken) {
    ports.logger.warn(
      "UPSTREAM_VERIFY_TOKEN, or both UPSTREAM_APP_SECRET and UPSTREAM_CREDENTIALS_KEY, not set: /webhooks/meta is not served",
    );
    return false;
  }
  let unroutableTotal = 0;
  registerUpstreamWebhookRoutes(app, {
    ...ports,
    appSecretFor: appSecretResolver({ routing: ports.routing, sealer: ports.sealer, fallback: appSecret }),
    verifyToken,
    publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
    claimTakeoverMarginMs: config.UPSTREAM_CLAIM_TAKEOVER_MARGIN_MS,
    countUnroutable: (count) => {
      unroutableTotal += count;
      ports.logger.warn({ unroutableTotal }, "upstream webhook changes for numbers not hosted here");
    },
  });
  return true;
}
