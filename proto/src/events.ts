// Every event type of the platform, as named constants. Producers and consumers import these;
// nobody writes a type string or topic name by hand.

import { UpstreamNotificationReceived } from "../gen/switchboard/events/v1/account.ts";
import { MessageVolumeRolledUp } from "../gen/switchboard/events/v1/analytics.ts";
import { PhoneNumberHostingChanged } from "../gen/switchboard/events/v1/hosting.ts";
import {
  CustomerIdentityChanged,
  InboundMessageReceived,
  MessageStatusChanged,
  MessageStatusReceived,
  OutboundMessageAccepted,
  OutboundMessageReadyToSend,
  SystemMessageAdded,
} from "../gen/switchboard/events/v1/messages.ts";
import { CustomerErased } from "../gen/switchboard/events/v1/privacy.ts";
import { MessageReadByBusiness } from "../gen/switchboard/events/v1/read_receipts.ts";
import { WebhookDeliveryParked } from "../gen/switchboard/events/v1/webhook_deliveries.ts";
import { defineEvent } from "./event-definition.ts";
import {
  ACCOUNT_EVENTS_TOPIC,
  HOSTING_CHANGES_TOPIC,
  MESSAGE_VOLUME_TOPIC,
  THREAD_EVENTS_TOPIC,
  WEBHOOK_DELIVERIES_DLQ_TOPIC,
} from "./topics.ts";

export const OutboundMessageAcceptedEvent = defineEvent(
  "dev.switchboard.message.outbound.accepted.v1",
  THREAD_EVENTS_TOPIC,
  OutboundMessageAccepted,
);

export const InboundMessageReceivedEvent = defineEvent(
  "dev.switchboard.message.inbound.received.v1",
  THREAD_EVENTS_TOPIC,
  InboundMessageReceived,
);

export const MessageStatusReceivedEvent = defineEvent(
  "dev.switchboard.message.status.received.v1",
  THREAD_EVENTS_TOPIC,
  MessageStatusReceived,
);

export const PhoneNumberHostingChangedEvent = defineEvent(
  "dev.switchboard.phone-number.hosting.changed.v1",
  HOSTING_CHANGES_TOPIC,
  PhoneNumberHostingChanged,
);

export const MessageVolumeRolledUpEvent = defineEvent(
  "dev.switchboard.analytics.message-volume.rolled-up.v1",
  MESSAGE_VOLUME_TOPIC,
  MessageVolumeRolledUp,
);

export const OutboundMessageReadyToSendEvent = defineEvent(
  "dev.switchboard.message.outbound.ready-to-send.v1",
  THREAD_EVENTS_TOPIC,
  OutboundMessageReadyToSend,
);

export const MessageStatusChangedEvent = defineEvent(
  "dev.switchboard.message.status.changed.v1",
  THREAD_EVENTS_TOPIC,
  MessageStatusChanged,
);

export const SystemMessageAddedEvent = defineEvent(
  "dev.switchboard.message.system.added.v1",
  THREAD_EVENTS_TOPIC,
  SystemMessageAdded,
);

export const CustomerIdentityChangedEvent = defineEvent(
  "dev.switchboard.customer.identity.changed.v1",
  THREAD_EVENTS_TOPIC,
  CustomerIdentityChanged,
);

export const UpstreamNotificationReceivedEvent = defineEvent(
  "dev.switchboard.upstream.notification.received.v1",
  ACCOUNT_EVENTS_TOPIC,
  UpstreamNotificationReceived,
);

export const MessageReadByBusinessEvent = defineEvent(
  "dev.switchboard.message.read-by-business.v1",
  THREAD_EVENTS_TOPIC,
  MessageReadByBusiness,
);

export const CustomerErasedEvent = defineEvent(
  "dev.switchboard.customer.erased.v1",
  THREAD_EVENTS_TOPIC,
  CustomerErased,
);

/** Keyed by `tenant/business`; id `parked:<tenant>/<delivery_id>:<parked_at_ms>`. */
export const WebhookDeliveryParkedEvent = defineEvent(
  "dev.switchboard.webhook-delivery.parked.v1",
  WEBHOOK_DELIVERIES_DLQ_TOPIC,
  WebhookDeliveryParked,
);
