// Turns thread events from Kafka into stored threads and messages. The tenant comes from the
// event envelope, which ingress set after authenticating; a payload naming another tenant than
// its envelope is rejected (dead-lettered), never stored.
import { type EventBus, EventHandlers } from "@switchboard/kit";
import {
  CustomerIdentityChangedEvent,
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  OutboundMessageAcceptedEvent,
} from "@switchboard/proto";
import { hostingStateFrom } from "../domain/hosting-state.ts";
import type { EnsureInitialNotice } from "../hosting/initial-notice.ts";
import { withInitialNotice } from "../hosting/with-initial-notice.ts";
import type { PrivacyHooks } from "../privacy/privacy-hooks.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { identityChangedHandler } from "./identity-changed-handler.ts";
import { outboundAcceptedHandler } from "./outbound-accepted-handler.ts";
import { statusReceivedHandler } from "./status-received-handler.ts";
import { threadIdFor, threadOf } from "./thread-scope.ts";

export function threadEventHandlers(
  store: ConversationStore,
  bus: Pick<EventBus, "publish">,
  initialNotice?: EnsureInitialNotice,
  privacy?: PrivacyHooks,
): EventHandlers {
  return new EventHandlers()
    .on(
      OutboundMessageAcceptedEvent,
      withInitialNotice(initialNotice, store, (d) => d.acceptedAtMs, outboundAcceptedHandler(store, bus, privacy)),
    )
    .on(MessageStatusReceivedEvent, statusReceivedHandler(store, bus))
    .on(CustomerIdentityChangedEvent, identityChangedHandler(store))
    .on(
      InboundMessageReceivedEvent,
      withInitialNotice(
        initialNotice,
        store,
        (d) => d.receivedAtMs,
        async (event) => {
          const { scope, ref } = threadOf(event);
          const hosting = hostingStateFrom(event.data.hosting);
          const threadId = await threadIdFor(store, scope, ref);
          await store.recordMessage(
            scope,
            {
              businessId: ref.businessId,
              threadId,
              phoneNumberId: ref.phoneNumberId,
              customerId: ref.customerId,
              customerWaId: ref.customerWaId,
              hosting,
            },
            {
              threadId,
              messageId: event.data.messageId,
              direction: "inbound",
              type: event.data.type,
              status: "",
              bodyJson: event.data.messageJson,
              createdAtMs: event.data.receivedAtMs,
              hosting,
            },
          );
          // A STOP keyword opts the customer out of marketing templates (src/privacy).
          await privacy?.inboundStored(scope, threadId, event.data);
        },
      ),
    );
}
