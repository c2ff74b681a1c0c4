// The FerretDB server binary, built with Go from tools/devstack/ferretdb and cached by the hash of
// go.mod, go.sum and main.go. go.sum is committed, so the build never edits the source folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cacheKey } from "./cache-key.ts";
import { ensureCachedArtifact } from "./cached-artifact.ts";
import { runCommand } from "./run-command.ts";

const BUILD_TIMEOUT_MS = 20 * 60_000;
const SOURCES = ["go.mod", "go.sum", "main.go"] as const;

export function ferretdbKey(ferretdbSourceDir: string): string {
  return cacheKey(SOURCES.map((name) => ({ name, content: readFileSync(join(ferretdbSourceDir, name)) })));
}

/** Returns the path of the built `ferretdb` executable. */
export async function ensureFerretdbBinary(
  ferretdbSourceDir: string,
  cacheDir: string,
  log: (line: string) => void,
): Promise<string> {
  const dir = await ensureCachedArtifact({
    cacheDir,
    name: "ferretdb",
    key: ferretdbKey(ferretdbSourceDir),
    log,
    lockTimeoutMs: BUILD_TIMEOUT_MS,
    build: async (outDir) => {
      await runCommand("go", ["build", "-o", join(outDir, "ferretdb"), "."], {
        cwd: ferretdbSourceDir,
        timeoutMs: BUILD_TIMEOUT_MS,
      });
    },
  });
  return join(dir, "ferretdb");
}
