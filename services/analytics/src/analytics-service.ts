// The one builder of the analytics service's consumers, run by main.ts, the integration tests
// and the benchmark alike: the counting consumer of the thread and order events (one group for
// the service, both topics) and the live feed of this process's WatchVolumes callers (a per-process group on the
// public stream, from now on). Connections come in as arguments; nothing here opens one.
import { randomUUID } from "node:crypto";
import { type EventBus, EventHandlers, type SubscriptionHandle } from "@switchboard/kit";
import { MessageVolumeV1Event } from "@switchboard/proto";
import type { RollupPublisher } from "./domain/count-batch.ts";
import { COUNTED_TOPICS } from "./events/observation-of.ts";
import { busRollupPublisher } from "./events/rollup-publisher.ts";
import { threadEventHandlers } from "./events/thread-event-handlers.ts";
import type { VolumeHub } from "./events/volume-hub.ts";
import type { VolumeStore } from "./store/volume-store.ts";

export interface AnalyticsServiceDeps {
  bus: EventBus;
  store: VolumeStore;
  hub: VolumeHub;
  consumerGroup: string;
  /** Partitions of the thread-events and order-events topics (KAFKA_TOPIC_PARTITIONS). */
  partitions: number;
  graceMs: number;
  /** Defaults to the public stream on `bus`. */
  publisher?: RollupPublisher;
  /** Records between two offset commits of the counting consumer (the kit's default when absent). */
  maxBatchRecords?: number;
}

export interface AnalyticsService {
  /** Stops both consumers; the counting one finishes its batch and commits first. */
  stop(): Promise<void>;
}

export async function startAnalyticsService(deps: AnalyticsServiceDeps): Promise<AnalyticsService> {
  const counting = await deps.bus.subscribe({
    groupId: deps.consumerGroup,
    handlers: threadEventHandlers({
      store: deps.store,
      publisher: deps.publisher ?? busRollupPublisher(deps.bus),
      partitions: deps.partitions,
      topics: COUNTED_TOPICS,
      graceMs: deps.graceMs,
    }),
    ...(deps.maxBatchRecords === undefined ? {} : { maxBatchRecords: deps.maxBatchRecords }),
  });
  let feed: SubscriptionHandle | undefined;
  try {
    feed = await deps.bus.subscribe({
      groupId: `${deps.consumerGroup}-watch-${randomUUID()}`,
      fromBeginning: false,
      handlers: new EventHandlers().onBatch([MessageVolumeV1Event], async (events) => {
        deps.hub.deliver(events.map((e) => e.data as never));
        return [];
      }),
    });
  } catch (error) {
    await counting.stop();
    throw error;
  }
  return {
    async stop() {
      await Promise.all([counting.stop(), feed?.stop()]);
    },
  };
}
