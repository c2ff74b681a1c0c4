// `POST /{version}/{phone_number_id}/messages`: authenticate, resolve the number within the
// caller's business, validate, check referenced products with the catalog, publish the accepted
// message and only then answer with its wamid. A rejected request publishes nothing.

import { type EventBus, event, withTimeout } from "@switchboard/kit";
import { encryptionStateOf, OutboundMessageAcceptedEvent, threadKey } from "@switchboard/proto";
import type { FastifyInstance } from "fastify";
import type { CatalogPort } from "../catalog/catalog-port.ts";
import { invalidParameterValue, unknownObject } from "../graph/graph-errors.ts";
import { authenticate } from "../http/authenticate.ts";
import { GRAPH_ID } from "../tenancy/graph-ids.ts";
import type { TenantStore } from "../tenancy/tenant-store.ts";
import { parseSendRequest, referencedProducts } from "./send-request.ts";
import { newWamid, waIdOf } from "./wamid.ts";

export interface SendRouteDeps {
  tenants: TenantStore;
  catalog: CatalogPort;
  bus: EventBus;
  publishTimeoutMs: number;
}

const VERSION = /^v[0-9]{1,2}\.[0-9]$/;

export function registerSendRoute(app: FastifyInstance, deps: SendRouteDeps): void {
  app.post<{ Params: { version: string; phoneNumberId: string } }>(
    "/:version/:phoneNumberId/messages",
    async (request, reply) => {
      const caller = await authenticate(request, deps.tenants);
      const { version, phoneNumberId } = request.params;
      if (!VERSION.test(version) || !GRAPH_ID.test(phoneNumberId)) throw unknownObject(phoneNumberId);
      const number = await deps.tenants.phoneNumber(caller, phoneNumberId);
      if (!number) throw unknownObject(phoneNumberId);

      const message = parseSendRequest(request.body);
      const products = referencedProducts(message);
      if (products) {
        const unknown = await deps.catalog.unknownProducts(caller, products.catalogId, products.retailerIds);
        if (unknown.length > 0) {
          throw invalidParameterValue(`Products not found in catalog ${products.catalogId}: ${unknown.join(", ")}`);
        }
      }

      const waId = waIdOf(message.to);
      const messageId = newWamid();
      const thread = {
        tenantId: caller.tenantId,
        businessId: caller.businessId,
        phoneNumberId,
        customerId: waId,
        customerWaId: waId,
      };
      await withTimeout(
        deps.bus.publish([
          event(OutboundMessageAcceptedEvent, {
            key: threadKey(thread),
            tenantId: caller.tenantId,
            data: {
              thread,
              messageId,
              type: message.type,
              bodyJson: JSON.stringify(message),
              contextMessageId: message.context?.message_id ?? "",
              bizOpaqueCallbackData: message.biz_opaque_callback_data ?? "",
              acceptedAtMs: Date.now(),
              hosting: {
                hostingMode: number.hostingMode,
                encryptionState: encryptionStateOf(number.hostingMode),
                processors: number.processors,
              },
            },
          }),
        ]),
        deps.publishTimeoutMs,
        "Kafka acknowledgement",
      );
      return reply.send({
        messaging_product: "whatsapp",
        contacts: [{ input: message.to, wa_id: waId }],
        messages: [{ id: messageId }],
      });
    },
  );
}
