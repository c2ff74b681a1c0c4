// CPU time of named processes, read from /proc/<pid>/stat (utime + stime, in clock ticks), and
// of the whole machine from /proc/stat, so a step can say how many cores each process used. It
// only reads /proc: it must never signal, renice or otherwise touch the processes it watches.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface CpuSnapshot {
  atMs: number;
  /** CPU seconds used so far, by process name (absent when the process is gone). */
  seconds: Map<string, number>;
  /** Machine-wide busy and total CPU seconds (all cores). */
  machineBusy: number;
  machineTotal: number;
}

export interface CpuUsage {
  /** Cores used on average over the interval, by process name. */
  cores: Map<string, number>;
  /** Share of the whole machine that was busy, 0..1. */
  machineBusy: number;
}

function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

const TICKS = clockTicks();

/** utime + stime of a /proc/<pid>/stat line, in ticks (fields 14 and 15; the name may hold spaces). */
export function processTicks(statLine: string): number {
  const fields = statLine.slice(statLine.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

function readProcessSeconds(pid: number): number | undefined {
  try {
    return processTicks(readFileSync(`/proc/${pid}/stat`, "utf8")) / TICKS;
  } catch {
    return undefined;
  }
}

function readMachine(): { busy: number; total: number } {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((sum, v) => sum + v, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: (total - idle) / TICKS, total: total / TICKS };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export function cpuSnapshot(pids: ReadonlyMap<string, number>): CpuSnapshot {
  const seconds = new Map<string, number>();
  for (const [name, pid] of pids) {
    const used = readProcessSeconds(pid);
    if (used !== undefined) seconds.set(name, used);
  }
  const machine = readMachine();
  return { atMs: performance.now(), seconds, machineBusy: machine.busy, machineTotal: machine.total };
}

export function cpuBetween(from: CpuSnapshot, to: CpuSnapshot): CpuUsage {
  const wallSeconds = Math.max(1e-3, (to.atMs - from.atMs) / 1000);
  const cores = new Map<string, number>();
  for (const [name, end] of to.seconds) {
    const start = from.seconds.get(name);
    if (start !== undefined) cores.set(name, (end - start) / wallSeconds);
  }
  const total = to.machineTotal - from.machineTotal;
  return { cores, machineBusy: total > 0 ? (to.machineBusy - from.machineBusy) / total : 0 };
}

/** The dev stack's Kafka and FerretDB pids from their pid files (absent when not readable). */
export function devstackPids(stateDir: string): Map<string, number> {
  const pids = new Map<string, number>();
  for (const [name, file] of [
    ["kafka", "kafka/kafka.pid"],
    ["ferretdb", "mongo/mongo.pid"],
  ] as const) {
    try {
      const pid = Number(readFileSync(`${stateDir}/${file}`, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0) pids.set(name, pid);
    } catch {
      // Not ours (KAFKA_BROKERS / MONGODB_URI point elsewhere) or not running: no figure.
    }
  }
  return pids;
}
