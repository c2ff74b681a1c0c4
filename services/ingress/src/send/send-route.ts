// `POST /{version}/{phone_number_id}/messages`: authenticate, resolve the number within the
// caller's business, validate, check referenced products, then — once per Idempotency-Key — take
// the rate limits, publish, and only after Kafka acknowledged answer with the wamid (or
// `{"success":true}` for a mark-read). A rejected request publishes nothing.
import { type EventBus, withTimeout } from "@switchboard/kit";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { CatalogPort } from "../catalog/catalog-port.ts";
import { unknownObject } from "../graph/graph-errors.ts";
import { authenticate } from "../http/authenticate.ts";
import { idempotencyKeyOf, requestFingerprint } from "../idempotency/idempotency-key.ts";
import type { IdempotencyStore, StoredResponse } from "../idempotency/idempotency-store.ts";
import { runOnce } from "../idempotency/run-once.ts";
import { DEFAULT_THROUGHPUT_MPS } from "../rate-limit/in-memory-rate-limiter.ts";
import { rateLimitError } from "../rate-limit/rate-limit-errors.ts";
import type { RateLimiter } from "../rate-limit/rate-limiter.ts";
import { GRAPH_ID } from "../tenancy/graph-ids.ts";
import type { Caller, PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import type { TenantStore } from "../tenancy/tenant-store.ts";
import { checkProducts } from "./product-check.ts";
import { acceptedMessageEvent, readByBusinessEvent } from "./send-events.ts";
import { parseSendRequest, type SendRequest } from "./send-request.ts";
import { newWamid, waIdOf } from "./wamid.ts";

export interface SendRouteDeps {
  tenants: TenantStore;
  catalog: CatalogPort;
  bus: EventBus;
  idempotency: IdempotencyStore;
  rateLimiter: RateLimiter;
  publishTimeoutMs: number;
}

const VERSION = /^v[0-9]{1,2}\.[0-9]$/;

async function accept(
  deps: SendRouteDeps,
  reply: FastifyReply,
  target: { caller: Caller; number: PhoneNumberRecord; send: SendRequest },
  messageId: string,
): Promise<StoredResponse> {
  const { caller, number, send } = target;
  const publish = (events: Parameters<EventBus["publish"]>[0]) =>
    withTimeout(deps.bus.publish(events), deps.publishTimeoutMs, "Kafka acknowledgement");
  if (send.kind === "read") {
    await publish([readByBusinessEvent(caller, number, send, messageId)]);
    return { statusCode: 200, body: { success: true } };
  }
  const waId = waIdOf(send.to);
  const mps = number.throughputMps ?? DEFAULT_THROUGHPUT_MPS;
  const decision = deps.rateLimiter.takeSend(number.phoneNumberId, mps, waId);
  if (!decision.allowed) {
    void reply.header("retry-after", String(decision.retryAfterSeconds));
    throw rateLimitError(decision.limit);
  }
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
      const caller = await authenticate(request, deps.tenants);
      const { version, phoneNumberId } = request.params;
      if (!VERSION.test(version) || !GRAPH_ID.test(phoneNumberId)) throw unknownObject(phoneNumberId);
      const number = await deps.tenants.phoneNumber(caller, phoneNumberId);
      if (!number) throw unknownObject(phoneNumberId);

      const key = idempotencyKeyOf(request.headers);
      const send = parseSendRequest(request.body);
      if (send.kind === "message" && send.products) await checkProducts(deps.catalog, caller, number, send.products);

      const response = await runOnce(
        {
          store: deps.idempotency,
          tenantId: caller.tenantId,
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
