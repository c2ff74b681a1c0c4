// One customer's text message as Meta delivers it to `/webhooks/meta`: the Graph webhook body and
// its X-Hub-Signature-256 over the exact bytes. Shared by every benchmark that plays Meta; it
// must never reuse an id on purpose (the platform's dedupe would swallow the repeat).
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
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: message.businessId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: message.number.displayPhoneNumber, phone_number_id: message.number.id },
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
