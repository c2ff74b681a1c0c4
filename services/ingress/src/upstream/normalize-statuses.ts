// Turns the `statuses[]` of a `messages` change into MessageStatusReceived events: one per
// (message, status), with Meta's errors array kept as JSON for `failed` statuses and the
// business's opaque callback data passed back, and Meta's message id translated to ours. A status without id or recipient is not a status.
// The callback data Meta echoes is our wrapper around the business's (upstream-ids/callback-wrapper.ts):
// the business gets back exactly its own value, never our prefix, and a wamid we never recorded
// (a send whose answer was lost) is attributed to the message id inside the wrapper.
import { event } from "@switchboard/kit";
import { MessageStatusReceivedEvent, threadKey } from "@switchboard/proto";
import { unwrapCallbackData } from "../upstream-ids/callback-wrapper.ts";
import { eventIdOf } from "../upstream-ids/upstream-event-id.ts";
import { recipientOf } from "./customer-identity.ts";
import { identityEvents } from "./normalize-identity.ts";
import { threadOf } from "./normalize-inbound.ts";
import type { PlannedEvent, UpstreamTarget } from "./planned-event.ts";
import { isObject, type JsonObject, objectsIn, stringField, timestampMs } from "./webhook-payload.ts";

export function statusEvents(
  value: JsonObject,
  target: UpstreamTarget,
  receivedAtMs: number,
  ourIds: ReadonlyMap<string, string>,
): PlannedEvent[] {
  return objectsIn(value, "statuses").flatMap((item) => {
    const upstreamId = stringField(item, "id");
    const echoed = unwrapCallbackData(stringField(item, "biz_opaque_callback_data") ?? "");
    // Meta's wamid of a message we sent through the Cloud API → the id the business knows: as
    // recorded when Meta answered the send, else as our wrapper names it (the answer was lost).
    const messageId = upstreamId === undefined ? undefined : (ourIds.get(upstreamId) ?? echoed.messageId ?? upstreamId);
    const status = stringField(item, "status");
    const recipient = recipientOf(item);
    if (messageId === undefined || status === undefined || recipient === undefined) return [];
    const thread = threadOf(target, recipient);
    const errors = item.errors;
    const planned: PlannedEvent = {
      claim: { kind: "status", wamid: messageId, status },
      event: event(MessageStatusReceivedEvent, {
        id: eventIdOf(target.tenantId, ["status", messageId, status]),
        key: threadKey(thread),
        tenantId: target.tenantId,
        data: {
          thread,
          messageId,
          status,
          statusAtMs: timestampMs(item, receivedAtMs),
          errorsJson: Array.isArray(errors) ? JSON.stringify(errors) : "",
          bizOpaqueCallbackData: echoed.businessValue,
          // Meta's billing category of the conversation, counted by analytics per status.
          ...pricingCategoryOf(item),
        },
      }),
    };
    return [planned, ...identityEvents(target, recipient, receivedAtMs)];
  });
}

function pricingCategoryOf(item: JsonObject): { pricingCategory?: string } {
  const category = isObject(item.pricing) ? stringField(item.pricing, "category") : undefined;
  return category === undefined ? {} : { pricingCategory: category };
}
