// The delivery store's batch claim on the real MongoDB-wire server: a round's claims, deliveries
// and retries cost a constant number of database commands, not one or more per delivery (counted
// from the driver's command events), and racing replicas still split a round without overlap when
// some claims conflict and take the slow path (an expired claim of a rewound claim hint taken over).
import { connectMongo, isStoreUnavailable, type TenantScope } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import type { DeliveryStore } from "../src/business-webhooks/delivery-store.ts";
import { createMongoDeliveryStore } from "../src/business-webhooks/mongo-delivery-store.ts";

const servers = testServers();
const LEASE = 30_000;
const NOW = 1_000_000;
const A: TenantScope = { tenantId: "tn_a", businessId: "1" };
const B: TenantScope = { tenantId: "tn_b", businessId: "2" };

/** Counts the commands a connection sends to its own database (heartbeats are not commands). */
function countCommands(connection: Connection, dbName: string): { count(): number; reset(): void; names(): string[] } {
  let names: string[] = [];
  connection.getClient().on("commandStarted", (event) => {
    // `find delivery_claims`: the command and the collection it names.
    if (event.databaseName === dbName) names.push(`${event.commandName} ${String(event.command[event.commandName])}`);
  });
  return {
    count: () => names.length,
    names: () => [...names],
    reset: () => {
      names = [];
    },
  };
}

async function enqueueEach(store: DeliveryStore, scope: TenantScope, prefix: string, n: number) {
  for (let i = 0; i < n; i++) {
    await store.enqueue(
      scope,
      { deliveryId: `${prefix}${i}`, eventType: "t", phoneNumberId: "p", changeJson: "{}" },
      NOW,
    );
  }
}

