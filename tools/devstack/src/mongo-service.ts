// The dev stack's MongoDB stand-in: FerretDB (SQLite backend) on a fixed loopback port, its data
// under .devstack/mongo/data. It is a development and test double, never a production database.
import { mkdirSync } from "node:fs";
import { DEVSTACK_PORTS, type DevstackPaths } from "./devstack-paths.ts";
import { ensureFerretdbBinary } from "./ferretdb-binary.ts";
import type { ManagedService } from "./managed-service.ts";
import { probeMongo } from "./probes.ts";

export const MONGODB_URI = `mongodb://127.0.0.1:${DEVSTACK_PORTS.mongo}/`;

/**
 * FerretDB's SQLite URL for a data dir. FerretDB already sets WAL; synchronous=NORMAL drops the
 * fsync per commit (SQLite's default FULL), which in WAL mode can lose only the last commits on a
 * power loss or OS crash, never on a process crash: right for a dev and test store. FerretDB
 * passes `_pragma` parameters to the driver for every connection.
 */
export function ferretdbSqliteUrl(dataDir: string): string {
  return `file:${dataDir}/?_pragma=synchronous(normal)`;
}

/**
 * A write-ahead log past this is checkpointed and truncated by our FerretDB main
 * (ferretdb/wal_checkpoint.go): under sustained load SQLite's own checkpoints never get to restart
 * the log, and a full fault audit grew one to 4.1 GB. Large on purpose: a truncation holds off
 * writers while it waits for readers, and at 64 MiB it ran every few seconds under the platform
 * benchmark (same session: accept p50 at 500/s 0.7 and 2.4 s with it, 0.3 s without; stored/s
 * 273 and 272 with it, 329 without), so it is a bound for long runs, not a routine.
 */
export const WAL_CHECKPOINT_ABOVE_BYTES = 1024 * 1024 * 1024;

export function mongoService(
  paths: DevstackPaths,
  log: (line: string) => void,
  pprofListen: string | null = null,
): ManagedService {
  const { dir, dataDir } = paths.mongo;
  const prepare = async () => {
    const binary = await ensureFerretdbBinary(paths.ferretdbSourceDir, paths.cacheDir, log);
    mkdirSync(dataDir, { recursive: true }); // FerretDB's SQLite handler will not create it
    return {
      cmd: binary,
      args: [
        "-listen",
        `127.0.0.1:${paths.ports.mongo}`,
        "-handler",
        "sqlite",
        "-sqlite-url",
        ferretdbSqliteUrl(dataDir),
        "-wal-checkpoint-above",
        String(WAL_CHECKPOINT_ABOVE_BYTES),
        ...(pprofListen === null ? [] : ["-pprof-listen", pprofListen]),
      ],
      cwd: dir,
    };
  };
  return {
    name: "mongo",
    port: paths.ports.mongo,
    paths: paths.mongo,
    marker: `file:${dataDir}/`, // a prefix of the URL, so servers started before the pragma still match
    prepare,
    probe: () => probeMongo(`mongodb://127.0.0.1:${paths.ports.mongo}/`, 2000),
    startTimeoutMs: 60_000,
    stopGraceMs: 10_000,
  };
}
