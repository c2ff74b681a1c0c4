// A Kafka event bus for one test suite, against the servers the integration setup found or
// started. Each suite gets its own topic prefix (topics and consumer groups carry it), so files
// running in parallel on one broker never see each other's events or join each other's groups;
// the bus is disconnected after the suite. Test support only: outside `src/`, never in a runtime
// image, and nothing in `src/` may import it.
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Logger } from "pino";
import { pino } from "pino";
import { afterAll, beforeAll } from "vitest";
import type { EventBus } from "../src/events/event-bus.ts";
import { createKafkaEventBus } from "../src/events/kafka-event-bus.ts";
import { testKeyRing } from "./internal-auth.ts";

export interface KafkaTestBusOptions {
  /** Partitions of each topic the bus creates (default 3). */
  partitions?: number;
  /** CloudEvents `source` of what the bus publishes (default `/switchboard/test`). */
  source?: string;
  /** Default: warnings and errors only. */
  logger?: Logger;
}

export interface KafkaTestBus {
  /** This suite's topic and consumer-group prefix, ending in a dot. */
  readonly prefix: string;
  /** The connected bus; available from the suite's `beforeAll` hooks registered after this call. */
  readonly bus: EventBus;
}

/**
 * Connects a bus with a fresh prefix now; the caller closes it. For harnesses that build a whole
 * service inside one function; suites use `useKafkaTestBus`.
 */
export async function connectKafkaTestBus(
  label: string,
  options: KafkaTestBusOptions = {},
  prefix = `${uniqueName(label)}.`,
): Promise<{ prefix: string; bus: EventBus }> {
  const bus = await createKafkaEventBus({
    brokers: testServers().kafkaBrokers,
    clientId: `${label}-test`,
    source: options.source ?? "/switchboard/test",
    topicPrefix: prefix,
    partitions: options.partitions ?? 3,
    logger: options.logger ?? pino({ level: "warn" }),
    // Signs and checks event origin like a service's bus, with the development keys.
    origin: testKeyRing,
  });
  return { prefix, bus };
}

/**
 * Call inside `describe`, before the hooks that use the bus: it connects in a `beforeAll` hook
 * and closes in an `afterAll` hook, which runs after those registered later (stack order), so
 * the suite stops its own subscriptions first.
 */
export function useKafkaTestBus(label: string, options: KafkaTestBusOptions = {}): KafkaTestBus {
  const prefix = `${uniqueName(label)}.`;
  let bus: EventBus | undefined;
  beforeAll(async () => {
    ({ bus } = await connectKafkaTestBus(label, options, prefix));
  });
  afterAll(async () => {
    await bus?.close();
    bus = undefined;
  });
  return {
    prefix,
    get bus() {
      if (!bus) throw new Error(`the Kafka test bus "${label}" is used outside its suite's hooks`);
      return bus;
    },
  };
}
