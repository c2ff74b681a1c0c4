// A cross-process lock made of a directory: mkdir is atomic, so one process wins. The winner
// writes its pid inside so a lock left by a crashed process is taken over instead of blocking
// every later run. Good enough for dev tooling; it is not a fence against a malicious peer.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isProcessAlive } from "./process-control.ts";

const OWNERLESS_GRACE_MS = 10_000; // a lock dir whose owner file never appeared is stale after this

function lockOwner(lockDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(lockDir, "owner"), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isStale(lockDir: string): boolean {
  const owner = lockOwner(lockDir);
  if (owner !== null) return !isProcessAlive(owner);
  try {
    return Date.now() - statSync(lockDir).mtimeMs > OWNERLESS_GRACE_MS;
  } catch {
    return false; // vanished between mkdir and stat: just retry
  }
}

function tryAcquire(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  writeFileSync(join(lockDir, "owner"), String(process.pid));
  return true;
}

export async function withDirLock<T>(lockDir: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  while (!tryAcquire(lockDir)) {
    if (isStale(lockDir)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for lock ${lockDir} (held by pid ${lockOwner(lockDir) ?? "unknown"})`,
      );
    }
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
