// A build output cached under <cacheDir>/<name>-<key>/. Built into a private temp dir and renamed
// into place, so a reader never sees half an artifact; a lock keeps racing processes from doing
// the same multi-minute build twice (the loser waits, then finds the winner's result).
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { withDirLock } from "./dir-lock.ts";

export interface CachedArtifact {
  readonly cacheDir: string;
  readonly name: string;
  readonly key: string;
  readonly build: (outDir: string) => Promise<void>;
  readonly log: (line: string) => void;
  readonly lockTimeoutMs: number;
}

export async function ensureCachedArtifact(artifact: CachedArtifact): Promise<string> {
  const finalDir = join(artifact.cacheDir, `${artifact.name}-${artifact.key}`);
  if (existsSync(finalDir)) return finalDir;
  mkdirSync(artifact.cacheDir, { recursive: true });
  return withDirLock(`${finalDir}.lock`, artifact.lockTimeoutMs, async () => {
    if (existsSync(finalDir)) return finalDir; // another process built it while we waited
    const tempDir = `${finalDir}.tmp-${process.pid}`;
    rmSync(tempDir, { recursive: true, force: true });
    mkdirSync(tempDir, { recursive: true });
    const started = Date.now();
    artifact.log(`building ${artifact.name} (cache miss, key ${artifact.key}) ...`);
    try {
      await artifact.build(tempDir);
      renameSync(tempDir, finalDir);
    } catch (error) {
      rmSync(tempDir, { recursive: true, force: true });
      throw error;
    }
    artifact.log(`built ${artifact.name} in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${finalDir}`);
    return finalDir;
  });
}
