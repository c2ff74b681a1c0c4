// Integration: our FerretDB main keeps SQLite's write-ahead logs bounded (ferretdb/wal_checkpoint.go).
// Left to itself, SQLite never shrinks a log file: it only restarts writing at its beginning, and
// under sustained load not even that (a full fault audit grew one to 4.1 GB). The same writes go
// to a server without the checkpointer, whose log stays large: the precondition that makes the
// first case mean something. Both servers are the test's own (free port, temp data dir).
import { statSync } from "node:fs";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type PrivateFerretdb, startPrivateFerretdb } from "../src/private-ferretdb.ts";

const BUILD_MS = 15 * 60_000; // a cold machine fetches FerretDB and builds it
const LIMIT_BYTES = 1024 * 1024;
const DOCS = 6_000; // ~1 KB each: several times the limit

const servers: PrivateFerretdb[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.dispose()));
});

const walBytes = (server: PrivateFerretdb) => {
  try {
    return statSync(join(server.dataDir, "wal_check.sqlite-wal")).size;
  } catch {
    return 0; // no log file (yet, or after a clean close)
  }
};

/** Writes DOCS documents through `server` and returns how many it then holds. */
async function writeMany(server: PrivateFerretdb): Promise<number> {
  const client = await MongoClient.connect(server.uri);
  try {
    const docs = client.db("wal_check").collection<{ _id: string; body: string }>("docs");
    for (let start = 0; start < DOCS; start += 500) {
      await docs.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `d${start + i}`, body: "x".repeat(1000) })));
    }
    return await docs.countDocuments({});
  } finally {
    await client.close();
  }
}

describe("FerretDB write-ahead log checkpoints", () => {
  it(
    "a log past the limit is checkpointed and truncated, and the data stays",
    async () => {
      const args = ["-wal-checkpoint-above", String(LIMIT_BYTES), "-wal-checkpoint-every", "200ms"];
      const server = await startPrivateFerretdb({ args, log: (line) => console.info(line) });
      servers.push(server);
      expect(await writeMany(server)).toBe(DOCS);
      await vi.waitFor(() => expect(walBytes(server)).toBeLessThanOrEqual(LIMIT_BYTES), {
        timeout: 15_000,
        interval: 100,
      });
      // Restarted on the same files: everything was copied back into the database.
      await server.stop();
      await server.start();
      const client = await MongoClient.connect(server.uri);
      try {
        expect(await client.db("wal_check").collection("docs").countDocuments({})).toBe(DOCS);
      } finally {
        await client.close();
      }
    },
    BUILD_MS,
  );

  it(
    "without it the same writes leave the log past the limit",
    async () => {
      const server = await startPrivateFerretdb();
      servers.push(server);
      expect(await writeMany(server)).toBe(DOCS);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // as long as several ticks above
      expect(walBytes(server)).toBeGreaterThan(LIMIT_BYTES);
    },
    BUILD_MS,
  );
});
