// Assembles the bytes of one webhook POST: Meta's envelope `{object, entry:[{id, changes}]}` for a
// business, around changes already serialised when their events were consumed, spelled as Meta
// spells JSON (non-ASCII escaped, see meta-json.ts) so receivers verify the signature over the raw
// bytes or a re-serialisation alike. The bytes returned are exactly what is signed and sent;
// nothing re-serialises them afterwards.
import { escapeNonAscii } from "./meta-json.ts";

export const WEBHOOK_OBJECT = "whatsapp_business_account";

/** `changeJsons` are JSON.stringify outputs of GraphChange objects, so concatenation is valid JSON. */
export function webhookBody(businessId: string, changeJsons: readonly string[]): Buffer {
  return Buffer.from(
    escapeNonAscii(
      `{"object":"${WEBHOOK_OBJECT}","entry":[{"id":${JSON.stringify(businessId)},"changes":[${changeJsons.join(",")}]}]}`,
    ),
  );
}
