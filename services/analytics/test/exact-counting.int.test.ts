// Exactness at volume against the real Kafka (3 partitions) and MongoDB-wire server, Jepsen
// style: publish ~3,000 thread events over several tenants, numbers, minutes and customers (so
// every partition is busy), with second copies of some messages (on the same thread, and on
// another thread, so another partition), count the ground truth here, and compare every stored
// rollup and the highest value per key on the public stream with it. Then the redelivery cases,
// calling the batch handler directly as the dispatcher would after a crash before the commit.
import {
  connectMongo,
  createKafkaEventBus,
  createLogger,
  type EventBus,
  type OutgoingEvent,
  type SubscriptionHandle,
} from "@switchboard/kit";
import { MessageVolumeRolledUpEvent } from "@switchboard/proto";
import { MessageVolumeRolledUp } from "@switchboard/proto/gen/switchboard/events/v1/analytics";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RollupPublisher } from "../src/domain/count-batch.ts";
import { bucketStartOf, rollupKeyOf, type TenantRollup } from "../src/domain/volume.ts";
import { busRollupPublisher } from "../src/events/rollup-publisher.ts";
import { threadEventHandlers, volumeBatchHandler } from "../src/events/thread-event-handlers.ts";
import { createMongoVolumeStore } from "../src/store/mongo-volume-store.ts";
import type { VolumeStore } from "../src/store/volume-store.ts";
import { type MessageSpec, receivedEvent, T0, threadEvent } from "./support/volume-fixtures.ts";

const servers = testServers();
const prefix = `${uniqueName("analyticsexact")}.`;
const logger = createLogger({ service: "analytics-exact-test", level: "warn" });
const PARTITIONS = 3;
const range = { phoneNumberId: "", fromMs: T0, toMs: T0 + 60 * 60_000 };

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed exactly. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The messages to publish (with repeats) and the exact rollups they must produce, per tenant. */
function workload(tenants: readonly string[], size: number) {
  const next = random(20250601);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const published: MessageSpec[] = [];
  for (let i = 0; i < size; i++) {
    const earlier = published.length > 0 && next() < 0.1 ? pick(published) : undefined;
    if (earlier) {
      // A second copy: mostly on its own thread, sometimes on another customer's (another key).
      published.push(next() < 0.8 ? earlier : { ...earlier, customerId: `c${Math.floor(next() * 4)}` });
      continue;
    }
    published.push({
      tenantId: pick(tenants),
      messageId: `wamid.${i}`,
      direction: next() < 0.5 ? "inbound" : "outbound",
      phoneNumberId: pick(["p1", "p2", "p3"]),
      customerId: pick(["c0", "c1", "c2", "c3"]),
      atMs: T0 + Math.floor(next() * 5 * 60_000),
    });
  }
  return { published, truth: truthOf(published) };
}

