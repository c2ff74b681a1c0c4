// Turns a planned message into the HTTP request a real client would make: a business send to the
// Cloud API route (`POST /v23.0/<number>/messages`, bearer token) or Meta's webhook to
// `/webhooks/meta`, signed with X-Hub-Signature-256 over the exact body bytes. It must never
// send anything itself, and never reuse an inbound message id (dedupe would swallow it).
import type { PlannedRequest } from "./open-loop-driver.ts";
import { signedInboundWebhook } from "./signed-inbound-webhook.ts";
import { customerWaId, type PlannedMessage } from "./traffic-plan.ts";

export interface BenchNumber {
  id: string;
  displayPhoneNumber: string;
}

export interface BenchTenant {
  tenantId: string;
  businessId: string;
  accessToken: string;
  numbers: BenchNumber[];
}

export interface BuiltRequest {
  request: PlannedRequest;
  /** The id the bench chose (inbound); outbound ids come back in the response. */
  messageId?: string;
}

const CUSTOMER_LINES = [
  "Hi, is my order on its way?",
  "Can I change the delivery address to the office?",
  "Thanks! And do you have the 1 kg bag in stock?",
  "Great, see you tomorrow.",
];
const BUSINESS_LINES = [
  "Your order has shipped and should arrive tomorrow before noon.",
  "Sure, the address is updated. Anything else we can help with?",
  "Yes, the 1 kg bag is back in stock.",
];

export function requestBuilder(tenant: BenchTenant, appSecret: string, runTag: string) {
  const numberOf = (customer: number): BenchNumber => {
    const number = tenant.numbers[customer % tenant.numbers.length];
    if (!number) throw new Error("the bench tenant has no phone numbers");
    return number;
  };
  let inboundSequence = 0;

  const inbound = (customer: number, round: number): BuiltRequest => {
    const number = numberOf(customer);
    const from = customerWaId(customer);
    const messageId = `wamid.BENCH${runTag}${(inboundSequence++).toString(36)}`;
    const { body, headers } = signedInboundWebhook(appSecret, {
      businessId: tenant.businessId,
      number,
      from,
      name: `Customer ${customer}`,
      messageId,
      text: CUSTOMER_LINES[round % CUSTOMER_LINES.length] ?? "hello",
    });
    return { messageId, request: { path: "/webhooks/meta", headers, body } };
  };

  const outbound = (customer: number, round: number, kind: "template" | "text"): BuiltRequest => {
    const to = `+${customerWaId(customer)}`;
    const content =
      kind === "template"
        ? {
            type: "template",
            template: {
              name: "order_update",
              language: { code: "en_US" },
              components: [{ type: "body", parameters: [{ type: "text", text: `#${100_000 + customer}` }] }],
            },
          }
        : { type: "text", text: { body: BUSINESS_LINES[round % BUSINESS_LINES.length] } };
    return {
      request: {
        path: `/v23.0/${numberOf(customer).id}/messages`,
        headers: { authorization: `Bearer ${tenant.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to, ...content }),
      },
    };
  };

  return (message: PlannedMessage): BuiltRequest =>
    message.direction === "inbound"
      ? inbound(message.customer, message.round)
      : outbound(message.customer, message.round, message.kind);
}

/** The wamid of an accepted send, from the Cloud API response body. */
export function sentMessageId(responseBody: string): string | undefined {
  try {
    const parsed = JSON.parse(responseBody) as { messages?: { id?: unknown }[] };
    const id = parsed.messages?.[0]?.id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}
