// A FerretDB server of a test's own (free port, temp data dir), for tests that stop the store and
// start it again or run it with flags of their own: the shared dev stack's server is never
// touched, and only the process started here is ever stopped. The binary is the dev stack's cached
// build. Test support only.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readDevstackEnv } from "./devstack-env.ts";
import { devstackPaths } from "./devstack-paths.ts";
import { ensureFerretdbBinary } from "./ferretdb-binary.ts";
import { freeLoopbackPort } from "./free-port.ts";
import { ferretdbSqliteUrl } from "./mongo-service.ts";
import { probeMongo } from "./probes.ts";

export interface PrivateFerretdb {
  readonly uri: string;
  /** Its SQLite files: one `<database>.sqlite` (and its `-wal`) per database. */
  readonly dataDir: string;
  /** What the server wrote to stdout and stderr, every start appended (inside dataDir). */
  readonly logFile: string;
  /** Starts it again on the same port and data; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it (SIGTERM) and waits for the process to exit. */
  stop(): Promise<void>;
  /** Stops it for good and removes its data. */
  dispose(): Promise<void>;
}

export interface PrivateFerretdbOptions {
  /** More command-line flags for our FerretDB main (tools/devstack/ferretdb/main.go). */
  args?: readonly string[];
  /** Build progress of a cold machine's first call (silent by default). */
  log?: (line: string) => void;
}

export async function startPrivateFerretdb(options: PrivateFerretdbOptions = {}): Promise<PrivateFerretdb> {
  const paths = devstackPaths(readDevstackEnv().cacheRoot);
  const binary = await ensureFerretdbBinary(paths.ferretdbSourceDir, paths.cacheDir, options.log ?? (() => {}));
  const dataDir = mkdtempSync(join(tmpdir(), "ferretdb-fault-"));
  const port = await freeLoopbackPort();
  const uri = `mongodb://127.0.0.1:${port}/`;
  const logFile = join(dataDir, "ferretdb.log");
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = [
      ...["-listen", `127.0.0.1:${port}`, "-handler", "sqlite", "-sqlite-url", ferretdbSqliteUrl(dataDir)],
      ...(options.args ?? []),
    ];
    const log = openSync(logFile, "a");
    const started = spawn(binary, args, { stdio: ["ignore", log, log] });
    closeSync(log); // the child holds its own copy
    child = started;
    for (const deadline = Date.now() + 30_000; ; ) {
      if (started.exitCode !== null) throw new Error(`ferretdb exited with ${started.exitCode}`);
      if ((await probeMongo(uri, 1_000)).ok) return;
      if (Date.now() > deadline) throw new Error("ferretdb did not answer within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    uri,
    dataDir,
    logFile,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
