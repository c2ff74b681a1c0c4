// Dead-letter topics against the real broker: created to keep records for good (retention.ms=-1),
// visible (what each holds, what waits, a peek at why), and replayed by command to their source
// topic, where the consumer handles the record again; a second replay re-publishes nothing.
import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { event } from "../src/events/event-bus.ts";
import { EventHandlers } from "../src/events/event-handlers.ts";
import { PermanentEventError } from "../src/events/permanent-event-error.ts";
import { useKafkaTestBus } from "../testing/kafka-test-bus.ts";
import { acceptedMessage } from "./support/event-fixtures.ts";

const logger = pino({ level: "silent" });
const dlq = `${OutboundMessageAcceptedEvent.topic}.dlq`;

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

describe("Kafka dead letters", () => {
  const suite = useKafkaTestBus("kitdlq", { logger, partitions: 2 });

  it("parks a poison event durably, reports and peeks it, and replays it to its source once", async () => {
    let poisonous = true;
    const handled: string[] = [];
    const sub = await suite.bus.subscribe({
      groupId: `${suite.prefix}dlq-consumer`,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => {
        if (e.data.messageId === "wamid.poison" && poisonous) throw new PermanentEventError("cannot be stored");
        handled.push(e.data.messageId);
      }),
    });
    await suite.bus.publish([
      event(OutboundMessageAcceptedEvent, { key: "k1", tenantId: "t1", data: acceptedMessage("wamid.poison") }),
      event(OutboundMessageAcceptedEvent, { key: "k1", tenantId: "t1", data: acceptedMessage("wamid.fine") }),
    ]);
    await waitFor(() => handled.includes("wamid.fine"));
    const dead = suite.bus.dlq;
    if (!dead) throw new Error("the Kafka bus reports its dead letters");

    const kafka = new kafkajs.Kafka({ brokers: testServers().kafkaBrokers, logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: `${suite.prefix}${dlq}` }],
    });
    await admin.disconnect();
    const retention = configs.resources[0]?.configEntries.find((c) => c.configName === "retention.ms");
    expect(retention?.configValue).toBe("-1");

    let report = (await dead.report()).find((r) => r.topic === dlq);
    expect(report).toMatchObject({ sourceTopic: OutboundMessageAcceptedEvent.topic, parked: 1, waiting: 1 });
    const [peeked] = await dead.peek(dlq, 10);
    expect(peeked).toMatchObject({ key: "k1", type: OutboundMessageAcceptedEvent.type, tenantId: "t1" });
    expect(peeked?.error).toContain("cannot be stored");

    poisonous = false;
    expect(await dead.replay(dlq)).toEqual({ replayed: 1 });
    await waitFor(() => handled.includes("wamid.poison"));
    report = (await dead.report()).find((r) => r.topic === dlq);
    expect(report).toMatchObject({ parked: 1, waiting: 0 });
    expect(await dead.replay(dlq)).toEqual({ replayed: 0 });
    await sub.stop();
  }, 60_000);
});
