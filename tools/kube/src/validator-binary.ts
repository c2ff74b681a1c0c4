// The kube-validate binary (tools/kube/validator: kustomize's library plus the k8s.io/api types),
// built with Go and cached like the dev stack's FerretDB: by the hash of go.mod, go.sum and
// main.go, under <cache root>/kube. go.sum is committed, so the build never edits the source
// folder. A cold build downloads the modules and compiles ~3 min of CPU; warm, it is a lookup.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheKey } from "@switchboard/devstack/cache-key";
import { ensureCachedArtifact } from "@switchboard/devstack/cached-artifact";
import { runCommand } from "@switchboard/devstack/run-command";

const BUILD_TIMEOUT_MS = 30 * 60_000;
const SOURCES = ["go.mod", "go.sum", "main.go"] as const;

export const VALIDATOR_SOURCE_DIR = fileURLToPath(new URL("../validator/", import.meta.url));

export function validatorKey(sourceDir: string = VALIDATOR_SOURCE_DIR): string {
  return cacheKey(SOURCES.map((name) => ({ name, content: readFileSync(join(sourceDir, name)) })));
}

/** Where built tools are cached: `SWITCHBOARD_CACHE` (as the toolchain uses it) or ~/.cache/switchboard. */
export function kubeCacheDir(cacheRoot: string | undefined): string {
  return join(cacheRoot ?? join(homedir(), ".cache", "switchboard"), "kube");
}

/** Returns the path of the built `kube-validate` executable, building it on a cache miss. */
export async function ensureKubeValidator(cacheDir: string, log: (line: string) => void): Promise<string> {
  const dir = await ensureCachedArtifact({
    cacheDir,
    name: "kube-validate",
    key: validatorKey(),
    log,
    lockTimeoutMs: BUILD_TIMEOUT_MS,
    build: async (outDir) => {
      // -p 1: the machine has two cores shared with the rest of the test run.
      await runCommand("go", ["build", "-p", "1", "-trimpath", "-o", join(outDir, "kube-validate"), "."], {
        cwd: VALIDATOR_SOURCE_DIR,
        env: { ...process.env, GOFLAGS: "-mod=readonly -buildvcs=false" },
        timeoutMs: BUILD_TIMEOUT_MS,
      });
    },
  });
  return join(dir, "kube-validate");
}
