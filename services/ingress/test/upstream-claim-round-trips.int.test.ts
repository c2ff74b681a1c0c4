// The upstream dedupe claims' round trips on the real MongoDB-wire server, counted from the
// driver's command events: confirming many bodies' claims costs a write per round trip, not one
// per body (coalesced by claim-confirmations.ts), and only a body with keys claimed before pays
// more than its insert: one read of their states, and one update if it takes some over.
import { connectMongo, createLogger } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import { createClaimConfirmations } from "../src/upstream/claim-confirmations.ts";
import { createMongoUpstreamDedupe } from "../src/upstream/mongo-upstream-dedupe.ts";
import type { DedupeKey } from "../src/upstream/planned-event.ts";

const servers = testServers();
const logger = createLogger({ service: "test", level: "silent" });
const inbound = (wamid: string): DedupeKey => ({ kind: "inbound", wamid, status: "" });
const TAKEOVER_MS = 30_000;

/** Commands the connection sends to its own database, by name (heartbeats are not commands). */
function countCommands(connection: Connection, dbName: string) {
  const names: string[] = [];
  connection.getClient().on("commandStarted", (event) => {
    if (event.databaseName === dbName) names.push(event.commandName);
  });
  return { names, reset: () => names.splice(0) };
}

describe("upstream dedupe claims: round trips on the MongoDB-wire server", () => {
  let connection: Connection | undefined;
  afterAll(async () => {
    await connection?.dropDatabase().catch(() => {});
    await connection?.close();
  });

  it("confirms 40 bodies' claims in at most two updates, and pays a read only for claimed keys", async () => {
    const dbName = uniqueName("updedupe");
    connection = await connectMongo({ uri: servers.mongodbUri, dbName });
    const dedupe = await createMongoUpstreamDedupe(connection);
    const commands = countCommands(connection, dbName);
    const nowMs = Date.now();
    const options = { nowMs, takeOverBeforeMs: nowMs - TAKEOVER_MS };
    const bodies = Array.from({ length: 40 }, (_, i) => ({ tenantId: `tn_${i % 3}`, keys: [inbound(`wamid.rt${i}`)] }));
    const claimed = await Promise.all(bodies.map((b) => dedupe.claimAll(b.tenantId, b.keys, options)));
    expect(claimed.flat().every((outcome) => outcome === "claimed")).toBe(true);
    // New keys only: inserts, coalesced (two outstanding at a time), no read.
    expect(commands.names.every((name) => name === "insert")).toBe(true);
    expect(commands.names.length).toBeLessThan(40);

    commands.reset();
    const confirmations = createClaimConfirmations(dedupe, logger);
    await Promise.all(bodies.map((b) => confirmations.confirm([b])));
    // The first body's write alone, then one for the 39 acknowledged while it was outstanding.
    expect(commands.names).toEqual(["update", "update"]);

    commands.reset();
    // A redelivery of three bodies' keys in one call, plus a key a dead attempt left provisional.
    await dedupe.claimAll("tn_0", [inbound("wamid.dead")], { nowMs: nowMs - 2 * TAKEOVER_MS, takeOverBeforeMs: 0 });
    commands.reset();
    const again = await dedupe.claimAll(
      "tn_0",
      [inbound("wamid.rt0"), inbound("wamid.rt3"), inbound("wamid.dead"), inbound("wamid.new")],
      options,
    );
    expect(again).toEqual(["confirmed", "confirmed", "claimed", "claimed"]);
    expect(commands.names).toEqual(["insert", "find", "update"]);
  });
});