describe("webhook deliveries: batch claims on the MongoDB-wire server", () => {
  const connections: Connection[] = [];
  afterAll(async () => {
    for (const c of connections) await c.dropDatabase().catch(() => {});
    await Promise.all(connections.map((c) => c.close()));
  });
  const open = async (dbName: string) => {
    const connection = await connectMongo({ uri: servers.mongodbUri, dbName });
    connections.push(connection);
    return connection;
  };

  it("claims, delivers and reschedules a round of 200 deliveries in a constant number of commands", async () => {
    const dbName = uniqueName("whbatch");
    const connection = await open(dbName);
    const store = await createMongoDeliveryStore(connection);
    await enqueueEach(store, A, "a", 100);
    await enqueueEach(store, B, "b", 100);
    const commands = countCommands(connection, dbName);

    // One read of the due deliveries' keys, one read of the chosen by `_id`, one read of their
    // delivered markers by `_id`, one claim insertMany, one stamp bulk write. Before: a claim
    // insert and a stamp per delivery (400 and more).
    const claimed = await store.claimDue("w1", NOW, LEASE, 200);
    expect(claimed).toHaveLength(200);
    expect(commands.count()).toBe(5);

    commands.reset();
    const ids = (scope: TenantScope) => claimed.filter((d) => d.tenantId === scope.tenantId).map((d) => d.deliveryId);
    await store.markDelivered(A, ids(A), NOW + 1);
    await store.reschedule(
      B,
      "w1",
      ids(B).map((deliveryId) => ({ deliveryId, atMs: NOW + 5_000 })),
      "HTTP 503",
    );
    // Delivered: which are owed, their markers, their removal from the queue (all by `_id`);
    // rescheduled: one bulk write.
    expect(commands.count()).toBe(4);
    expect(await store.pendingCounts()).toEqual([{ scope: B, pending: 100 }]);
    const retried = await store.claimDue("w2", NOW + 5_000, LEASE, 200);
    expect(retried).toHaveLength(100);
    expect(retried.every((d) => d.attempts === 1 && d.lastError === "HTTP 503")).toBe(true);
  });

  it("queues a consumed batch of 300 deliveries of 3 businesses in two commands, creating only the new ones", async () => {
    const dbName = uniqueName("whintake");
    const connection = await open(dbName);
    const store = await createMongoDeliveryStore(connection);
    const C: TenantScope = { tenantId: "tn_c", businessId: "3" };
    await enqueueEach(store, A, "m", 2); // m0, m1 of A: queued before
    expect(await store.claimDue("w1", NOW, LEASE, 10)).toHaveLength(2);
    await store.markDelivered(A, ["m0"], NOW + 1); // m0 delivered (a marker), m1 still owed
    // 100 events per business, of 90 ids: m0..m9 twice (a redelivered record within the batch).
    const batch = [A, B, C].flatMap((scope) =>
      Array.from({ length: 100 }, (_, k) => ({
        scope,
        delivery: { deliveryId: `m${k % 90}`, eventType: "t", phoneNumberId: "p", changeJson: "{}" },
      })),
    );
    const commands = countCommands(connection, dbName);

    // One read of the batch's delivered markers by `_id`, one unordered insertMany. Before: a
    // marker read and an upsert per delivery (600).
    const created = await store.enqueueMany(batch, NOW + 2);
    expect(commands.count()).toBe(2);
    // Each (business, id) is created once; A's m0 (delivered) and m1 (owed) not at all.
    const made = batch
      .filter((_, i) => created[i]?.created)
      .map((b) => `${b.scope.businessId}/${b.delivery.deliveryId}`);
    expect(new Set(made).size).toBe(made.length);
    expect(made).toHaveLength(3 * 90 - 2);
    expect(made).not.toContain("1/m0");
    expect(made).not.toContain("1/m1");
    expect(await store.pendingCounts()).toEqual(
      expect.arrayContaining([
        { scope: A, pending: 89 }, // m1 and the 88 new
        { scope: B, pending: 90 },
        { scope: C, pending: 90 },
      ]),
    );
  });

  it("splits a round between two racing replicas when half the claim hints were rewound, each claim won once", async () => {
    const dbName = uniqueName("whrace");
    const [first, second] = [await open(dbName), await open(dbName)];
    if (!first || !second) throw new Error("not connected");
    const [one, two] = await Promise.all([createMongoDeliveryStore(first), createMongoDeliveryStore(second)]);
    await enqueueEach(one, A, "a", 60);
    await enqueueEach(one, B, "b", 60);
    expect(await one.claimDue("crashed", NOW, LEASE, 200)).toHaveLength(120);
    // A stale whole-document write (FerretDB v1 has no atomic conditional update) rewinds the claim
    // hint of every other delivery: their next claim number is taken by the crashed replica's claim.
    const raw = first.collection<{ _id: string }>("pending_deliveries");
    const rewound = Array.from({ length: 30 }, (_, i) => [`tn_a/a${2 * i}`, `tn_b/b${2 * i}`]).flat();
    await raw.updateMany({ _id: { $in: rewound } }, { $set: { claimSeq: 0 } });

    // Inside the crashed replica's lease nothing is claimable, rewound or not.
    expect(await two.claimDue("early", NOW + LEASE - 1, LEASE, 200)).toEqual([]);

    const commands = countCommands(second, dbName);
    const at = NOW + LEASE;
    // Four rounds of 50 race for the same oldest deliveries; whatever they leave, one more claims.
    const rounds = await Promise.all([
      one.claimDue("r1", at, LEASE, 50),
      two.claimDue("r2", at, LEASE, 50),
      one.claimDue("r3", at, LEASE, 50),
      two.claimDue("r4", at, LEASE, 50),
    ]);
    // Each of replica two's rounds: the two reads, the markers' read, the claim insertMany and the
    // stamp, plus, for its conflicts, one read of their claims and one insertMany of the next
    // numbers. Before: two to four per delivery.
    expect(commands.count()).toBeLessThanOrEqual(2 * 7);
    const rest = await two.claimDue("rest", at, LEASE, 200);
    const claimed = [...rounds, rest].flat().map((d) => `${d.tenantId}/${d.deliveryId}`);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed).toHaveLength(120);
    // Every delivery has exactly two claims: the crashed replica's and the winner's.
    const claims = await first
      .collection("delivery_claims")
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: "$deliveryId", n: { $sum: 1 } } }])
      .toArray();
    expect(claims).toHaveLength(120);
    expect(claims.every((c) => c.n === 2)).toBe(true);
    // Nothing more until those leases end; then every delivery is claimable again.
    expect(await two.claimDue("late", at + 1, LEASE, 200)).toEqual([]);
    expect(await one.claimDue("after", at + LEASE, LEASE, 200)).toHaveLength(120);
  });

  it("reads a conflict's claims by `_id`, and still claims a delivery whose hint fell far behind", async () => {
    const dbName = uniqueName("whfar");
    const connection = await open(dbName);
    if (!connection) throw new Error("not connected");
    const store = await createMongoDeliveryStore(connection);
    await enqueueEach(store, A, "a", 4);
    // Six expired leases in a row: claims #0…#5 of every delivery.
    for (let round = 0; round < 6; round++) {
      expect(await store.claimDue(`old${round}`, NOW + round * LEASE, LEASE, 10)).toHaveLength(4);
    }
    const raw = connection.collection<{ _id: string }>("pending_deliveries");
    // a0 rewound one number (its newest claim is within the probed numbers), a1 to the very first
    // (beyond them: the rare scan), a2 and a3 keep their hints.
    await raw.updateOne({ _id: "tn_a/a0" }, { $set: { claimSeq: 5 } });
    await raw.updateOne({ _id: "tn_a/a1" }, { $set: { claimSeq: 0 } });
    const commands = countCommands(connection, dbName);
    const claimed = await store.claimDue("now", NOW + 6 * LEASE, LEASE, 10);
    expect(claimed.map((d) => d.deliveryId).sort()).toEqual(["a0", "a1", "a2", "a3"]);
    const finds = commands.names().filter((name) => name === "find delivery_claims");
    // One read by `_id` for both conflicts, one scan for the delivery rewound past the probes.
    expect(finds).toHaveLength(2);
    const claims = await connection
      .collection<{ _id: string; seq: number }>("delivery_claims")
      .find({ deliveryId: { $in: ["a0", "a1"] } })
      .toArray();
    expect(
      claims
        .filter((c) => c.seq === 6)
        .map((c) => c._id)
        .sort(),
    ).toEqual(["tn_a/a0#6", "tn_a/a1#6"]);
  });

  it("bounds every scan of the work queue by the server's own time limit, which the server enforces", async () => {
    const dbName = uniqueName("whscan");
    const connection = await open(dbName);
    const store = await createMongoDeliveryStore(connection, { dueScanLimit: 100 });
    await store.enqueueMany(
      Array.from({ length: 3_000 }, (_, i) => ({
        scope: i % 2 === 0 ? A : B,
        delivery: { deliveryId: `s${i}`, eventType: "t", phoneNumberId: "p", changeJson: "{}" },
      })),
      NOW,
    );
    const sent: { name: string; maxTimeMS: unknown; sort: unknown }[] = [];
    connection.getClient().on("commandStarted", (event) => {
      if (event.databaseName !== dbName || !["find", "aggregate"].includes(event.commandName)) return;
      if (event.command[event.commandName] !== "pending_deliveries") return;
      sent.push({ name: event.commandName, maxTimeMS: event.command.maxTimeMS, sort: event.command.sort });
    });
    // A backlog past the due-scan sample: the round takes its shares from the sample, and the
    // sample is read unsorted (FerretDB v1 sorts in Go after reading every match).
    const round = await store.claimDue("w1", NOW, LEASE, 200);
    expect(round).toHaveLength(100);
    expect(new Set(round.map((d) => d.tenantId))).toEqual(new Set([A.tenantId, B.tenantId]));
    expect((await store.pendingCounts()).length).toBe(2);
    const scans = sent.filter((s) => s.name === "aggregate" || s.maxTimeMS !== undefined);
    expect(scans.map((s) => s.name).sort()).toEqual(["aggregate", "find"]);
    for (const scan of scans) expect(scan).toMatchObject({ maxTimeMS: 50_000, sort: undefined });
    // Sample after sample, the whole backlog is claimed, each delivery once.
    const claimed = new Set(round.map((d) => `${d.tenantId}/${d.deliveryId}`));
    for (let r = 0; r < 40 && claimed.size < 3_000; r++) {
      for (const d of await store.claimDue(`w${r + 2}`, NOW, LEASE, 200)) {
        const key = `${d.tenantId}/${d.deliveryId}`;
        expect(claimed.has(key)).toBe(false);
        claimed.add(key);
      }
    }
    expect(claimed.size).toBe(3_000);

    // The server gives up a scan past its limit (what stops abandoned scans piling up): 1 ms here.
    const impatient = await createMongoDeliveryStore(await open(dbName), { scanMaxTimeMs: 1 });
    const refused = await impatient.pendingCounts().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((refused as { code?: number } | undefined)?.code).toBe(50);
    expect(isStoreUnavailable(refused)).toBe(true);
  });
});
