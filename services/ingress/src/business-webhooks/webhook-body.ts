// Assembles the bytes of one webhook POST: Meta's envelope `{object, entry:[{id, changes}]}` for a
// business, around changes already serialised when their events were consumed. The bytes returned
// are exactly what is signed and sent; nothing re-serialises them afterwards.

export const WEBHOOK_OBJECT = "whatsapp_business_account";

/** `changeJsons` are JSON.stringify outputs of GraphChange objects, so concatenation is valid JSON. */
export function webhookBody(businessId: string, changeJsons: readonly string[]): Buffer {
  return Buffer.from(
    `{"object":"${WEBHOOK_OBJECT}","entry":[{"id":${JSON.stringify(businessId)},"changes":[${changeJsons.join(",")}]}]}`,
  );
}
