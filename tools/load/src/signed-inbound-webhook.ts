// A customer's text message, or a status of a business's message, as Meta delivers it to
// `/webhooks/meta`: the Graph webhook body and its X-Hub-Signature-256 over the exact bytes.
// Shared by every benchmark that plays Meta; it must never reuse an id on purpose (the
// platform's dedupe would swallow the repeat).
import { META_SIGNATURE_HEADER, signMetaBody } from "@switchboard/kit";
import type { BenchNumber } from "./platform-requests.ts";

export interface InboundText {
  businessId: string;
  number: BenchNumber;
  from: string;
  name: string;
  messageId: string;
  text: string;
}

export function signedInboundWebhook(
  appSecret: string,
  message: InboundText,
): { body: string; headers: Record<string, string> } {
  return signedMetaChange(appSecret, message.businessId, message.number, {
    contacts: [{ profile: { name: message.name }, wa_id: message.from }],
    messages: [
      {
        from: message.from,
        id: message.messageId,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: "text",
        text: { body: message.text },
      },
    ],
  });
}

export interface StatusReport {
  businessId: string;
  number: BenchNumber;
  /** Meta's id of the message (what its send answer named). */
  metaId: string;
  recipient: string;
  status: "sent" | "delivered" | "read";
  /** The send's `biz_opaque_callback_data`, echoed exactly as Meta echoes it; omitted when undefined. */
  bizOpaqueCallbackData?: string | undefined;
}

/** A status of a message the business sent, as Meta reports it. */
export function signedStatusWebhook(
  appSecret: string,
  report: StatusReport,
): { body: string; headers: Record<string, string> } {
  return signedMetaChange(appSecret, report.businessId, report.number, {
    statuses: [
      {
        id: report.metaId,
        status: report.status,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: report.recipient,
        ...(report.bizOpaqueCallbackData === undefined
          ? {}
          : { biz_opaque_callback_data: report.bizOpaqueCallbackData }),
        ...(report.status === "read"
          ? {}
          : { pricing: { billable: true, pricing_model: "PMP", category: "service", type: "regular" } }),
      },
    ],
  });
}

function signedMetaChange(
  appSecret: string,
  businessId: string,
  number: BenchNumber,
  value: Record<string, unknown>,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: businessId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.id },
              ...value,
            },
          },
        ],
      },
    ],
  });
  return {
    body,
    headers: { "content-type": "application/json", [META_SIGNATURE_HEADER]: signMetaBody(body, appSecret) },
  };
}
