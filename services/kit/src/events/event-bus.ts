// The EventBus port: how services publish and consume platform events. Services depend on this
// interface only; Kafka (production, integration tests) and in-memory (unit tests) are adapters.
import type { EventDefinition } from "@switchboard/proto";
import type { DeadLetters } from "./dead-letters.ts";
import type { EventHandlers } from "./event-handlers.ts";

/** An event to publish. `key` decides the partition: the entity whose order matters. */
export interface OutgoingEvent<T = unknown> {
  definition: EventDefinition<T>;
  key: string;
  tenantId: string;
  data: T;
  /** Defaults to a random UUID; pass a deterministic id to make re-publishing recognisable. */
  id?: string;
  time?: Date;
  /**
   * Trace context to continue (`traceparent`), e.g. the `traceHeaders` of the event that caused
   * this one; defaults to the active context.
   */
  traceHeaders?: Readonly<Record<string, string>>;
}

export interface Subscription {
  /** Consumer group: one per service role, so each service sees every event once. */
  groupId: string;
  handlers: EventHandlers;
  /** Attempts before an event is parked on the dead-letter topic. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles each attempt. */
  retryBackoffMs?: number;
  /** Keys (threads) of one fetched batch processed at the same time; one key is always serial. */
  keyConcurrency?: number;
  /**
   * Records handled between two offset commits (default 1,000): bounds the time one chunk takes
   * and what a crash makes the group redeliver.
   */
  maxBatchRecords?: number;
  /**
   * How long the broker waits for a heartbeat before it evicts this member (default 30 s). The
   * adapter heartbeats while a batch is being handled, so a slow batch does not count against it.
   */
  sessionTimeoutMs?: number;
  /** Partitions processed at the same time by this consumer (default: all of the topic's partitions). */
  partitionConcurrency?: number;
  /**
   * Where a group without committed offsets starts: the oldest record (default) or only records
   * published from now on (live tails such as a per-process stream hub).
   */
  fromBeginning?: boolean;
}

export interface SubscriptionHandle {
  /** Stops fetching, lets the in-flight batch finish and commits its offsets. */
  stop(): Promise<void>;
}

export interface PublishOptions {
  /**
   * How long the events may wait to be handed to the producer. Past it, events still waiting are
   * withdrawn, never published, and the publish rejects `unavailable`; events already in flight
   * settle with the broker's answer instead, so an error answer never means "published later".
   */
  timeoutMs?: number;
}

export interface EventBus {
  /**
   * Resolves once every event is acknowledged by all in-sync replicas. Rejects `invalid_argument`
   * (nothing sent) when a record is over the broker's size limit, `unavailable` when the
   * producer's queue is full or `timeoutMs` passed before the events left.
   */
  publish(events: readonly OutgoingEvent[], options?: PublishOptions): Promise<void>;
  subscribe(subscription: Subscription): Promise<SubscriptionHandle>;
  /** The parked events and their replay, where the adapter keeps them durably (Kafka). */
  readonly dlq?: DeadLetters;
  /**
   * Readiness: the broker reachable and no subscription's consumer crashed (one that crashed is
   * being restarted meanwhile). Adapters without a broker are always ready.
   */
  ready?(): Promise<boolean>;
  /** Stops every subscription and the producer. */
  close(): Promise<void>;
}

/** Builds an OutgoingEvent with its payload type checked against the definition. */
export function event<T>(definition: EventDefinition<T>, fields: Omit<OutgoingEvent<T>, "definition">): OutgoingEvent {
  return { definition, ...fields } as OutgoingEvent;
}
