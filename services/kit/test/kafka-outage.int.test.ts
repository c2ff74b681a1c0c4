// Fault test: the broker goes away and comes back. A Kafka of this test's own (private dev stack
// instance: own state dir and free ports; the shared stack is never touched) is stopped while
// publishes are pending. The publish already handed to the producer answers with Kafka's outcome
// (acknowledged once the broker is back, or the producer's own error if it gave up first); the
// one still queued at its deadline is answered `unavailable`. Whatever was answered with an error
// is never published, not even after the broker returns. Readiness follows the broker.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freeLoopbackPort } from "@switchboard/devstack/free-port";
import { type PrivateDevstack, startPrivateDevstack } from "@switchboard/devstack/private-devstack";
import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventBus, event } from "../src/events/event-bus.ts";
import { EventHandlers } from "../src/events/event-handlers.ts";
import { createKafkaEventBus } from "../src/events/kafka-event-bus.ts";
import { acceptedMessage } from "./support/event-fixtures.ts";

const logger = pino({ level: "silent" });

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check()); ) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const message = (id: string) =>
  event(OutboundMessageAcceptedEvent, { key: "thread-outage", tenantId: "t1", data: acceptedMessage(id) });

describe("Kafka outage: no ghost publishes", () => {
  let stack: PrivateDevstack;
  let stateDir: string;
  let bus: EventBus;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), "kafka-outage-"));
    const ports = {
      kafka: await freeLoopbackPort(),
      kafkaController: await freeLoopbackPort(),
      mongo: await freeLoopbackPort(),
    };
    stack = await startPrivateDevstack({ instance: { stateDir, ports } });
    bus = await createKafkaEventBus({
      brokers: [stack.kafkaBrokers],
      clientId: "kafka-outage-test",
      source: "/switchboard/test",
      topicPrefix: "outage.",
      partitions: 1,
      logger,
    });
  }, 120_000);

  afterAll(async () => {
    await bus?.close();
    await stack?.stop();
    if (stateDir !== undefined) rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  it("answers the queued publish unavailable and never publishes it; the in-flight one lands", async () => {
    await bus.publish([message("wamid.before")]);
    expect(await bus.ready?.()).toBe(true);

    await stack.kafka.stop();
    expect(await bus.ready?.()).toBe(false);
    const inFlight = bus.publish([message("wamid.in-flight")], { timeoutMs: 1_000 }).then(
      () => "acknowledged",
      () => "failed",
    );
    const queued = bus.publish([message("wamid.queued")], { timeoutMs: 1_000 });
    await expect(queued).rejects.toMatchObject({ code: "unavailable" });

    await stack.kafka.start();
    const inFlightAnswer = await inFlight;
    await until(async () => (await bus.ready?.()) === true);
    await bus.publish([message("wamid.after")]);

    const seen: string[] = [];
    const sub = await bus.subscribe({
      groupId: "outage-reader",
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => void seen.push(e.data.messageId)),
    });
    await until(() => seen.includes("wamid.after"));
    await sub.stop();
    // The in-flight publish is on the topic exactly when its caller was told it was acknowledged.
    const expected = inFlightAnswer === "acknowledged" ? ["wamid.before", "wamid.in-flight"] : ["wamid.before"];
    expect(seen).toEqual([...expected, "wamid.after"]);
  }, 120_000);
});
