import { describe, expect, it } from "vitest";
import { applyPatches, countOccurrences, patchesByFile, type SourcePatch } from "./source-patch.ts";

const patch = (overrides: Partial<SourcePatch>): SourcePatch => ({
  name: "p",
  file: "a.go",
  find: "old",
  replace: "new",
  count: 1,
  ...overrides,
});

describe("applyPatches", () => {
  it("replaces text that occurs exactly the expected number of times", () => {
    expect(applyPatches("a.go", "x old y", [patch({})])).toBe("x new y");
    expect(applyPatches("a.go", "old old", [patch({ count: 2 })])).toBe("new new");
  });

  it("fails loudly, naming the patch, when the text is missing", () => {
    expect(() => applyPatches("a.go", "nothing here", [patch({ name: "fix-ids" })])).toThrow(
      /patch "fix-ids": expected 1 match\(es\) in a\.go, found 0/,
    );
  });

  it("fails when the text occurs more often than expected", () => {
    expect(() => applyPatches("a.go", "old old", [patch({})])).toThrow(/found 2/);
  });

  it("applies patches in order, each against the previous one's output", () => {
    const second = patch({ name: "q", find: "new", replace: "newer" });
    expect(applyPatches("a.go", "old", [patch({}), second])).toBe("newer");
  });

  it("treats replacement text literally ($ patterns included)", () => {
    expect(applyPatches("a.go", "old", [patch({ replace: "$&$1" })])).toBe("$&$1");
  });

  it("refuses a patch meant for another file and an empty search text", () => {
    expect(() => applyPatches("b.go", "old", [patch({})])).toThrow(/is for a\.go/);
    expect(() => countOccurrences("abc", "")).toThrow(/empty/);
  });
});

describe("patchesByFile", () => {
  it("groups by file and keeps the order within a file", () => {
    const list = [patch({ name: "1" }), patch({ name: "2", file: "b.go" }), patch({ name: "3" })];
    const grouped = patchesByFile(list);
    expect([...grouped.keys()]).toEqual(["a.go", "b.go"]);
    expect(grouped.get("a.go")?.map((p) => p.name)).toEqual(["1", "3"]);
  });
});
