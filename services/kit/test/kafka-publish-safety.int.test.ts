// The Kafka adapter's publish against the real broker, where an answer and what Kafka holds must
// agree: a publish that was rejected because its deadline passed before it left is never
// published afterwards (no ghost send behind an error answer), and a record over the broker's
// size limit fails its own publish alone, not the other callers' records sharing the request.
import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { event } from "../src/events/event-bus.ts";
import { EventHandlers } from "../src/events/event-handlers.ts";
import { useKafkaTestBus } from "../testing/kafka-test-bus.ts";
import { acceptedMessage } from "./support/event-fixtures.ts";

const logger = pino({ level: "silent" });

const message = (id: string, bodyBytes = 10) =>
  event(OutboundMessageAcceptedEvent, {
    key: "thread-safety",
    tenantId: "t1",
    data: acceptedMessage(id, { bodyJson: JSON.stringify({ text: "x".repeat(bodyBytes) }) }),
  });

function waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error("condition not met in time"));
      else setTimeout(tick, 50);
    };
    tick();
  });
}

describe("Kafka publish: answers match what Kafka holds", () => {
  const suite = useKafkaTestBus("kitsafe", { logger, partitions: 1 });

  it("never publishes an event whose publish was rejected at its deadline while it waited", async () => {
    const seen: string[] = [];
    const sub = await suite.bus.subscribe({
      groupId: `${suite.prefix}ghost`,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => void seen.push(e.data.messageId)),
    });
    await suite.bus.publish([message("wamid.warmup")]);
    // Many produce requests in a row (each under the request limit): the producer is busy with
    // them while the next publish waits behind.
    const busy = suite.bus.publish(Array.from({ length: 24 }, (_, i) => message(`wamid.bulk${i}`, 800_000)));
    const late = suite.bus.publish([message("wamid.late")], { timeoutMs: 1 });
    await expect(late).rejects.toMatchObject({ code: "unavailable" });
    await busy;
    await suite.bus.publish([message("wamid.marker")]);
    await waitFor(() => seen.includes("wamid.marker"));
    await sub.stop();
    expect(seen).toContain("wamid.bulk23");
    expect(seen).not.toContain("wamid.late");
  }, 60_000);

  it("fails only the publish with an oversized record; the others in the same request are acknowledged", async () => {
    const warm = suite.bus.publish(Array.from({ length: 4 }, (_, i) => message(`wamid.w${i}`, 800_000)));
    const small = suite.bus.publish([message("wamid.small")]);
    const huge = suite.bus.publish([message("wamid.huge", 1_500_000)]);
    const other = suite.bus.publish([message("wamid.other")]);
    await expect(huge).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(Promise.all([warm, small, other])).resolves.toBeDefined();
  }, 60_000);
});
