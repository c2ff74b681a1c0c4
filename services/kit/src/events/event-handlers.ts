// A typed registry of handlers by event type. A consumer decodes only the types it registered;
// other event types on the same topic are acknowledged and skipped.
import type { EventDefinition } from "@switchboard/proto";
import type { ReceivedEvent } from "./event-bus.ts";

export type EventHandler<T> = (event: ReceivedEvent<T>) => Promise<void>;

interface Registration {
  definition: EventDefinition<unknown>;
  handle: EventHandler<unknown>;
}

export class EventHandlers {
  readonly #byType = new Map<string, Registration>();

  on<T>(definition: EventDefinition<T>, handle: EventHandler<T>): this {
    if (this.#byType.has(definition.type)) throw new Error(`handler for ${definition.type} registered twice`);
    this.#byType.set(definition.type, {
      definition: definition as EventDefinition<unknown>,
      handle: handle as EventHandler<unknown>,
    });
    return this;
  }

  get(type: string): Registration | undefined {
    return this.#byType.get(type);
  }

  /** Distinct (unprefixed) topics of the registered event types. */
  topics(): string[] {
    return [...new Set([...this.#byType.values()].map((r) => r.definition.topic))];
  }
}