/** Distinct (tenant, direction, messageId), counted per bucket: what the rollups must say. */
function truthOf(messages: readonly MessageSpec[]): Map<string, TenantRollup> {
  const seen = new Set<string>();
  const truth = new Map<string, TenantRollup>();
  for (const m of messages) {
    const id = `${m.tenantId}|${m.direction}|${m.messageId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const key = {
      phoneNumberId: m.phoneNumberId ?? "p1",
      direction: m.direction,
      bucketStartMs: bucketStartOf(m.atMs ?? 0),
    };
    const rollupKey = rollupKeyOf(m.tenantId, key);
    const rollup = truth.get(rollupKey) ?? { tenantId: m.tenantId, ...key, count: 0 };
    rollup.count += 1;
    truth.set(rollupKey, rollup);
  }
  return truth;
}

async function storedRollups(store: VolumeStore, tenants: readonly string[]): Promise<Map<string, TenantRollup>> {
  const stored = new Map<string, TenantRollup>();
  for (const tenantId of tenants) {
    for (const r of await store.listRollups({ tenantId, businessId: "" }, range)) {
      stored.set(rollupKeyOf(tenantId, r), { tenantId, ...r });
    }
  }
  return stored;
}

/** Entries sorted by key, to compare maps as lists; counts alone when given rollups. */
const sorted = <T>(entries: ReadonlyMap<string, T>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const countsOf = (rollups: ReadonlyMap<string, TenantRollup>) =>
  sorted(new Map([...rollups].map(([k, r]) => [k, r.count])));

describe("exact counting at volume", () => {
  let mongo: Connection;
  let bus: EventBus;
  let store: VolumeStore;
  let subscription: SubscriptionHandle | undefined;

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("analytics_exact") });
    bus = await createKafkaEventBus({
      brokers: servers.kafkaBrokers,
      clientId: "analytics-exact-test",
      source: "/switchboard/analytics-exact-test",
      topicPrefix: prefix,
      partitions: PARTITIONS,
      logger,
    });
    store = await createMongoVolumeStore(mongo);
  });

  afterAll(async () => {
    await subscription?.stop();
    await bus?.close();
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it("counts ~3,000 events with second copies exactly, in the store and on the stream", {
    timeout: 180_000,
  }, async () => {
    const tenants = ["t-one", "t-two", "t-three"].map((t) => `${t}-${uniqueName("x")}`);
    const { published, truth } = workload(tenants, 3_000);
    // Publish first, then consume: the consumer then gets full chunks of up to 1,000 records.
    for (let i = 0; i < published.length; i += 500) {
      await bus.publish(published.slice(i, i + 500).map((m): OutgoingEvent => threadEvent(m)));
    }
    subscription = await bus.subscribe({
      groupId: `${prefix}analytics`,
      handlers: threadEventHandlers({ store, publisher: busRollupPublisher(bus), partitions: PARTITIONS }),
    });

    const expected = sorted(truth);
    const total = [...truth.values()].reduce((sum, r) => sum + r.count, 0);
    expect(total).toBeLessThan(published.length); // the workload does contain repeats
    await eventually(async () => expect(sorted(await storedRollups(store, tenants))).toEqual(expected), 120_000, 500);
    const stream = await highestOnStream((highest) => [...truth].every(([key, r]) => highest.get(key) === r.count));
    expect(sorted(stream)).toEqual(countsOf(truth));
  });

  it("stays exact when a chunk is handled, not committed, and redelivered: whole, longer, or after a crash", async () => {
    const tenantId = `t-redeliver-${uniqueName("x")}`;
    const published: TenantRollup[][] = [];
    const publisher: RollupPublisher = {
      async publish(rollups) {
        published.push([...rollups]);
      },
    };
    const deps = { store, publisher, partitions: PARTITIONS };
    const handle = volumeBatchHandler(deps);
    const spec = (offset: number): MessageSpec => ({
      tenantId,
      messageId: `wamid.r${offset}`,
      direction: offset % 2 === 0 ? "outbound" : "inbound",
      phoneNumberId: offset % 3 === 0 ? "p1" : "p2",
      atMs: T0 + (offset % 4) * 60_000,
    });
    const chunk = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => receivedEvent(spec(from + i), 1, from + i));

    expect(await handle(chunk(100, 199))).toEqual([]);
    expect(await handle(chunk(100, 199))).toEqual([]); // crash after the write, before the commit
    expect(await handle(chunk(100, 250))).toEqual([]); // redelivered as a longer chunk

    // A crash after recording 251–300 but before their counts are written, then a longer chunk.
    const crashing = volumeBatchHandler({
      ...deps,
      store: {
        ...store,
        applyDeltas: async () => {
          throw new Error("crash after recording");
        },
      },
    });
    await expect(crashing(chunk(251, 300))).rejects.toThrow("crash");
    expect(await handle(chunk(251, 320))).toEqual([]);
    // A second copy of an earlier message, on another partition, counts nothing.
    expect(await handle([receivedEvent(spec(120), 2, 5)])).toEqual([]);

    const truth = truthOf(Array.from({ length: 221 }, (_, i) => spec(100 + i)));
    const stored = await storedRollups(store, [tenantId]);
    expect(sorted(stored)).toEqual(sorted(truth));
    // The last publish of each bucket carries its exact absolute count.
    const lastPublished = new Map<string, number>();
    for (const batch of published) for (const r of batch) lastPublished.set(rollupKeyOf(tenantId, r), r.count);
    expect(sorted(lastPublished)).toEqual(countsOf(truth));
  });
});

/** Reads the rollup topic from the beginning until `done` holds for the highest count per key. */
async function highestOnStream(done: (highest: ReadonlyMap<string, number>) => boolean): Promise<Map<string, number>> {
  const kafka = new kafkajs.Kafka({
    clientId: "rollup-reader",
    brokers: servers.kafkaBrokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const reader = kafka.consumer({ groupId: `${prefix}rollup-reader` });
  const highest = new Map<string, number>();
  await reader.connect();
  try {
    await reader.subscribe({ topics: [`${prefix}${MessageVolumeRolledUpEvent.topic}`], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const { count } = MessageVolumeRolledUp.decode(message.value ?? Buffer.alloc(0));
        const key = message.key?.toString() ?? "";
        if ((highest.get(key) ?? -1) < count) highest.set(key, count);
      },
    });
    await eventually(() => {
      if (!done(highest)) throw new Error("stream not caught up");
    }, 60_000);
  } finally {
    await reader.disconnect();
  }
  return highest;
}
