// The conversation service as a real process, killed with SIGKILL in the middle of consuming and
// started again: every accepted message ends up stored exactly once (offsets are committed only
// after handlers succeed; writes are idempotent by deterministic ids), and each thread's sends
// leave for the upstream in the order they were accepted (a redelivery repeats a prefix, never
// reorders one).
import { freePort, type ServiceProcess, startServiceProcess } from "@switchboard/cli/platform";
import { connectMongo, createLogger, EventHandlers, event } from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import {
  InboundMessageReceivedEvent,
  OutboundMessageAcceptedEvent,
  OutboundMessageReadyToSendEvent,
  threadKey,
} from "@switchboard/proto";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MESSAGES = 6_000;
const THREADS = 600;

describe("conversation consumer killed mid-batch", () => {
  const servers = testServers();
  const namespace = uniqueName("crash");
  let mongo: Connection;
  const kafka = useKafkaTestBus("crash", { logger: createLogger({ service: "crash-test", level: "warn" }) });
  let service: ServiceProcess | undefined;

  const start = async () => {
    const httpPort = await freePort();
    return startServiceProcess({
      name: "conversation",
      logDir: `/tmp/switchboard-test-logs/${namespace}`,
      readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
      env: {
        KAFKA_BROKERS: servers.kafkaBrokers.join(","),
        MONGODB_URI: servers.mongodbUri,
        KAFKA_TOPIC_PREFIX: kafka.prefix,
        MONGODB_DATABASE: namespace,
        GRPC_PORT: String(await freePort()),
        HTTP_PORT: String(httpPort),
        METRICS_PORT: "0", // each process its own free metrics port (default 9464 would collide)
        LOG_LEVEL: "warn",
      },
    });
  };

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: namespace });
  });

  afterAll(async () => {
    await service?.stop();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  it("stores every message exactly once across a SIGKILL and a restart", async () => {
    const all = Array.from({ length: MESSAGES }, (_, i) => {
      const customer = `1555${String(i % THREADS).padStart(7, "0")}`;
      const thread = {
        tenantId: "t-crash",
        businessId: "b",
        phoneNumberId: "100200300",
        customerId: customer,
        customerWaId: customer,
      };
      return event(InboundMessageReceivedEvent, {
        key: threadKey(thread),
        tenantId: "t-crash",
        data: {
          thread,
          messageId: `wamid.crash.${i}`,
          type: "text",
          messageJson: JSON.stringify({ text: { body: `m${i}` } }),
          sentAtMs: 1_700_000_000_000 + i,
          receivedAtMs: 1_700_000_000_000 + i,
          hosting: undefined,
          contactJson: "",
        },
      });
    });
    // The later half is published only after the kill, as in the order test below: the batch
    // path can store everything published before the first stored message is seen (it did, once
    // the store got faster), and the kill would then land after the work.
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i += 1_000) await kafka.bus.publish(all.slice(i, Math.min(i + 1_000, to)));
    };
    await publish(0, MESSAGES / 2);
    const inbound = { tenantId: "t-crash", direction: "inbound" };
    const messages = mongo.collection("messages");

    service = await start();
    // Kill it once it has stored some of the messages.
    for (let stored = 0; stored === 0; stored = await messages.countDocuments(inbound)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await service.kill();
    const atKill = await messages.countDocuments(inbound);
    expect(atKill).toBeLessThan(MESSAGES);
    await publish(MESSAGES / 2, MESSAGES);

    service = await start();
    const deadline = Date.now() + 240_000;
    while ((await messages.countDocuments(inbound)) < MESSAGES && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Let any redelivered duplicates arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const ids = (await messages.find(inbound, { projection: { messageId: 1 } }).toArray()).map((m) => m.messageId);
    expect(ids).toHaveLength(MESSAGES);
    expect(new Set(ids).size).toBe(MESSAGES);
    // One hosting notice per thread, however often a first message was redelivered.
    expect(await messages.countDocuments({ tenantId: "t-crash", direction: "system" })).toBe(THREADS);
  }, 300_000);

  it("keeps each thread's send order across a SIGKILL and a restart", async () => {
    await service?.stop();
    service = undefined;
    const SENDS_PER_THREAD = 40;
    const ORDER_THREADS = 100;
    const now = Date.now();
    const threadOf = (t: number) => {
      const customer = `1777${String(t).padStart(7, "0")}`;
      return {
        tenantId: "t-order",
        businessId: "b",
        phoneNumberId: "100200300",
        customerId: customer,
        customerWaId: customer,
      };
    };
    const events = [];
    for (let t = 0; t < ORDER_THREADS; t++) {
      const thread = threadOf(t);
      // The customer writes first, so every free-form send is inside the 24-hour window.
      events.push(
        event(InboundMessageReceivedEvent, {
          key: threadKey(thread),
          tenantId: "t-order",
          data: {
            thread,
            messageId: `wamid.order-in.${t}`,
            type: "text",
            messageJson: '{"text":{"body":"hi"}}',
            sentAtMs: now,
            receivedAtMs: now,
            hosting: undefined,
            contactJson: "",
          },
        }),
      );
    }
    for (let i = 0; i < SENDS_PER_THREAD; i++) {
      for (let t = 0; t < ORDER_THREADS; t++) {
        const thread = threadOf(t);
        events.push(
          event(OutboundMessageAcceptedEvent, {
            key: threadKey(thread),
            tenantId: "t-order",
            data: {
              thread,
              messageId: `wamid.order.${t}.${i}`,
              type: "text",
              bodyJson: `{"text":{"body":"send ${i}"}}`,
              contextMessageId: "",
              bizOpaqueCallbackData: "",
              acceptedAtMs: now + i + 1,
              hosting: undefined,
            },
          }),
        );
      }
    }
    const ready: { customerId: string; messageId: string }[] = [];
    const collector = await kafka.bus.subscribe({
      groupId: `${kafka.prefix}order-collector`,
      handlers: new EventHandlers().on(OutboundMessageReadyToSendEvent, async (e) => {
        if (e.data.thread?.tenantId === "t-order") {
          ready.push({ customerId: e.data.thread.customerId, messageId: e.data.messageId });
        }
      }),
    });
    try {
      // The later half of the sends is published only after the kill: the batch path is fast
      // enough to finish everything published before its first output is seen, so the kill could
      // otherwise land after the work (it did, once the store got faster). Order must hold across it.
      const all = events.slice(); // typed by now: a closure cannot see an array's evolving type
      const publish = async (from: number, to = all.length) => {
        for (let i = from; i < to; i += 1_000) await kafka.bus.publish(all.slice(i, Math.min(i + 1_000, to)));
      };
      const firstHalf = ORDER_THREADS + (SENDS_PER_THREAD / 2) * ORDER_THREADS;
      await publish(0, firstHalf);
      const total = SENDS_PER_THREAD * ORDER_THREADS;
      const distinct = () => new Set(ready.map((r) => r.messageId)).size;
      service = await start();
      while (distinct() === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await service.kill();
      expect(distinct()).toBeLessThan(total);
      await publish(firstHalf);
      service = await start();
      const deadline = Date.now() + 180_000;
      while (distinct() < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      expect(distinct()).toBe(total);
      for (let t = 0; t < ORDER_THREADS; t++) {
        const { customerId } = threadOf(t);
        const seen = ready.filter((r) => r.customerId === customerId).map((r) => r.messageId);
        // First sightings in the accepted order; anything after a first sighting repeats a prefix.
        const firsts = seen.filter((id, index) => seen.indexOf(id) === index);
        expect(firsts).toEqual(Array.from({ length: SENDS_PER_THREAD }, (_, i) => `wamid.order.${t}.${i}`));
      }
    } finally {
      await collector.stop();
    }
  }, 300_000);
});
