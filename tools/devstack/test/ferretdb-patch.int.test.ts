// Integration: the dev stack's patched FerretDB build (see src/ferretdb-patches.ts) really uses
// the `_id` index for multi-key and `$in` filters, still applies the whole filter, and answers one
// `update` command with 100+ matched statements (upstream v1.24.2 stalls there for good), writing
// its statements' documents together while each statement still sees what the earlier ones wrote, and
// lands every write of many concurrent writers on one database (queued in Go: the write-queue patches).
// It starts its own server on a free port with a temp data dir: it must never touch the shared
// dev stack servers, and it stops only the process it started. Its log keeps every attribute.
import { readFileSync } from "node:fs";
import { type Collection, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateFerretdb, startPrivateFerretdb } from "../src/private-ferretdb.ts";

const BUILD_MS = 15 * 60_000; // a cold machine fetches FerretDB and builds it

interface Doc {
  _id: string;
  tenantId: string;
  n: number;
}

let server: PrivateFerretdb;
let client: MongoClient;
let coll: Collection<Doc>;

beforeAll(async () => {
  server = await startPrivateFerretdb({ log: (line) => console.info(line) });
  client = await MongoClient.connect(server.uri);
  coll = client.db("patch_check").collection<Doc>("docs");
  await coll.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `d${i}`, tenantId: `t${i % 3}`, n: i })));
}, BUILD_MS);

afterAll(async () => {
  await client?.close();
  await server?.dispose();
});

const planOf = async (filter: object): Promise<string> =>
  JSON.stringify((await coll.find(filter).explain()).queryPlanner);

describe("patched FerretDB (SQLite)", () => {
  it("reads by _id through the index even with other keys, and still applies them", async () => {
    expect(await planOf({ _id: "d7", tenantId: "t1" })).toMatch(/USING INDEX \S+__id_/);
    expect(await coll.findOne({ _id: "d7", tenantId: "t1" })).toMatchObject({ n: 7 });
    expect(await coll.findOne({ _id: "d7", tenantId: "t0" })).toBeNull();
  });

  it("serves _id $in lists from the index, filtered by the rest of the query", async () => {
    const ids = ["d1", "d2", "d3", "d4", "nope"];
    expect(await planOf({ _id: { $in: ids } })).toMatch(/USING INDEX \S+__id_/);
    const found = await coll.find({ _id: { $in: ids }, tenantId: "t1" }).toArray();
    expect(found.map((d) => d._id).sort()).toEqual(["d1", "d4"]);
  });

  it("applies an update command's statements in order, each seeing what the earlier ones wrote", async () => {
    const docs = client.db("patch_check").collection<Doc>("ordered");
    await docs.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: `o${i}`, tenantId: "t", n: 0 })));
    const result = await docs.bulkWrite(
      [
        { updateOne: { filter: { _id: "o0" }, update: { $inc: { n: 1 } } } },
        { updateOne: { filter: { _id: "o1" }, update: { $inc: { n: 1 } } } },
        // The same document again: it must see n = 1, not the stored 0.
        { updateOne: { filter: { _id: "o0" }, update: { $inc: { n: 10 } } } },
        // A filter on another field: it must see o0's and o1's new values.
        { updateMany: { filter: { n: { $gte: 1 } }, update: { $inc: { n: 100 } } } },
        // An upsert of a new document, then an update of it by `_id`.
        { updateOne: { filter: { _id: "o9" }, update: { $set: { tenantId: "t", n: 5 } }, upsert: true } },
        { updateOne: { filter: { _id: "o9" }, update: { $inc: { n: 1 } } } },
      ],
      { ordered: true },
    );
    expect(result.modifiedCount).toBe(6);
    const byId = Object.fromEntries((await docs.find({}).toArray()).map((d) => [d._id, d.n]));
    expect(byId).toEqual({ o0: 111, o1: 101, o2: 0, o3: 0, o4: 0, o9: 6 });
  });

  it("answers one update command whose 150 statements each match a document", async () => {
    const ops = Array.from({ length: 150 }, (_, i) => ({
      updateOne: { filter: { _id: `d${i}` }, update: { $inc: { n: 1000 } } },
    }));
    const result = await coll.bulkWrite(ops); // unpatched, this never returns: the timeout fails it
    expect(result.matchedCount).toBe(150);
    expect(await coll.countDocuments({ n: { $gte: 1000 } })).toBe(150); // and the server still answers
  }, 30_000);

  it("lands every write of many concurrent writers on one database, queued one at a time", async () => {
    const docs = client.db("patch_writers").collection<Doc>("docs");
    // Inserts, updates by `_id`, deletes and a new collection's creation, 64 callers at once: each
    // kind of write goes through the queue (InTransaction or the database's ExecContext).
    await Promise.all(
      Array.from({ length: 64 }, async (_, caller) => {
        for (let i = 0; i < 10; i++) {
          const _id = `w${caller}-${i}`;
          await docs.insertOne({ _id, tenantId: "t", n: 0 });
          await docs.updateOne({ _id }, { $inc: { n: 1 } });
          if (i % 2 === 1) await docs.deleteOne({ _id });
        }
        await client
          .db("patch_writers")
          .collection(`c${caller % 4}`)
          .insertOne({ caller });
      }),
    );
    expect(await docs.countDocuments({ n: 1 })).toBe(64 * 5);
    expect(await docs.countDocuments({})).toBe(64 * 5);
    expect(await client.db("patch_writers").collection("c0").countDocuments({})).toBe(16);
  }, 60_000);

  it("still writes its log lines' attributes (our main makes them lazy, see lazy_log_attrs.go)", () => {
    const log = readFileSync(server.logFile, "utf8");
    // Attributes given through logger.With: the listener's name, then each connection's peer.
    expect(log).toMatch(/INFO Listening on TCP 127\.0\.0\.1:\d+\.\.\. name=listener/);
    expect(log).toMatch(/INFO Connection started name=listener conn="127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+"/);
  });
});
