// Kafka topic names, versioned, defined once. A breaking payload change gets a new topic version
// rather than a new meaning for an old one. Deployments may prefix every name (tests use a unique
// prefix per run so they can share one broker); the prefix is applied by the event bus, never here.

/**
 * Everything that happens in one chat thread: inbound messages, accepted outbound sends, statuses.
 * One topic, keyed by thread key, so a thread's events are consumed in the order they happened.
 */
export const THREAD_EVENTS_TOPIC = "switchboard.thread-events.v1";

/** Hosting configuration changes of business phone numbers, keyed by phone number. */
export const HOSTING_CHANGES_TOPIC = "switchboard.hosting-changes.v1";

/** Upstream notifications about accounts and numbers rather than threads, keyed by business. */
export const ACCOUNT_EVENTS_TOPIC = "switchboard.account-events.v1";

/** Analytics' public stream of exact message-volume rollups (JSON), keyed by rollup key. */
export const MESSAGE_VOLUME_TOPIC = "switchboard.analytics.message-volume.v1";

/** Webhook deliveries to businesses parked after their retry window, keyed by `tenant/business`. */
export const WEBHOOK_DELIVERIES_DLQ_TOPIC = "switchboard.webhook-deliveries.v1.dlq";

/** Product and inventory changes of the catalog, keyed by product. */
export const CATALOG_EVENTS_TOPIC = "switchboard.catalog-events.v1";

/** Reserve/release commands for the stock keeper, keyed by product: one writer per product. */
export const STOCK_COMMANDS_TOPIC = "switchboard.stock-commands.v1";

/** Reservation answers and order transitions, keyed by order. */
export const ORDER_EVENTS_TOPIC = "switchboard.order-events.v1";

/** Where a consumer parks an event its handler kept failing on, with the error in headers. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export const ALL_TOPICS = [
  THREAD_EVENTS_TOPIC,
  HOSTING_CHANGES_TOPIC,
  ACCOUNT_EVENTS_TOPIC,
  MESSAGE_VOLUME_TOPIC,
  WEBHOOK_DELIVERIES_DLQ_TOPIC,
  CATALOG_EVENTS_TOPIC,
  STOCK_COMMANDS_TOPIC,
  ORDER_EVENTS_TOPIC,
] as const;
