// Integration: the dev stack's patched FerretDB build (see src/ferretdb-patches.ts) really uses
// the `_id` index for multi-key and `$in` filters, still applies the whole filter, and answers one
// `update` command with 100+ matched statements (upstream v1.24.2 stalls there for good).
// It starts its own server on a free port with a temp data dir: it must never touch the shared
// dev stack servers, and it stops only the process it started.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Collection, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDevstackEnv } from "../src/devstack-env.ts";
import { devstackPaths } from "../src/devstack-paths.ts";
import { ensureFerretdbBinary } from "../src/ferretdb-binary.ts";
import { ferretdbSqliteUrl } from "../src/mongo-service.ts";
import { probeMongo } from "../src/probes.ts";
import { waitFor } from "../src/wait-for.ts";

const BUILD_MS = 15 * 60_000; // a cold machine fetches FerretDB and builds it

interface Doc {
  _id: string;
  tenantId: string;
  n: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject()));
    });
  });
}

let server: ChildProcess;
let dataDir: string;
let client: MongoClient;
let coll: Collection<Doc>;

beforeAll(async () => {
  const paths = devstackPaths(readDevstackEnv().cacheRoot);
  const binary = await ensureFerretdbBinary(paths.ferretdbSourceDir, paths.cacheDir, (line) => console.info(line));
  dataDir = mkdtempSync(join(tmpdir(), "ferretdb-patch-"));
  const port = await freePort();
  const args = ["-listen", `127.0.0.1:${port}`, "-handler", "sqlite", "-sqlite-url", ferretdbSqliteUrl(dataDir)];
  server = spawn(binary, args, { stdio: "ignore" });
  const uri = `mongodb://127.0.0.1:${port}/`;
  const ready = await waitFor(() => probeMongo(uri, 1000), {
    timeoutMs: 30_000,
    intervalMs: 100,
    giveUp: () => (server.exitCode === null ? null : `ferretdb exited with ${server.exitCode}`),
  });
  if (!ready.ok) throw new Error(ready.reason);
  client = await MongoClient.connect(uri);
  coll = client.db("patch_check").collection<Doc>("docs");
  await coll.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `d${i}`, tenantId: `t${i % 3}`, n: i })));
}, BUILD_MS);

afterAll(async () => {
  await client?.close();
  server?.kill("SIGTERM");
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
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

  it("answers one update command whose 150 statements each match a document", async () => {
    const ops = Array.from({ length: 150 }, (_, i) => ({
      updateOne: { filter: { _id: `d${i}` }, update: { $inc: { n: 1000 } } },
    }));
    const result = await coll.bulkWrite(ops); // unpatched, this never returns: the timeout fails it
    expect(result.matchedCount).toBe(150);
    expect(await coll.countDocuments({ n: { $gte: 1000 } })).toBe(150); // and the server still answers
  }, 30_000);
});
