// `GET /webhooks/meta` (verification handshake) and `POST /webhooks/meta` (Meta's signed
// notifications). The POST route lives in its own plugin scope whose only content-type parser
// keeps the raw bytes: the signature is checked over exactly what Meta sent, before any parsing.
// A bad or missing signature is 401 and publishes nothing; 200 means Kafka has every event; 503
// means some of the body's events are not known to be on Kafka (ours were withdrawn or failed, or
// another attempt's claim is not confirmed yet), so Meta retries and the retry publishes what is
// still missing (ingest-webhook.ts). The key is the secret of the Meta app the body comes from
// (webhook-app-secret.ts).
import { META_SIGNATURE_HEADER, metaSignatureMatches } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import { GraphError } from "../graph/graph-error.ts";
import { createClaimConfirmations } from "./claim-confirmations.ts";
import { createClaimsInFlight } from "./claims-in-flight.ts";
import { type IngestDeps, ingestWebhook } from "./ingest-webhook.ts";
import type { AppSecretFor } from "./webhook-app-secret.ts";
import { handshakeChallenge } from "./webhook-handshake.ts";
import { parseWebhookBody } from "./webhook-payload.ts";

/** Meta's webhook bodies are at most about 3 MB. */
export const UPSTREAM_BODY_LIMIT_BYTES = 3 * 1024 * 1024;
export const UPSTREAM_WEBHOOK_PATH = "/webhooks/meta";

export interface UpstreamWebhookDeps extends Omit<IngestDeps, "claimsInFlight" | "confirmations"> {
  appSecretFor: AppSecretFor;
  verifyToken: string;
}

const invalidSignature = () =>
  new GraphError({
    httpStatus: 401,
    code: 190,
    type: "OAuthException",
    message: "Invalid or missing X-Hub-Signature-256",
  });

const handshakeRefused = () =>
  new GraphError({ httpStatus: 403, code: 200, type: "OAuthException", message: "Verification failed" });

export function registerUpstreamWebhookRoutes(app: FastifyInstance, routeDeps: UpstreamWebhookDeps): void {
  // Per app, not per module: each built service (and each test) has its own bodies in flight.
  const deps: IngestDeps & UpstreamWebhookDeps = {
    ...routeDeps,
    claimsInFlight: createClaimsInFlight(),
    confirmations: createClaimConfirmations(routeDeps.dedupe, routeDeps.logger),
  };
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: UPSTREAM_BODY_LIMIT_BYTES }, (_req, body, done) =>
      done(null, body),
    );

    scope.get(UPSTREAM_WEBHOOK_PATH, async (request, reply) => {
      const challenge = handshakeChallenge(request.query as Record<string, unknown>, deps.verifyToken);
      if (challenge === undefined) throw handshakeRefused();
      return reply.type("text/plain").send(challenge);
    });

    scope.post(UPSTREAM_WEBHOOK_PATH, { bodyLimit: UPSTREAM_BODY_LIMIT_BYTES }, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers[META_SIGNATURE_HEADER];
      const appSecret = await deps.appSecretFor(raw);
      if (!appSecret || !metaSignatureMatches(raw, typeof header === "string" ? header : undefined, appSecret)) {
        throw invalidSignature();
      }
      const report = await ingestWebhook(parseWebhookBody(raw), deps);
      request.log.debug(report, "upstream webhook ingested");
      return reply.code(200).send({ success: true });
    });
  });
}
