// The Kafka adapter against the real broker: acknowledged publish, consumption with commits,
// redelivery after a consumer stops without finishing, dead-lettering, and trace propagation.
import { context, trace } from "@opentelemetry/api";
import { InboundMessageReceivedEvent, OutboundMessageAcceptedEvent } from "@switchboard/proto";
import type { OutboundMessageAccepted } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventBus, event } from "../src/events/event-bus.ts";
import { EventHandlers } from "../src/events/event-handlers.ts";
import { createKafkaEventBus } from "../src/events/kafka-event-bus.ts";
import { startTelemetry, type Telemetry } from "../src/telemetry/start-telemetry.ts";
import { withSpan } from "../src/telemetry/tracing.ts";

const brokers = testServers().kafkaBrokers;
const prefix = `${uniqueName("kitbus")}.`;
const logger = pino({ level: "warn" });

const accepted = (messageId: string): OutboundMessageAccepted => ({
  thread: { tenantId: "t1", businessId: "b1", phoneNumberId: "p1", customerId: "c1", customerWaId: "1555" },
  messageId,
  type: "text",
  bodyJson: "{}",
  contextMessageId: "",
  bizOpaqueCallbackData: "",
  acceptedAtMs: 1,
  hosting: undefined,
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

describe("Kafka event bus", () => {
  let bus: EventBus;
  let telemetry: Telemetry;

  beforeAll(async () => {
    telemetry = startTelemetry({ serviceName: "kit-test", exporter: "none", otlpEndpoint: "http://127.0.0.1:1" });
    bus = await createKafkaEventBus({
      brokers,
      clientId: "kit-test",
      source: "/switchboard/kit-test",
      topicPrefix: prefix,
      partitions: 3,
      logger,
    });
  });
  afterAll(async () => {
    await bus?.close();
    await telemetry?.shutdown();
  });

  it("delivers published events with envelope, key order and the producer's trace", async () => {
    const seen: { id: string; traceId: string | undefined; tenant: string }[] = [];
    const sub = await bus.subscribe({
      groupId: `${prefix}order`,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => {
        seen.push({ id: e.data.messageId, traceId: trace.getActiveSpan()?.spanContext().traceId, tenant: e.tenantId });
      }),
    });
    let producerTraceId = "";
    await withSpan("test publish", {}, async (span) => {
      producerTraceId = span.spanContext().traceId;
      await bus.publish(
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
    const sub1 = await bus.subscribe({
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
    await bus.publish([inbound("in.1"), inbound("in.2")]);
    await waitFor(() => first.length === 2);
    await sub1.stop();

    await bus.publish([inbound("in.3")]);
    const second: string[] = [];
    const sub2 = await bus.subscribe({
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
    const sub = await bus.subscribe({
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
    await bus.publish([
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
