// Every event type of the platform, as named constants. Producers and consumers import these;
// nobody writes a type string or topic name by hand.

import { UpstreamNotificationReceived } from "../gen/switchboard/events/v1/account.ts";
import {
  InventoryChanged,
  LowStockCrossed,
  OrderStatusChanged,
  ProductChanged,
  ReservationAnswered,
  StockCommand,
} from "../gen/switchboard/events/v1/commerce.ts";
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
import { messageVolumeV1Codec } from "./message-volume-v1.ts";
import {
  ACCOUNT_EVENTS_TOPIC,
  CATALOG_EVENTS_TOPIC,
  HOSTING_CHANGES_TOPIC,
  MESSAGE_VOLUME_TOPIC,
  ORDER_EVENTS_TOPIC,
  STOCK_COMMANDS_TOPIC,
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

/** JSON payload (public stream); keyed by rollup key, see message-volume-v1.ts. */
export const MessageVolumeV1Event = defineEvent(
  "dev.switchboard.analytics.message-volume.v1",
  MESSAGE_VOLUME_TOPIC,
  messageVolumeV1Codec,
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

/** Keyed by product id; id `product:<product id>@<version>`. */
export const ProductChangedEvent = defineEvent(
  "dev.switchboard.catalog.product.changed.v1",
  CATALOG_EVENTS_TOPIC,
  ProductChanged,
);

/** Keyed by product id; id `inventory:<product id>@<ledger version>`. */
export const InventoryChangedEvent = defineEvent(
  "dev.switchboard.catalog.inventory.changed.v1",
  CATALOG_EVENTS_TOPIC,
  InventoryChanged,
);

export const LowStockCrossedEvent = defineEvent(
  "dev.switchboard.catalog.inventory.low-stock-crossed.v1",
  CATALOG_EVENTS_TOPIC,
  LowStockCrossed,
);

/** Keyed by product id (the stock keeper's single-writer key); id `<kind>:<order id>#<line>`. */
export const StockCommandEvent = defineEvent(
  "dev.switchboard.catalog.stock.command.v1",
  STOCK_COMMANDS_TOPIC,
  StockCommand,
);

/** Keyed by order id; id `answer:<order id>#<line>`. */
export const ReservationAnsweredEvent = defineEvent(
  "dev.switchboard.catalog.reservation.answered.v1",
  ORDER_EVENTS_TOPIC,
  ReservationAnswered,
);

/** Keyed by order id; id `order:<order id>@<version>`. */
export const OrderStatusChangedEvent = defineEvent(
  "dev.switchboard.order.status.changed.v1",
  ORDER_EVENTS_TOPIC,
  OrderStatusChanged,
);
