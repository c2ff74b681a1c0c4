// Turns the `messages[]` of a `messages` change into InboundMessageReceived events, one per
// message of any type (text, media, interactive replies, orders, reactions, system, unsupported,
// and types not invented yet), keeping the whole message object as Meta sent it. System messages
// that change who the customer is also yield a CustomerIdentityChanged event.
import { event } from "@switchboard/kit";
import { CustomerIdentityChangedEvent, InboundMessageReceivedEvent, threadKey } from "@switchboard/proto";
import { eventIdOf } from "../upstream-ids/upstream-event-id.ts";
import { type Customer, senderOf } from "./customer-identity.ts";
import { identityEvents } from "./normalize-identity.ts";
import type { PlannedEvent, UpstreamTarget } from "./planned-event.ts";
import { isObject, type JsonObject, objectsIn, stringField, timestampMs } from "./webhook-payload.ts";

/** System message types after which the customer is known under a new id. */
const IDENTITY_CHANGES = new Set(["user_changed_number", "customer_changed_number", "user_changed_user_id"]);

export function inboundEvents(value: JsonObject, target: UpstreamTarget, receivedAtMs: number): PlannedEvent[] {
  const contacts = objectsIn(value, "contacts");
  return objectsIn(value, "messages").flatMap((message) => {
    const messageId = stringField(message, "id");
    const sender = senderOf(message, contacts);
    if (messageId === undefined || sender === undefined) return [];
    const thread = threadOf(target, sender);
    const inbound: PlannedEvent = {
      claim: { kind: "inbound", wamid: messageId, status: "" },
      event: event(InboundMessageReceivedEvent, {
        id: eventIdOf(target.tenantId, ["inbound", messageId]),
        key: threadKey(thread),
        tenantId: target.tenantId,
        data: {
          thread,
          messageId,
          type: stringField(message, "type") ?? "unknown",
          messageJson: JSON.stringify(message),
          sentAtMs: timestampMs(message, receivedAtMs),
          receivedAtMs,
          hosting: target.hosting,
          contactJson: contactOf(contacts, sender),
          referredProduct: referredProductOf(message),
        },
      }),
    };
    return [
      inbound,
      ...systemIdentityChange(message, messageId, thread, sender, receivedAtMs),
      ...identityEvents(target, sender, receivedAtMs),
    ];
  });
}

export function threadOf(target: UpstreamTarget, customer: Customer) {
  return {
    tenantId: target.tenantId,
    businessId: target.businessId,
    phoneNumberId: target.phoneNumberId,
    customerId: customer.customerId,
    customerWaId: customer.customerWaId,
  };
}

function systemIdentityChange(
  message: JsonObject,
  messageId: string,
  thread: ReturnType<typeof threadOf>,
  sender: Customer,
  receivedAtMs: number,
): PlannedEvent[] {
  const system = isObject(message.system) ? message.system : undefined;
  const kind = stringField(system, "type");
  if (kind === undefined || !IDENTITY_CHANGES.has(kind)) return [];
  const newWaId = stringField(system, "wa_id") ?? stringField(system, "new_wa_id") ?? sender.customerWaId;
  const newCustomerId = stringField(system, "user_id") ?? (sender.userId === undefined ? newWaId : sender.userId);
  if (newCustomerId === "" || (newCustomerId === sender.customerId && newWaId === sender.customerWaId)) return [];
  return [
    {
      claim: { kind: "identity", wamid: messageId, status: newCustomerId },
      event: event(CustomerIdentityChangedEvent, {
        id: eventIdOf(thread.tenantId, ["identity", messageId, newCustomerId]),
        key: threadKey(thread),
        tenantId: thread.tenantId,
        data: {
          thread,
          newCustomerId,
          newCustomerWaId: newWaId,
          changedAtMs: timestampMs(message, receivedAtMs),
        },
      }),
    },
  ];
}

/** Meta's `context.referred_product` (a reply to a product message), both ids present, else none. */
function referredProductOf(message: JsonObject) {
  const referred = isObject(message.context) ? message.context.referred_product : undefined;
  const catalogId = stringField(isObject(referred) ? referred : undefined, "catalog_id");
  const productRetailerId = stringField(isObject(referred) ? referred : undefined, "product_retailer_id");
  return catalogId && productRetailerId ? { catalogId, productRetailerId } : undefined;
}

/** The upstream's contacts[] entry for this sender, kept whole for the business webhook. */
function contactOf(contacts: readonly JsonObject[], sender: Customer): string {
  const contact = contacts.find(
    (c) => stringField(c, "wa_id") === sender.customerWaId || stringField(c, "user_id") === sender.customerId,
  );
  return contact ? JSON.stringify(contact) : "";
}
