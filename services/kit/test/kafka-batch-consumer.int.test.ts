// Batch consumption against the real broker: a backlog drains through a batch handler in chunks,
// each event handled exactly once, and a handler far slower than the session timeout does not get
// the member evicted (the adapter heartbeats while a batch is in flight), so nothing is redelivered.
import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { event } from "../src/events/event-bus.ts";
import { EventHandlers, isEventOf } from "../src/events/event-handlers.ts";
import { useKafkaTestBus } from "../testing/kafka-test-bus.ts";
import { acceptedMessage, testThread } from "./support/event-fixtures.ts";

const EVENTS = 3_000;
// Above the broker's 6 s minimum with room for a loaded CI box; the slow batch takes 2.5 times it.
const SESSION_TIMEOUT_MS = 10_000;

const accepted = (i: number) =>
  acceptedMessage(`m${i}`, { thread: { ...testThread, customerId: `c${i % 50}` }, acceptedAtMs: i });

describe("Kafka batch consumption", () => {
  const warnings: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void warnings.push(line) });
  const suite = useKafkaTestBus("kitbatch", { source: "/switchboard/kit-test", logger });
  const { prefix } = suite;

  it("drains a backlog once, in key order, without an eviction while a batch outlives the session", async () => {
    for (let i = 0; i < EVENTS; i += 500) {
      await suite.bus.publish(
        Array.from({ length: 500 }, (_, j) =>
          event(OutboundMessageAcceptedEvent, { key: `k${(i + j) % 50}`, tenantId: "t1", data: accepted(i + j) }),
        ),
      );
    }
    const handled = new Map<string, number>();
    const lastByKey = new Map<string, number>();
    let outOfOrder = 0;
    let batches = 0;
    let largest = 0;
    const subscription = await suite.bus.subscribe({
      groupId: `${prefix}drain`,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      maxBatchRecords: 400,
      handlers: new EventHandlers().onBatch([OutboundMessageAcceptedEvent], async (events) => {
        batches++;
        largest = Math.max(largest, events.length);
        // The first batch takes 2.5 times the session timeout, as a stalled store would.
        if (batches === 1) await new Promise((resolve) => setTimeout(resolve, 2.5 * SESSION_TIMEOUT_MS));
        for (const e of events) {
          if (!isEventOf(OutboundMessageAcceptedEvent, e)) continue;
          const n = Number(e.data.messageId.slice(1));
          if ((lastByKey.get(e.key) ?? -1) > n) outOfOrder++;
          lastByKey.set(e.key, n);
          handled.set(e.data.messageId, (handled.get(e.data.messageId) ?? 0) + 1);
        }
        return [];
      }),
    });
    const deadline = Date.now() + 150_000;
    while (handled.size < EVENTS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await subscription.stop();

    // The adapter's warnings (rejoins, failed heartbeats) explain a failure here.
    expect({ handled: handled.size, warnings }).toMatchObject({ handled: EVENTS });
    expect([...handled.values()].filter((n) => n > 1)).toEqual([]);
    expect(outOfOrder).toBe(0);
    expect(largest).toBeLessThanOrEqual(400);
    expect(warnings.filter((w) => w.includes("rejoined its group"))).toEqual([]);
  }, 200_000);
});
