// Proof of origin on the real broker: a ready-to-send record written straight to the topic —
// unsigned, signed with a key the platform does not hold, or a genuine record replayed with
// another tenant's number — is parked on the dead-letter topic with the reason and never reaches
// the handler that would send it to Meta; the genuine event published through a bus is handled.
import { OutboundMessageReadyToSendEvent } from "@switchboard/proto";
import { OutboundMessageReadyToSend } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { eventually } from "@switchboard/testing/eventually";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { encodeEnvelope } from "../src/events/envelope.ts";
import { event } from "../src/events/event-bus.ts";
import { EventHandlers } from "../src/events/event-handlers.ts";
import { ORIGIN_HEADER, signEventOrigin } from "../src/security/event-origin.ts";
import { parseKeyRing } from "../src/security/key-ring.ts";
import { testKeyRing } from "../testing/internal-auth.ts";
import { useKafkaTestBus } from "../testing/kafka-test-bus.ts";
import { testThread } from "./support/event-fixtures.ts";

const logger = pino({ level: "silent" });
const topic = OutboundMessageReadyToSendEvent.topic;

const ready = (messageId: string, phoneNumberId = testThread.phoneNumberId): OutboundMessageReadyToSend => ({
  thread: { ...testThread, phoneNumberId },
  messageId,
  type: "text",
  bodyJson: '{"text":{"body":"hi"}}',
  bizOpaqueCallbackData: "",
  hosting: undefined,
});

describe("event proof of origin on Kafka", () => {
  const suite = useKafkaTestBus("kitorigin", { logger, partitions: 1 });
  const kafka = new kafkajs.Kafka({ brokers: testServers().kafkaBrokers, logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer();
  afterAll(() => producer.disconnect());

  it("never hands a forged ready-to-send record to its handler, and parks it with the reason", async () => {
    const sent: string[] = [];
    const sub = await suite.bus.subscribe({
      groupId: `${suite.prefix}upstream`,
      handlers: new EventHandlers().on(OutboundMessageReadyToSendEvent, async (e) => {
        sent.push(`${e.tenantId}/${e.data.thread?.phoneNumberId}/${e.data.messageId}`);
      }),
    });
    await producer.connect();
    const forged = (messageId: string, tenantId: string, phoneNumberId: string) => {
      const value = Buffer.from(OutboundMessageReadyToSend.encode(ready(messageId, phoneNumberId)).finish());
      const headers = encodeEnvelope(
        { type: OutboundMessageReadyToSendEvent.type, source: "/switchboard/conversation", tenantId },
        {},
      );
      return { key: "k", value, headers };
    };
    const unsigned = forged("wamid.unsigned", "t1", "victim-number");
    const foreignKey = forged("wamid.foreign", "t1", "victim-number");
    foreignKey.headers[ORIGIN_HEADER] = signEventOrigin(
      parseKeyRing(`dev:${Buffer.alloc(32, "z").toString("base64")}`),
      foreignKey,
    );
    // A genuine signature moved onto another tenant's number: the payload no longer matches it.
    const genuine = forged("wamid.moved", "t1", testThread.phoneNumberId);
    const moved = { ...forged("wamid.moved", "t1", "victim-number"), headers: { ...genuine.headers } };
    moved.headers[ORIGIN_HEADER] = signEventOrigin(testKeyRing, genuine);
    await producer.send({ topic: `${suite.prefix}${topic}`, messages: [unsigned, foreignKey, moved] });
    await suite.bus.publish([
      event(OutboundMessageReadyToSendEvent, { key: "k", tenantId: "t1", data: ready("wamid.genuine") }),
    ]);

    await eventually(() => expect(sent).toEqual([`t1/${testThread.phoneNumberId}/wamid.genuine`]));
    const parked = await readDeadLetters(kafka, `${suite.prefix}${topic}.dlq`, 3);
    expect(parked.map((p) => [p.messageId, p.error])).toEqual([
      ["wamid.unsigned", "event has no proof of origin"],
      ["wamid.foreign", "forged proof of origin"],
      ["wamid.moved", "forged proof of origin"],
    ]);
    expect(sent).toHaveLength(1);
    await sub.stop();
  });
});

async function readDeadLetters(kafka: kafkajs.Kafka, dlq: string, count: number) {
  const consumer = kafka.consumer({ groupId: `${dlq}-reader` });
  const parked: { messageId: string; error: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: dlq, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const data = OutboundMessageReadyToSend.decode(message.value ?? Buffer.alloc(0));
      parked.push({ messageId: data.messageId, error: String(message.headers?.["x-dead-letter-error"] ?? "") });
    },
  });
  await eventually(() => expect(parked.length).toBeGreaterThanOrEqual(count));
  await consumer.disconnect();
  return parked;
}
