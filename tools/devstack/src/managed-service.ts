// Start-or-reuse for one local server (Kafka or FerretDB), the same way for both: reuse our live
// instance, refuse a foreign one on our port, otherwise prepare, spawn detached and wait until
// the server answers its own protocol. Never kills a process it cannot prove is ours.
import { mkdirSync } from "node:fs";
import type { ServicePaths } from "./devstack-paths.ts";
import { withDirLock } from "./dir-lock.ts";
import { logTail } from "./log-tail.ts";
import { type ProbeResult, probeTcp } from "./probes.ts";
import { type Command, runningPid, spawnDetached, stopByPidFile } from "./process-control.ts";
import { waitFor } from "./wait-for.ts";

export interface ManagedService {
  readonly name: string;
  readonly port: number;
  readonly paths: ServicePaths;
  /** A string in the server's command line unique to this checkout (identifies our pid). */
  readonly marker: string;
  /** Builds/caches what the server needs and returns how to run it; may take minutes when cold. */
  readonly prepare: () => Promise<Command>;
  readonly probe: () => Promise<ProbeResult>;
  readonly startTimeoutMs: number;
  readonly stopGraceMs: number;
}

const LOG_TAIL_LINES = 40;
const START_LOCK_TIMEOUT_MS = 30 * 60_000; // a peer may be doing the cold build meanwhile

function failure(service: ManagedService, what: string): Error {
  const tail = logTail(service.paths.logFile, LOG_TAIL_LINES);
  return new Error(`${service.name}: ${what}\n--- last lines of ${service.paths.logFile} ---\n${tail}`);
}

async function awaitReady(service: ManagedService, pid: number): Promise<void> {
  const result = await waitFor(service.probe, {
    timeoutMs: service.startTimeoutMs,
    intervalMs: 500,
    giveUp: () => (runningPid(service.paths.pidFile, service.marker) === pid ? null : `process ${pid} exited`),
  });
  if (!result.ok) throw failure(service, `did not become ready on port ${service.port}: ${result.reason}`);
}

/** Returns true when this call started the server, false when it reused a running one. */
export async function ensureService(service: ManagedService, log: (line: string) => void): Promise<boolean> {
  mkdirSync(service.paths.dataDir, { recursive: true });
  const existing = runningPid(service.paths.pidFile, service.marker);
  if (existing !== null) {
    await awaitReady(service, existing);
    log(`${service.name}: reusing running instance (pid ${existing}) on port ${service.port}`);
    return false;
  }
  const portTaken = (await probeTcp({ host: "127.0.0.1", port: service.port }, 1000)).ok;
  // Re-check the pid file: a racing peer may have spawned ours between the two looks.
  if (portTaken && runningPid(service.paths.pidFile, service.marker) === null) {
    throw new Error(
      `${service.name}: port ${service.port} is taken by a process that is not this checkout's dev stack; ` +
        "stop it, or point the matching env variable (KAFKA_BROKERS / MONGODB_URI) at it",
    );
  }
  // Prepare and spawn under a lock: two racing starters must not both format Kafka's storage or
  // spawn on the same port. The loser waits here, then finds the winner's pid.
  const spawned = await withDirLock(service.paths.startLock, START_LOCK_TIMEOUT_MS, async () => {
    const raced = runningPid(service.paths.pidFile, service.marker);
    if (raced !== null) return { pid: raced, startedHere: false };
    const command = await service.prepare();
    return { pid: spawnDetached(command, service.paths.logFile, service.paths.pidFile), startedHere: true };
  });
  log(
    `${service.name}: ${spawned.startedHere ? "started" : "another process started"} pid ${spawned.pid}, waiting for port ${service.port} ...`,
  );
  const started = Date.now();
  try {
    await awaitReady(service, spawned.pid);
  } catch (error) {
    // A half-started server on a fixed port would trip the next run: take ours down.
    if (spawned.startedHere) await stopByPidFile(service.paths.pidFile, service.marker, service.stopGraceMs);
    throw error;
  }
  log(`${service.name}: ready on port ${service.port} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return spawned.startedHere;
}

export function stopService(service: ManagedService): Promise<number | null> {
  return stopByPidFile(service.paths.pidFile, service.marker, service.stopGraceMs);
}
