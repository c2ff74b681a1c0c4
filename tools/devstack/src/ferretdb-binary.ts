// The FerretDB server binary, built with Go from tools/devstack/ferretdb plus our patches (a build
// overlay, see ferretdb-overlay.ts), and cached by the hash of everything that decides the build:
// go.mod, go.sum, the main package's Go files, the added overlay files and the patcher's own sources. go.sum is
// committed, so the build never edits the source folder.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cacheKey } from "./cache-key.ts";
import { ensureCachedArtifact } from "./cached-artifact.ts";
import { checkOverlaySeen, ferretdbModuleDir, writeFerretdbOverlay } from "./ferretdb-overlay.ts";
import { FERRETDB_ADDED_FILES } from "./ferretdb-patches.ts";
import { runCommand } from "./run-command.ts";

const BUILD_TIMEOUT_MS = 20 * 60_000;
const sourcesOf = (ferretdbSourceDir: string): string[] => [
  "go.mod",
  "go.sum",
  ...readdirSync(ferretdbSourceDir)
    .filter((name) => name.endsWith(".go"))
    .sort(),
  ...FERRETDB_ADDED_FILES.map((added) => added.source),
];
// The patcher: a change to a patch, or to how patches are applied, must build a new binary.
const PATCHER_SOURCES = ["ferretdb-patches.ts", "ferretdb-overlay.ts", "source-patch.ts"] as const;

export function ferretdbKey(ferretdbSourceDir: string): string {
  return cacheKey([
    ...sourcesOf(ferretdbSourceDir).map((name) => ({ name, content: readFileSync(join(ferretdbSourceDir, name)) })),
    ...PATCHER_SOURCES.map((name) => ({ name: `src/${name}`, content: readFileSync(new URL(name, import.meta.url)) })),
  ]);
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
      const moduleDir = await ferretdbModuleDir(ferretdbSourceDir, BUILD_TIMEOUT_MS);
      // Kept in the cache entry next to the binary: the exact patched sources it was built from.
      const inputs = writeFerretdbOverlay(moduleDir, ferretdbSourceDir, join(outDir, "overlay"));
      await checkOverlaySeen(inputs, ferretdbSourceDir, BUILD_TIMEOUT_MS);
      const flags = [`-modfile=${inputs.modFile}`, `-overlay=${inputs.overlayJson}`];
      await runCommand("go", ["build", ...flags, "-o", join(outDir, "ferretdb"), "."], {
        cwd: ferretdbSourceDir,
        timeoutMs: BUILD_TIMEOUT_MS,
      });
      rmSync(inputs.moduleLink); // the link only; a cache entry should not point into GOMODCACHE
    },
  });
  return join(dir, "ferretdb");
}
