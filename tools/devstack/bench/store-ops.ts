// Benchmark (not a test): ops/s of the document-store operations our services lean on (by-`_id`
// reads and upserts, `_id $in` batch reads, bulk writes), against any MongoDB-wire server, so the
// dev store's backends and builds can be compared in one run on one machine. Prints figures and
// asserts nothing. It works in a fresh database of its own and drops it; it must never be pointed
// at a database whose contents matter.
//   MONGODB_URI=mongodb://127.0.0.1:47017/ node tools/devstack/bench/store-ops.ts [seconds per case]
import { randomBytes } from "node:crypto";
import { type AnyBulkWriteOperation, type Collection, MongoClient } from "mongodb";

interface BenchDoc {
  _id: string;
  tenantId: string;
  n: number;
  payload: string;
}

const uri = process.env.MONGODB_URI;
if (uri === undefined || uri === "") throw new Error("set MONGODB_URI (this benchmark starts no server)");
const secondsPerCase = Number(process.argv[2] ?? 5);
const DOCS = 20_000;
const INSERT_BATCH = 1_000;
const BULK = 500;
const CONCURRENCY = 16;
// A stuck command must not hang the run: an unpatched FerretDB/SQLite never answers an `update`
// with 100+ matched statements, and that is one of the things measured here.
const STALL_TIMEOUT_MS = 30_000;

const payload = "x".repeat(900); // with the other fields, ~1 KB per document as stored
const idOf = (i: number): string => `doc-${String(i).padStart(7, "0")}`;
const tenantOf = (i: number): string => `tenant-${i % 50}`;
const docOf = (i: number): BenchDoc => ({ _id: idOf(i), tenantId: tenantOf(i), n: i, payload });
const randomIndex = (): number => Math.floor(Math.random() * DOCS);

interface CaseResult {
  readonly name: string;
  readonly ops: number;
  readonly seconds: number;
  readonly unit: string;
  readonly note?: string;
}

function report(result: CaseResult): void {
  const rate = result.ops / result.seconds;
  const note = result.note === undefined ? "" : `  (${result.note})`;
  console.log(`${result.name.padEnd(40)} ${rate.toFixed(1).padStart(10)} ${result.unit}/s${note}`);
}

/** Runs `op` from `callers` concurrent loops until the time budget is spent (at least once each). */
async function timed(callers: number, op: () => Promise<number>): Promise<{ ops: number; seconds: number }> {
  const started = performance.now();
  const deadline = started + secondsPerCase * 1000;
  let ops = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      do {
        const done = await op(); // not `ops += await op()`: that reads `ops` before awaiting
        ops += done;
      } while (performance.now() < deadline);
    }),
  );
  return { ops, seconds: (performance.now() - started) / 1000 };
}

async function seed(coll: Collection<BenchDoc>): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < DOCS; i += INSERT_BATCH) {
    await coll.insertMany(Array.from({ length: INSERT_BATCH }, (_, j) => docOf(i + j)));
  }
  report({
    name: `insertMany (batches of ${INSERT_BATCH})`,
    ops: DOCS,
    seconds: (performance.now() - started) / 1000,
    unit: "docs",
  });
}

async function bulkUpdateExisting(coll: Collection<BenchDoc>, count: number, from: number): Promise<number> {
  const ops: AnyBulkWriteOperation<BenchDoc>[] = Array.from({ length: count }, (_, j) => ({
    updateOne: { filter: { _id: idOf(from + j) }, update: { $inc: { n: 1 } } },
  }));
  // A timer, not the driver's timeoutMS: a wedged server must not wedge the benchmark too.
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${STALL_TIMEOUT_MS} ms`)), STALL_TIMEOUT_MS);
  });
  const result = await Promise.race([coll.bulkWrite(ops), stalled]).finally(() => clearTimeout(timer));
  if (result.matchedCount !== count) throw new Error(`bulk update matched ${result.matchedCount}, want ${count}`);
  return count;
}

async function main(): Promise<void> {
  const client = new MongoClient(uri as string, { maxPoolSize: CONCURRENCY + 4 });
  await client.connect();
  const dbName = `bench_store_ops_${randomBytes(3).toString("hex")}`;
  const coll = client.db(dbName).collection<BenchDoc>("docs");
  console.log(`# ${uri} db=${dbName}, ${DOCS} docs of ~1 KB, ${secondsPerCase} s per case`);
  try {
    await seed(coll);

    let r = await timed(1, async () => {
      const i = randomIndex();
      await coll.updateOne({ _id: idOf(i) }, { $set: { n: i + 1 } }, { upsert: true });
      return 1;
    });
    report({ name: "upsert by _id (single, existing)", ...r, unit: "ops" });

    let fresh = DOCS;
    r = await timed(1, async () => {
      const from = fresh;
      fresh += BULK;
      const ops: AnyBulkWriteOperation<BenchDoc>[] = Array.from({ length: BULK }, (_, j) => ({
        updateOne: { filter: { _id: idOf(from + j) }, update: { $set: docOf(from + j) }, upsert: true },
      }));
      await coll.bulkWrite(ops, { ordered: false });
      return BULK;
    });
    report({ name: `upsert by _id (bulkWrite of ${BULK}, new)`, ...r, unit: "ops" });

    r = await timed(CONCURRENCY, async () => {
      const found = await coll.findOne({ _id: idOf(randomIndex()) });
      if (found === null) throw new Error("find by _id found nothing");
      return 1;
    });
    report({ name: `find by _id (${CONCURRENCY} callers)`, ...r, unit: "ops" });

    r = await timed(CONCURRENCY, async () => {
      const i = randomIndex();
      const found = await coll.findOne({ _id: idOf(i), tenantId: tenantOf(i) });
      if (found === null) throw new Error("find by _id+tenantId found nothing");
      return 1;
    });
    report({ name: `find {_id, tenantId} (${CONCURRENCY} callers)`, ...r, unit: "ops" });

    r = await timed(1, async () => {
      const start = Math.floor(Math.random() * (DOCS - BULK));
      const ids = Array.from({ length: BULK }, (_, j) => idOf(start + j));
      const found = await coll.find({ _id: { $in: ids } }).toArray();
      if (found.length !== BULK) throw new Error(`$in found ${found.length}, want ${BULK}`);
      return BULK;
    });
    report({ name: `find {_id: {$in: ${BULK} ids}}`, ...r, unit: "docs" });

    // The stall case last: on an unpatched server it leaves the database wedged.
    let started = performance.now();
    await bulkUpdateExisting(coll, 99, 0);
    report({
      name: "bulkWrite 99 updateOne (existing)",
      ops: 99,
      seconds: (performance.now() - started) / 1000,
      unit: "ops",
    });
    started = performance.now();
    try {
      r = await timed(1, () => bulkUpdateExisting(coll, BULK, Math.floor(Math.random() * (DOCS - BULK))));
      report({ name: `bulkWrite ${BULK} updateOne (existing)`, ...r, unit: "ops" });
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      report({
        name: `bulkWrite ${BULK} updateOne (existing)`,
        ops: 0,
        seconds,
        unit: "ops",
        note: `STALLED: ${String(error)}`,
      });
    }
  } finally {
    // Bounded, because a stalled server may never answer the drop.
    await Promise.race([
      coll.db.dropDatabase({ timeoutMS: 10_000 }).catch(() => console.log("(drop failed: server stalled?)")),
      new Promise((resolve) => setTimeout(resolve, 11_000)),
    ]);
    await Promise.race([client.close(true), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }
}

await main();
process.exit(0); // a stalled server can leave a pending socket that would keep Node alive
