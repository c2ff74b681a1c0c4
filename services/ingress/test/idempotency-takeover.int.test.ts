// A takeover that crashed half-way on the real MongoDB-wire server: the request that took over a
// stale claim wrote its takeover and died before rewriting the claim. Once that takeover is older
// than the lease too, the key is taken over again instead of answering 409 forever.
import { connectMongo } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMongoIdempotencyStore } from "../src/idempotency/mongo-idempotency-store.ts";

const servers = testServers();
let mongo: Connection;

beforeAll(async () => {
  mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingress_idem") });
});
afterAll(async () => {
  await mongo?.dropDatabase().catch(() => {});
  await mongo?.close();
});

describe("idempotency takeover after a crash mid-takeover", () => {
  it("takes the key over once the crashed takeover's own lease has passed", async () => {
    const clock = { ms: 5_000_000 };
    const store = await createMongoIdempotencyStore(mongo, { leaseMs: 1_000, now: () => clock.ms });
    const scope = { tenantId: "tn_1", businessId: "200", phoneNumberId: "300" };
    await store.claim(scope, "k", { bodyHash: "h", messageId: "wamid.first" });
    clock.ms += 1_001;
    // What a takeover leaves when its process dies between its two writes: the takeover document,
    // and the claim still at generation 0 with its old lease.
    await mongo.db?.collection("idempotency_takeovers").insertOne({
      _id: "tn_1|200|300|1|k" as never,
      tenantId: "tn_1",
      key: "k",
      generation: 1,
      takenAtMs: clock.ms,
    });
    expect((await store.claim(scope, "k", { bodyHash: "h", messageId: "wamid.x" })).kind).toBe("in_progress");
    clock.ms += 1_001;
    expect(await store.claim(scope, "k", { bodyHash: "h", messageId: "wamid.y" })).toEqual({
      kind: "claimed",
      messageId: "wamid.first",
    });
    await store.complete(scope, "k", { statusCode: 200, body: { ok: true } });
    expect((await store.claim(scope, "k", { bodyHash: "h", messageId: "wamid.z" })).kind).toBe("replay");
  });
});
