// Generates the Go build overlay that compiles our FerretDB fixes (ferretdb-patches.ts) into the
// dev stack's binary: reads the pristine module files from Go's module cache and writes patched
// copies, overlay.json and a go.mod for the build into a work directory of the build's own.
// It must never write into the module cache or into tools/devstack/ferretdb, and never skip a
// patch that does not match.
//
// Go refuses overlays of files beneath GOMODCACHE, so the build sees FerretDB through a symlink
// to its (read-only, pristine) module cache directory, named by a `replace` in a generated go.mod
// passed with -modfile; the overlay then replaces files beneath that symlink.
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FERRETDB_ADDED_FILES, FERRETDB_PATCHES } from "./ferretdb-patches.ts";
import { runCommand } from "./run-command.ts";
import { applyPatches, patchesByFile } from "./source-patch.ts";

export const FERRETDB_MODULE = "github.com/FerretDB/FerretDB";

/**
 * Downloads (if needed) the FerretDB version that ferretdb/go.mod requires and returns its
 * directory in the module cache. Cold machines get it from the Go proxy here.
 */
export async function ferretdbModuleDir(ferretdbSourceDir: string, timeoutMs: number): Promise<string> {
  const out = await runCommand("go", ["mod", "download", "-json", FERRETDB_MODULE], {
    cwd: ferretdbSourceDir,
    timeoutMs,
  });
  // The output also holds go's stderr ("go: downloading ..." on a cold machine): take the JSON.
  const info = JSON.parse(out.slice(out.indexOf("{"), out.lastIndexOf("}") + 1)) as { Dir?: unknown; Error?: unknown };
  if (typeof info.Dir !== "string" || info.Dir === "") {
    throw new Error(`go mod download ${FERRETDB_MODULE} gave no directory: ${String(info.Error ?? out)}`);
  }
  return info.Dir;
}

export interface FerretdbBuildInputs {
  /** For `go build -overlay`. */
  readonly overlayJson: string;
  /** For `go build -modfile`: our go.mod plus the `replace` that routes FerretDB via the symlink. */
  readonly modFile: string;
  /** Where the build sees FerretDB's sources (a symlink to the module cache directory). */
  readonly moduleLink: string;
}

/** Writes everything `go build` needs for the patched FerretDB under `workDir`. */
export function writeFerretdbOverlay(
  moduleDir: string,
  ferretdbSourceDir: string,
  workDir: string,
): FerretdbBuildInputs {
  mkdirSync(workDir, { recursive: true });
  const moduleLink = join(workDir, "module");
  symlinkSync(moduleDir, moduleLink, "dir");

  const replace: Record<string, string> = {};
  for (const [file, patches] of patchesByFile(FERRETDB_PATCHES)) {
    const patched = applyPatches(file, readFileSync(join(moduleDir, file), "utf8"), patches);
    replace[join(moduleLink, file)] = writeInto(join(workDir, "files"), file, patched);
  }
  for (const added of FERRETDB_ADDED_FILES) {
    // An upstream file of that name would be silently replaced: refuse, so a bump gets a look.
    if (existsSync(join(moduleDir, added.file))) throw new Error(`${added.file} already exists upstream`);
    replace[join(moduleLink, added.file)] = writeInto(
      join(workDir, "files"),
      added.file,
      readFileSync(join(ferretdbSourceDir, added.source)),
    );
  }
  const overlayJson = join(workDir, "overlay.json");
  writeFileSync(overlayJson, `${JSON.stringify({ Replace: replace }, null, 2)}\n`);

  // -modfile reads go.sum from beside the given go.mod, so both live in the work directory.
  const modFile = join(workDir, "go.mod");
  const goMod = readFileSync(join(ferretdbSourceDir, "go.mod"), "utf8");
  writeFileSync(
    modFile,
    `${goMod}\n// Generated for the patched build only.\nreplace ${FERRETDB_MODULE} => ${moduleLink}\n`,
  );
  copyFileSync(join(ferretdbSourceDir, "go.sum"), join(workDir, "go.sum"));

  return { overlayJson, modFile, moduleLink };
}

/**
 * Fails unless `go` sees the overlay where it reads FerretDB from: our added file must be listed
 * in its package. A Go release that resolved the symlink would otherwise build pristine sources
 * without a word, since every patch is also valid Go when absent.
 */
export async function checkOverlaySeen(inputs: FerretdbBuildInputs, ferretdbSourceDir: string, timeoutMs: number) {
  for (const added of FERRETDB_ADDED_FILES) {
    const pkg = `${FERRETDB_MODULE}/${dirname(added.file)}`;
    const flags = [`-modfile=${inputs.modFile}`, `-overlay=${inputs.overlayJson}`];
    const format = "listed|{{.Dir}}|{{range .GoFiles}}{{.}} {{end}}";
    const out = await runCommand("go", ["list", ...flags, "-f", format, pkg], { cwd: ferretdbSourceDir, timeoutMs });
    // The output also holds go's stderr ("go: downloading ..." on a cold machine): find our line.
    const listed = out.split("\n").find((line) => line.startsWith("listed|")) ?? "";
    const [, dir = "", files = ""] = listed.trim().split("|");
    const name = added.file.slice(dirname(added.file).length + 1);
    if (dir !== join(inputs.moduleLink, dirname(added.file)) || !files.split(" ").includes(name)) {
      throw new Error(`go does not see the FerretDB overlay (package ${pkg}: ${out.trim()})`);
    }
  }
}

function writeInto(root: string, file: string, content: string | Uint8Array): string {
  const target = join(root, file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  return target;
}
