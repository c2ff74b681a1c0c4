// The Mongo adapters of the upstream ports against the real MongoDB-wire server: a body's claims
// are one insert whose duplicates (earlier, concurrent or within the list) lose, releases free
// exactly the keys named, and sent-message records are found by `_id`, per tenant.
import { connectMongo } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMongoUpstreamDedupe } from "../src/upstream/mongo-upstream-dedupe.ts";
import { createMongoUpstreamMessageIds } from "../src/upstream/mongo-upstream-message-ids.ts";
import type { DedupeKey } from "../src/upstream/planned-event.ts";
import type { UpstreamDedupe } from "../src/upstream/upstream-dedupe.ts";
import type { UpstreamMessageIds } from "../src/upstream/upstream-message-ids.ts";

const inbound = (wamid: string): DedupeKey => ({ kind: "inbound", wamid, status: "" });
const status = (wamid: string, value: string): DedupeKey => ({ kind: "status", wamid, status: value });

describe("upstream stores against the MongoDB-wire server", () => {
  const servers = testServers();
  let mongo: Connection;
  let dedupe: UpstreamDedupe;
  let messageIds: UpstreamMessageIds;

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingress_upstream_stores") });
    dedupe = await createMongoUpstreamDedupe(mongo);
    messageIds = await createMongoUpstreamMessageIds(mongo);
  });

  afterAll(async () => {
    await mongo?.close();
  });

  it("claims a list at once: earlier claims and repeats within the list lose, tenants are apart", async () => {
    expect(await dedupe.claimAll("t1", [inbound("w1")])).toEqual([true]);
    expect(await dedupe.claimAll("t1", [inbound("w1")])).toEqual([false]);
    expect(
      await dedupe.claimAll("t1", [inbound("w1"), status("w1", "read"), status("w1", "read"), status("w1", "sent")]),
    ).toEqual([false, true, false, true]);
    expect(await dedupe.claimAll("t2", [inbound("w1"), status("w1", "read")])).toEqual([true, true]);
    expect(await dedupe.claimAll("t1", [])).toEqual([]);
  });

  it("lets exactly one of concurrent claims of one key win", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => dedupe.claimAll("t1", [inbound("race")])));
    expect(answers.flat().filter(Boolean)).toHaveLength(1);
  });

  it("releases exactly the keys named, so they can be claimed again", async () => {
    expect(await dedupe.claimAll("t3", [inbound("a"), inbound("b")])).toEqual([true, true]);
    await dedupe.releaseAll("t3", [inbound("a")]);
    await dedupe.releaseAll("t3", []);
    expect(await dedupe.claimAll("t3", [inbound("a"), inbound("b")])).toEqual([true, false]);
  });

  it("records a sent message once and finds it by our id and by Meta's, per tenant", async () => {
    await messageIds.remember("t1", "wamid.meta-1", "wamid.ours-1");
    await messageIds.remember("t1", "wamid.meta-1", "wamid.ours-1"); // a redelivered send
    await messageIds.remember("t1", "wamid.same-2", "wamid.same-2");
    expect(await messageIds.upstreamIdOf("t1", "wamid.ours-1")).toBe("wamid.meta-1");
    expect(await messageIds.upstreamIdOf("t1", "wamid.same-2")).toBe("wamid.same-2");
    expect(await messageIds.upstreamIdOf("t1", "wamid.never-sent")).toBeUndefined();
    expect(await messageIds.upstreamIdOf("t2", "wamid.ours-1")).toBeUndefined();
    expect(await messageIds.ourIds("t1", ["wamid.meta-1", "wamid.same-2", "wamid.unknown"])).toEqual(
      new Map([["wamid.meta-1", "wamid.ours-1"]]),
    );
    expect(await messageIds.ourIds("t2", ["wamid.meta-1"])).toEqual(new Map());
  });
});
