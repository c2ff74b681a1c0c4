// The Kafka adapter against the real broker: acknowledged publish, consumption with commits,
// redelivery after a consumer stops without finishing, dead-lettering, and trace propagation.
import { context, trace } from "@opentelemetry/api";
import { InboundMessageReceivedEvent, OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { event } from "../src/events/event-bus.ts";
import { EventHandlers } from "../src/events/event-handlers.ts";
import { startTelemetry, type Telemetry } from "../src/telemetry/start-telemetry.ts";
import { withSpan } from "../src/telemetry/tracing.ts";
import { useKafkaTestBus } from "../testing/kafka-test-bus.ts";
import { acceptedMessage } from "./support/event-fixtures.ts";

const brokers = testServers().kafkaBrokers;
const logger = pino({ level: "warn" });

const accepted = (messageId: string) => acceptedMessage(messageId);

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

describe("Kafka event bus", () => {
  let telemetry: Telemetry;

  // Before the bus connects, and shut down after it closed (after-hooks run in reverse).
  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: "kit-test", exporter: "none", otlpEndpoint: "http://127.0.0.1:1" });
  });
  afterAll(async () => {
    await telemetry?.shutdown();
  });
  const suite = useKafkaTestBus("kitbus", { source: "/switchboard/kit-test", logger });
  const { prefix } = suite;

  it("delivers published events with envelope, key order and the producer's trace", async () => {
    const seen: { id: string; traceId: string | undefined; tenant: string }[] = [];
    const sub = await suite.bus.subscribe({
      groupId: `${prefix}order`,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => {
        seen.push({ id: e.data.messageId, traceId: trace.getActiveSpan()?.spanContext().traceId, tenant: e.tenantId });
      }),
    });
    let producerTraceId = "";
    await withSpan("test publish", {}, async (span) => {
      producerTraceId = span.spanContext().traceId;
      await suite.bus.publish(
        ["a", "b", "c", "d"].map((id) =>
          event(OutboundMessageAcceptedEvent, { key: "thread-1", tenantId: "t1", data: accepted(`wamid.${id}`) }),
        ),
      );
    });
    await waitFor(() => seen.length === 4);
    await sub.stop();
    expect(seen.map((s) => s.id)).toEqual(["wamid.a", "wamid.b", "wamid.c", "wamid.d"]);
    expect(seen.every((s) => s.tenant === "t1")).toBe(true);
    expect(seen[0]?.traceId).toBe(producerTraceId);
    expect(context.active()).toBeDefined();
  });

  it("commits only handled events: a new consumer of the same group sees only what is left", async () => {
    const group = `${prefix}resume`;
    const first: string[] = [];
    const sub1 = await suite.bus.subscribe({
      groupId: group,
      handlers: new EventHandlers().on(InboundMessageReceivedEvent, async (e) => void first.push(e.data.messageId)),
    });
    const inbound = (id: string) =>
      event(InboundMessageReceivedEvent, {
        key: "thread-2",
        tenantId: "t1",
        data: {
          thread: undefined,
          messageId: id,
          type: "text",
          messageJson: "{}",
          sentAtMs: 0,
          receivedAtMs: 0,
          hosting: undefined,
          contactJson: "",
        },
      });
    await suite.bus.publish([inbound("in.1"), inbound("in.2")]);
    await waitFor(() => first.length === 2);
    await sub1.stop();

    await suite.bus.publish([inbound("in.3")]);
    const second: string[] = [];
    const sub2 = await suite.bus.subscribe({
      groupId: group,
      handlers: new EventHandlers().on(InboundMessageReceivedEvent, async (e) => void second.push(e.data.messageId)),
    });
    await waitFor(() => second.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await sub2.stop();
    expect(second).toEqual(["in.3"]);
  });

  it("parks an event whose handler keeps failing on the dead-letter topic, with the error", async () => {
    let attempts = 0;
    const sub = await suite.bus.subscribe({
      groupId: `${prefix}dlq`,
      maxAttempts: 3,
      retryBackoffMs: 10,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => {
        if (e.data.messageId === "wamid.poison") {
          attempts++;
          throw new Error("cannot store this");
        }
      }),
    });
    await suite.bus.publish([
      event(OutboundMessageAcceptedEvent, { key: "thread-3", tenantId: "t1", data: accepted("wamid.poison") }),
    ]);

    const kafka = new kafkajs.Kafka({ clientId: "dlq-reader", brokers, logLevel: kafkajs.logLevel.NOTHING });
    const reader = kafka.consumer({ groupId: `${prefix}dlq-reader` });
    const parked: Record<string, string>[] = [];
    await reader.connect();
    await reader.subscribe({ topics: [`${prefix}${OutboundMessageAcceptedEvent.topic}.dlq`], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        parked.push(headers);
      },
    });
    await waitFor(() => parked.length >= 1);
    await reader.disconnect();
    await sub.stop();
    expect(attempts).toBe(3);
    expect(parked[0]?.["x-dead-letter-error"]).toContain("cannot store this");
    expect(parked[0]?.ce_type).toBe(OutboundMessageAcceptedEvent.type);
  });
});
