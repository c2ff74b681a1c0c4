// Runs one Switchboard service as a child process (`node services/<name>/src/main.ts`), writes
// its output to a log file, waits until its /readyz answers 200, and stops it with SIGTERM so its
// graceful shutdown runs (SIGKILL only if it does not exit in time).
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface ServiceProcess {
  name: string;
  logFile: string;
  /** The child's process id (undefined if spawning failed); benchmarks read its CPU time by it. */
  readonly pid: number | undefined;
  /** Sends SIGTERM and resolves with the exit code once the process ended. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** Kills without a graceful shutdown, as a crash would. */
  kill(): Promise<void>;
  /** SIGSTOP: alive but answering nothing (a long GC pause, a stalled host); `resume` undoes it. */
  pause(): void;
  resume(): void;
  readonly exited: boolean;
  /** Resolves when the process exited without stop() or kill() having been called; never otherwise. */
  readonly crashed: Promise<number | null>;
}

export async function startServiceProcess(options: {
  /** The service (services/<name>/src/main.ts). */
  name: string;
  /** Its log file's name when several instances of one service share a log dir (default: name). */
  logName?: string;
  env: Record<string, string>;
  readyUrl: string;
  logDir: string;
  readyTimeoutMs?: number;
  /** When set, V8 writes a CPU profile of the whole run here when the process exits (SIGTERM). */
  cpuProfileDir?: string;
}): Promise<ServiceProcess> {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.logName ?? options.name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const profile = options.cpuProfileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`];
  const main = join(REPO_ROOT, "services", options.name, "src/main.ts");
  const child: ChildProcess = spawn(process.execPath, [...profile, main], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", KAFKAJS_NO_PARTITIONER_WARNING: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exitCode: number | null | undefined;
  let exitAsked = false;
  let crashedWith: (code: number | null) => void = () => {};
  const crashed = new Promise<number | null>((resolve) => {
    crashedWith = resolve;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code;
      if (!exitAsked) crashedWith(code);
      resolve(code);
    }),
  );

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (true) {
    if (exitCode !== undefined)
      throw new Error(`${options.name} exited with ${exitCode} before it was ready; see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${options.name} was not ready within the timeout; see ${logFile}`);
    }
    const ok = await fetch(options.readyUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    name: options.name,
    logFile,
    pid: child.pid,
    get exited() {
      return exitCode !== undefined;
    },
    crashed,
    async stop(timeoutMs = 20_000) {
      if (exitCode !== undefined) return exitCode;
      exitAsked = true;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (exitCode !== undefined) return;
      exitAsked = true;
      child.kill("SIGKILL");
      await exited;
    },
    pause() {
      if (exitCode === undefined) child.kill("SIGSTOP");
    },
    resume() {
      if (exitCode === undefined) child.kill("SIGCONT");
    },
  };
}
