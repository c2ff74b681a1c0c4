// `POST /{version}/{phone_number_id}/messages`: authenticate, resolve the number within the
// caller's business, validate, check referenced products and the approved template, then — once
// per Idempotency-Key — take the rate limits (a mark-read too), publish, and only after Kafka
// acknowledged answer with the wamid (or `{"success":true}` for a mark-read). A rejected request
// publishes nothing.
import type { EventBus } from "@switchboard/kit";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { CatalogPort } from "../catalog/catalog-port.ts";
import { idempotencyKeyOf, requestFingerprint } from "../idempotency/idempotency-key.ts";
import type { IdempotencyStore, StoredResponse } from "../idempotency/idempotency-store.ts";
import { runOnce } from "../idempotency/run-once.ts";
import { DEFAULT_THROUGHPUT_MPS } from "../rate-limit/in-memory-rate-limiter.ts";
import { rateLimitError } from "../rate-limit/rate-limit-errors.ts";
import { countRateLimitRejection } from "../rate-limit/rate-limit-metrics.ts";
import type { RateDecision, RateLimiter } from "../rate-limit/rate-limiter.ts";
import type { Templates } from "../templates/templates-module.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { numberRoute } from "../tenancy/graph-prologue.ts";
import type { Caller, PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import { checkProducts } from "./product-check.ts";
import { acceptedMessageEvent, readByBusinessEvent } from "./send-events.ts";
import { parseSendRequest, type SendRequest } from "./send-request.ts";
import { newWamid, waIdOf } from "./wamid.ts";

export interface SendRouteDeps {
  callers: CallerDirectory;
  catalog: CatalogPort;
  bus: EventBus;
  idempotency: IdempotencyStore;
  rateLimiter: RateLimiter;
  publishTimeoutMs: number;
  /** Template sends must fit an approved template of the caller's business. */
  templates: Pick<Templates, "checkSend">;
}

function refuseOverLimit(reply: FastifyReply, decision: RateDecision, tenantId: string): void {
  if (decision.allowed) return;
  countRateLimitRejection(tenantId, decision.limit);
  void reply.header("retry-after", String(decision.retryAfterSeconds));
  throw rateLimitError(decision.limit);
}

async function accept(
  deps: SendRouteDeps,
  reply: FastifyReply,
  target: { caller: Caller; number: PhoneNumberRecord; send: SendRequest },
  messageId: string,
): Promise<StoredResponse> {
  const { caller, number, send } = target;
  // Not a race against a timer: a request answered 503 must never be published afterwards (the
  // client's retry would be a second message). Events still queued at the deadline are withdrawn;
  // events already in flight answer with Kafka's outcome (docs/security.md, "No ghost sends").
  const publish = (events: Parameters<EventBus["publish"]>[0]) =>
    deps.bus.publish(events, { timeoutMs: deps.publishTimeoutMs });
  const mps = number.throughputMps ?? DEFAULT_THROUGHPUT_MPS;
  if (send.kind === "read") {
    // A mark-read is a call to Meta on the number's budget like a send; it names no recipient,
    // so the pair rate does not apply.
    refuseOverLimit(reply, deps.rateLimiter.take(number.phoneNumberId, mps), number.tenantId);
    await publish([readByBusinessEvent(caller, number, send, messageId)]);
    return { statusCode: 200, body: { success: true } };
  }
  const waId = waIdOf(send.to);
  refuseOverLimit(reply, deps.rateLimiter.takeSend(number.phoneNumberId, mps, waId), number.tenantId);
  await publish([acceptedMessageEvent(caller, number, send, { messageId, waId })]);
  return {
    statusCode: 200,
    body: { messaging_product: "whatsapp", contacts: [{ input: send.to, wa_id: waId }], messages: [{ id: messageId }] },
  };
}

export function registerSendRoute(app: FastifyInstance, deps: SendRouteDeps): void {
  app.post<{ Params: { version: string; phoneNumberId: string } }>(
    "/:version/:phoneNumberId/messages",
    async (request, reply) => {
      const { caller, phoneNumberId, ownNumber } = await numberRoute(request, deps.callers);
      const number = await ownNumber();

      const key = idempotencyKeyOf(request.headers);
      const send = parseSendRequest(request.body);
      if (send.kind === "message" && send.products) await checkProducts(deps.catalog, caller, number, send.products);
      if (send.kind === "message") await deps.templates.checkSend(caller, send);

      const response = await runOnce(
        {
          store: deps.idempotency,
          scope: { tenantId: caller.tenantId, businessId: caller.businessId, phoneNumberId },
          key,
          fingerprint: requestFingerprint(phoneNumberId, request.body),
          newMessageId: newWamid,
          waitMs: deps.publishTimeoutMs,
        },
        (messageId) => accept(deps, reply, { caller, number, send }, messageId),
      );
      return reply.code(response.statusCode).send(response.body);
    },
  );
}
