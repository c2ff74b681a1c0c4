// What machine and code a run measured: CPU count and model, memory, Node and kernel versions, the
// git commit. Read once at the start of a run; it must never change anything it inspects.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, release, totalmem } from "node:os";
import type { MachineInfo } from "./bench-results.ts";

export function machineInfo(): MachineInfo {
  let cpuModel = "unknown";
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    cpuModel = line?.split(":")[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: keep "unknown"
  }
  return {
    cpus: availableParallelism(),
    cpuModel,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    kernel: release(),
  };
}

/** The short commit, with "+changes" when the working tree differs from it. */
export function gitCommit(repoRoot: string): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
  try {
    const commit = git("rev-parse", "--short", "HEAD");
    return git("status", "--porcelain", "--untracked-files=no") === "" ? commit : `${commit}+changes`;
  } catch {
    return "unknown";
  }
}
