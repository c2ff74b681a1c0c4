// Exact textual replacements in third-party source, for build overlays: each names what it
// changes and how many times its text must occur. It must never apply a replacement that did not
// match exactly that many times (a version bump that moved the code fails the build instead of
// silently shipping without the fix), and never edit files in place: it returns new text.

export interface SourcePatch {
  /** Short, stable name, shown in errors. */
  readonly name: string;
  /** Path inside the patched module, `/`-separated. */
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  /** How many times `find` must occur in the file (as it is when this patch runs). */
  readonly count: number;
}

export function countOccurrences(text: string, find: string): number {
  if (find === "") throw new Error("empty search text");
  return text.split(find).length - 1;
}

/** Applies `patches` (all for `file`, in order) to `text`; throws unless each matches `count` times. */
export function applyPatches(file: string, text: string, patches: readonly SourcePatch[]): string {
  let out = text;
  for (const patch of patches) {
    if (patch.file !== file) throw new Error(`patch "${patch.name}" is for ${patch.file}, not ${file}`);
    const found = countOccurrences(out, patch.find);
    if (found !== patch.count) {
      throw new Error(
        `patch "${patch.name}": expected ${patch.count} match(es) in ${file}, found ${found}; ` +
          `the upstream source changed, so review the patch against it:\n${patch.find}`,
      );
    }
    out = out.split(patch.find).join(patch.replace);
  }
  return out;
}

/** Groups patches by file, keeping their order, so each file is read and written once. */
export function patchesByFile(patches: readonly SourcePatch[]): Map<string, SourcePatch[]> {
  const byFile = new Map<string, SourcePatch[]>();
  for (const patch of patches) byFile.set(patch.file, [...(byFile.get(patch.file) ?? []), patch]);
  return byFile;
}
