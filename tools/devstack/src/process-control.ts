// Starting servers that outlive the process that started them, and stopping them by pid file.
// A pid is only trusted when /proc shows the process command line still carries our marker
// (a path unique to this checkout), so a recycled pid never gets a SIGTERM from us.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export interface Command {
  readonly cmd: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

function isZombie(pid: number): boolean {
  try {
    // Field 3 of /proc/<pid>/stat is the state; the command name before it is in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // An exited child nobody reaped yet (containers without an init) still answers kill(0).
  return !isZombie(pid);
}

function commandLineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return null;
  }
}

function readPid(pidFile: string): number | null {
  try {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The pid recorded in pidFile if that process is alive and is ours (its command line has marker). */
export function runningPid(pidFile: string, marker: string): number | null {
  const pid = readPid(pidFile);
  if (pid === null || !isProcessAlive(pid)) return null;
  const commandLine = commandLineOf(pid);
  // No /proc (not Linux): fall back to trusting the live pid.
  if (commandLine === null) return existsSync("/proc/self") ? null : pid;
  return commandLine.includes(marker) ? pid : null;
}

/** Spawns detached in its own process group with output appended to logFile; writes pidFile. */
export function spawnDetached(command: Command, logFile: string, pidFile: string): number {
  const logFd = openSync(logFile, "a");
  try {
    writeSync(logFd, `\n=== ${new Date().toISOString()} devstack starting ${command.cmd} ===\n`);
    const child = spawn(command.cmd, command.args, {
      cwd: command.cwd,
      detached: true,
      stdio: ["ignore", logFd, logFd],
    });
    const { pid } = child;
    if (pid === undefined) throw new Error(`could not start ${command.cmd} (is it installed and on PATH?)`);
    child.on("error", () => {}); // reported through the health check and the log instead
    child.unref();
    writeFileSync(pidFile, `${pid}\n`);
    return pid;
  } finally {
    closeSync(logFd);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal); // the whole group: the server and anything it forked
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then SIGKILL after graceMs; removes pidFile. Returns the pid it stopped, if any. */
export async function stopByPidFile(pidFile: string, marker: string, graceMs: number): Promise<number | null> {
  const pid = runningPid(pidFile, marker);
  if (pid !== null) {
    signalGroup(pid, "SIGTERM");
    const deadline = Date.now() + graceMs;
    while (isProcessAlive(pid) && Date.now() < deadline) await sleep(200);
    if (isProcessAlive(pid)) {
      signalGroup(pid, "SIGKILL");
      while (isProcessAlive(pid)) await sleep(50);
    }
  }
  rmSync(pidFile, { force: true });
  return pid;
}
