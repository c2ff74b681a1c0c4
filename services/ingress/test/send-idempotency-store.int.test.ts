// The Mongo IdempotencyStore against the real MongoDB-wire server: the insert-first claim lets
// exactly one of many concurrent requests own a key, answers are replayed, keys are per tenant,
// and a crashed or failed claim is taken over under its original message id.
import { connectMongo } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdempotencyStore } from "../src/idempotency/idempotency-store.ts";
import { createMongoIdempotencyStore } from "../src/idempotency/mongo-idempotency-store.ts";

describe("Mongo idempotency store", () => {
  const servers = testServers();
  let mongo: Connection;
  let store: IdempotencyStore;
  const clock = { ms: 1_000_000 };

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingress_idem") });
    store = await createMongoIdempotencyStore(mongo, { leaseMs: 10_000, now: () => clock.ms });
  });

  afterAll(async () => {
    await mongo?.close();
  });

  it("lets exactly one of ten concurrent claims own a key", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.claim("t1", "race", { bodyHash: "h", messageId: `wamid.m${i}` })),
    );
    expect(results.filter((r) => r.kind === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "in_progress")).toHaveLength(9);
  });

  it("replays a completed answer, refuses another body, and scopes keys by tenant", async () => {
    expect(await store.claim("t1", "k", { bodyHash: "h", messageId: "wamid.a" })).toEqual({
      kind: "claimed",
      messageId: "wamid.a",
    });
    await store.complete("t1", "k", { statusCode: 200, body: { messages: [{ id: "wamid.a" }] } });
    expect(await store.claim("t1", "k", { bodyHash: "h", messageId: "wamid.b" })).toEqual({
      kind: "replay",
      response: { statusCode: 200, body: { messages: [{ id: "wamid.a" }] } },
    });
    expect(await store.claim("t1", "k", { bodyHash: "other", messageId: "wamid.c" })).toEqual({ kind: "mismatch" });
    expect((await store.claim("t2", "k", { bodyHash: "other", messageId: "wamid.d" })).kind).toBe("claimed");
  });

  it("treats operator-looking keys as literal strings", async () => {
    await store.claim("t1", "plain", { bodyHash: "h", messageId: "wamid.p" });
    await store.complete("t1", "plain", { statusCode: 200, body: { id: "p" } });
    const injected = await store.claim("t1", '{"$ne":null}', { bodyHash: "h", messageId: "wamid.q" });
    expect(injected).toEqual({ kind: "claimed", messageId: "wamid.q" });
  });

  it("forgets a released claim and hands an abandoned one over under its message id", async () => {
    await store.claim("t1", "released", { bodyHash: "h", messageId: "wamid.r1" });
    await store.release("t1", "released");
    expect(await store.claim("t1", "released", { bodyHash: "h2", messageId: "wamid.r2" })).toEqual({
      kind: "claimed",
      messageId: "wamid.r2",
    });

    await store.claim("t1", "abandoned", { bodyHash: "h", messageId: "wamid.x1" });
    await store.abandon("t1", "abandoned");
    expect(await store.claim("t1", "abandoned", { bodyHash: "h", messageId: "wamid.x2" })).toEqual({
      kind: "claimed",
      messageId: "wamid.x1",
    });
  });

  it("takes over a pending claim after its lease, once", async () => {
    await store.claim("t1", "crashed", { bodyHash: "h", messageId: "wamid.c1" });
    expect((await store.claim("t1", "crashed", { bodyHash: "h", messageId: "wamid.c2" })).kind).toBe("in_progress");
    clock.ms += 10_001;
    const takeovers = await Promise.all([
      store.claim("t1", "crashed", { bodyHash: "h", messageId: "wamid.c3" }),
      store.claim("t1", "crashed", { bodyHash: "h", messageId: "wamid.c4" }),
    ]);
    expect(takeovers.filter((r) => r.kind === "claimed")).toEqual([{ kind: "claimed", messageId: "wamid.c1" }]);
  });
});
