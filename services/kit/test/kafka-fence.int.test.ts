// The batch handler's fence against the real broker: a consumer holding a batch while a second
// consumer joins its group (a rebalance) is told by `context.fence()` that it may no longer write
// for those partitions; the batch is left uncommitted and each event is written once, by whoever
// owns its partition afterwards. (The other way to lose a partition — a process stalled past its
// session timeout, evicted, then waking mid-batch — is what the fault audit's SIGSTOP of a
// consumer exercises, with analytics' counts checked against the ground truth.)
import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { event } from "../src/events/event-bus.ts";
import { type BatchHandler, EventHandlers, isEventOf } from "../src/events/event-handlers.ts";
import { DispatchAbandoned } from "../src/events/transient-error.ts";
import { useKafkaTestBus } from "../testing/kafka-test-bus.ts";
import { acceptedMessage, testThread } from "./support/event-fixtures.ts";

const EVENTS = 300;
const SESSION_TIMEOUT_MS = 10_000;

describe("the batch fence across a rebalance", () => {
  const suite = useKafkaTestBus("kitfence", { source: "/switchboard/kit-test", logger: pino({ level: "error" }) });

  it("refuses the write of a consumer whose partitions moved, so each event is written once", async () => {
    await suite.bus.publish(
      Array.from({ length: EVENTS }, (_, i) =>
        event(OutboundMessageAcceptedEvent, {
          key: `k${i % 30}`,
          tenantId: "t1",
          data: acceptedMessage(`m${i}`, { thread: { ...testThread, customerId: `c${i % 30}` } }),
        }),
      ),
    );
    const written = new Map<string, number>();
    let refused = 0;
    let firstBatchSeen: () => void = () => {};
    const firstBatch = new Promise<void>((resolve) => {
      firstBatchSeen = resolve;
    });
    let secondJoining = false;
    // The guarded write: counted only after the fence said this consumer still owns the partition.
    const handler =
      (holdFirst: boolean): BatchHandler =>
      async (events, context) => {
        if (holdFirst) {
          firstBatchSeen();
          // Hold the batch until the second consumer has asked to join and the coordinator has
          // told this one (by heartbeat) that the group is rebalancing.
          while (!secondJoining) await new Promise((resolve) => setTimeout(resolve, 50));
          await new Promise((resolve) => setTimeout(resolve, 4_000));
        }
        try {
          await context?.fence();
        } catch (error) {
          if (error instanceof DispatchAbandoned) refused++;
          throw error;
        }
        for (const e of events) {
          if (isEventOf(OutboundMessageAcceptedEvent, e)) {
            written.set(e.data.messageId, (written.get(e.data.messageId) ?? 0) + 1);
          }
        }
        return [];
      };
    let holding = true;
    const first = await suite.bus.subscribe({
      groupId: `${suite.prefix}fenced`,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      handlers: new EventHandlers().onBatch([OutboundMessageAcceptedEvent], (events, context) => {
        const hold = holding;
        holding = false;
        return handler(hold)(events, context);
      }),
    });
    await firstBatch;
    secondJoining = true;
    const second = await suite.bus.subscribe({
      groupId: `${suite.prefix}fenced`,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      handlers: new EventHandlers().onBatch([OutboundMessageAcceptedEvent], handler(false)),
    });
    const deadline = Date.now() + 90_000;
    while (written.size < EVENTS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    // Anything still to be redelivered arrives within a few fetches.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await Promise.all([first.stop(), second.stop()]);

    expect(written.size).toBe(EVENTS);
    expect([...written.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(refused).toBeGreaterThan(0);
  }, 150_000);
});
