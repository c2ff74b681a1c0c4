// A typed registry of handlers by event type. A consumer decodes only the types it registered;
// other event types on the same topic are acknowledged and skipped. A type is handled either one
// event at a time (`on`) or in batches (`onBatch`): the hot path registers batch handlers so one
// fetched batch costs a few store round trips instead of several per event.
import type { EventDefinition } from "@switchboard/proto";
import type { ReceivedEvent } from "./received-event.ts";

export type EventHandler<T> = (event: ReceivedEvent<T>) => Promise<void>;

/** An event a batch handler could not handle; the dispatcher retries it alone, then dead-letters it. */
export interface BatchRejection {
  event: ReceivedEvent<unknown>;
  error: unknown;
}

/**
 * Handles consecutive events of one partition, in offset order (so each key's order holds), and
 * must be idempotent like any handler: a batch may be redelivered whole after a crash. Throwing
 * means "retry the batch"; events it can never handle are returned instead.
 */
/** `context` is absent when the caller is the partition's only reader by construction (tests, benches). */
export type BatchHandler = (
  events: readonly ReceivedEvent<unknown>[],
  context?: BatchContext,
) => Promise<BatchRejection[]>;

/** What the consumer offers a batch handler besides the events. */
export interface BatchContext {
  /**
   * Resolves only while this consumer still owns the batch's partition, as the group coordinator
   * confirmed within the last heartbeat interval (a few seconds); otherwise throws
   * DispatchAbandoned, and the batch is left uncommitted for the partition's next owner. Call it
   * right before a write that must have one writer per partition (a counter increment): a
   * consumer that was paused past its session timeout learns here that another one took over.
   */
  fence(): Promise<void>;
}

/** For consumers that are their partition's only reader by construction (tests, in-memory). */
export const SOLE_OWNER: BatchContext = { fence: async () => {} };

export type Registration =
  | { kind: "single"; definition: EventDefinition<unknown>; handle: EventHandler<unknown> }
  | { kind: "batch"; definition: EventDefinition<unknown>; handle: BatchHandler };

export class EventHandlers {
  readonly #byType = new Map<string, Registration>();

  on<T>(definition: EventDefinition<T>, handle: EventHandler<T>): this {
    this.#register({
      kind: "single",
      definition: definition as EventDefinition<unknown>,
      handle: handle as EventHandler<unknown>,
    });
    return this;
  }

  /** One handler for several types: it receives their events together, in offset order. */
  onBatch(definitions: readonly EventDefinition<unknown>[], handle: BatchHandler): this {
    for (const definition of definitions) {
      this.#register({ kind: "batch", definition, handle });
    }
    return this;
  }

  get(type: string): Registration | undefined {
    return this.#byType.get(type);
  }

  /** Distinct (unprefixed) topics of the registered event types. */
  topics(): string[] {
    return [...new Set([...this.#byType.values()].map((r) => r.definition.topic))];
  }

  #register(registration: Registration): void {
    const { type } = registration.definition;
    if (this.#byType.has(type)) throw new Error(`handler for ${type} registered twice`);
    this.#byType.set(type, registration);
  }
}

/** Narrows a batch handler's event to one definition's payload type. */
export function isEventOf<T>(definition: EventDefinition<T>, event: ReceivedEvent<unknown>): event is ReceivedEvent<T> {
  return event.type === definition.type;
}
