// In-memory adapter of the EventBus port for unit tests. Records go through the same envelope
// encoding and the same dispatcher (retries, dead letters) as on Kafka, delivered synchronously
// in publish order per subscription, so tests observe real semantics without a broker.
import { pino } from "pino";
import { dispatchRecords } from "./dispatch-records.ts";
import { encodeEnvelope } from "./envelope.ts";
import type { EventBus, OutgoingEvent, Subscription, SubscriptionHandle } from "./event-bus.ts";
import type { ConsumedRecord, DeadLetter } from "./event-dispatcher.ts";

export interface InMemoryEventBus extends EventBus {
  /** Every record published, in order. */
  readonly records: readonly ConsumedRecord[];
  readonly deadLetters: readonly DeadLetter[];
}

export function createInMemoryEventBus(source = "/switchboard/test"): InMemoryEventBus {
  const records: ConsumedRecord[] = [];
  const deadLetters: DeadLetter[] = [];
  const active = new Set<Subscription>();
  const logger = pino({ level: "silent" });

  // One publish call arrives as one batch, so batch handlers see batches in unit tests too.
  const deliver = async (batch: readonly ConsumedRecord[], subscription: Subscription) => {
    for (const topic of subscription.handlers.topics()) {
      const mine = batch.filter((record) => record.topic === topic);
      if (mine.length > 0) await deliverTopic(topic, mine, subscription);
    }
  };
  const deliverTopic = async (topic: string, mine: readonly ConsumedRecord[], subscription: Subscription) => {
    await dispatchRecords(mine, {
      handlers: subscription.handlers,
      keyConcurrency: 1,
      shouldContinue: () => true,
      maxAttempts: subscription.maxAttempts ?? 5,
      retryBackoffMs: 0,
      logicalTopic: topic,
      deadLetter: async (letter) => {
        deadLetters.push(letter);
      },
      logger,
      sleep: async () => {},
    });
  };

  return {
    records,
    deadLetters,
    async publish(events: readonly OutgoingEvent[]) {
      const batch = events.map((e) => ({
        topic: e.definition.topic,
        partition: 0,
        offset: String(records.length),
        key: e.key,
        value: e.definition.codec.encode(e.data).finish(),
        headers: encodeEnvelope(
          {
            type: e.definition.type,
            source,
            tenantId: e.tenantId,
            ...(e.id === undefined ? {} : { id: e.id }),
            ...(e.time === undefined ? {} : { time: e.time }),
            ...(e.definition.codec.contentType === undefined ? {} : { contentType: e.definition.codec.contentType }),
          },
          {},
        ),
      }));
      for (const record of batch) {
        record.offset = String(records.length);
        records.push(record);
      }
      for (const subscription of active) await deliver(batch, subscription);
    },
    async subscribe(subscription: Subscription): Promise<SubscriptionHandle> {
      active.add(subscription);
      // Like a new consumer group reading from the beginning (unless it asked for live only).
      if (subscription.fromBeginning !== false) await deliver([...records], subscription);
      return {
        async stop() {
          active.delete(subscription);
        },
      };
    },
    async close() {
      active.clear();
    },
  };
}
