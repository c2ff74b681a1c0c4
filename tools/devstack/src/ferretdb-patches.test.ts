// Our FerretDB patches against the real upstream sources, read from Go's module cache when this
// machine has them (any machine that built the dev stack does); skipped, and saying so, otherwise.
// Never downloads anything and never writes outside a temp dir.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FERRETDB_MODULE, writeFerretdbOverlay } from "./ferretdb-overlay.ts";
import { FERRETDB_ADDED_FILES, FERRETDB_PATCHES } from "./ferretdb-patches.ts";
import { applyPatches, patchesByFile } from "./source-patch.ts";

const ferretdbSourceDir = resolve(fileURLToPath(new URL(".", import.meta.url)), "../ferretdb");

/** The module cache directory of the FerretDB version go.mod requires, or null if absent. */
function cachedModuleDir(): string | null {
  const version = /github\.com\/FerretDB\/FerretDB (v\S+)/.exec(
    readFileSync(join(ferretdbSourceDir, "go.mod"), "utf8"),
  );
  let modCache: string;
  try {
    modCache = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
  } catch {
    return null; // no Go here: nothing to check against
  }
  // Module paths are case-encoded in the cache: an upper-case letter becomes "!" + lower case.
  const encoded = FERRETDB_MODULE.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
  const dir = join(modCache, `${encoded}@${version?.[1] ?? "?"}`);
  return existsSync(dir) ? dir : null;
}

const moduleDir = cachedModuleDir();

describe("FerretDB patches", () => {
  it("have unique names and every added file exists in tools/devstack/ferretdb", () => {
    const names = FERRETDB_PATCHES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const added of FERRETDB_ADDED_FILES) expect(existsSync(join(ferretdbSourceDir, added.source))).toBe(true);
  });

  it.skipIf(moduleDir === null)("all match the pristine upstream sources exactly as expected", () => {
    for (const [file, patches] of patchesByFile(FERRETDB_PATCHES)) {
      const pristine = readFileSync(join(moduleDir as string, file), "utf8");
      const patched = applyPatches(file, pristine, patches); // throws on any mismatch
      expect(patched).not.toBe(pristine);
    }
  });

  it.skipIf(moduleDir === null)("write an overlay that maps each patched and added file", () => {
    const workDir = join(mkdtempSync(join(tmpdir(), "ferretdb-overlay-")), "overlay");
    const inputs = writeFerretdbOverlay(moduleDir as string, ferretdbSourceDir, workDir);
    const overlay = JSON.parse(readFileSync(inputs.overlayJson, "utf8")) as { Replace: Record<string, string> };
    const files = [...patchesByFile(FERRETDB_PATCHES).keys(), ...FERRETDB_ADDED_FILES.map((a) => a.file)];
    expect(Object.keys(overlay.Replace).sort()).toEqual(files.map((f) => join(inputs.moduleLink, f)).sort());
    const metadata = overlay.Replace[join(inputs.moduleLink, "internal/backends/sqlite/metadata/metadata.go")];
    expect(readFileSync(metadata as string, "utf8")).toContain(`IDColumn = DefaultColumn + "->\\"_id\\""`);
    expect(readFileSync(inputs.modFile, "utf8")).toContain(`replace ${FERRETDB_MODULE} => ${inputs.moduleLink}`);
  });
});
