import { describe, expect, it } from "vitest";
import { cacheKey } from "./cache-key.ts";

describe("cacheKey", () => {
  const pom = { name: "pom.xml", content: "<kafka.version>4.4.0</kafka.version>" };
  const goMod = { name: "go.mod", content: "require github.com/FerretDB/FerretDB v1.24.2" };

  it("is stable and short enough for a directory name", () => {
    expect(cacheKey([pom])).toBe(cacheKey([{ ...pom }]));
    expect(cacheKey([pom])).toMatch(/^[0-9a-f]{16}$/);
  });

  it("changes when a version changes", () => {
    expect(cacheKey([{ ...pom, content: pom.content.replace("4.4.0", "4.4.1") }])).not.toBe(cacheKey([pom]));
  });

  it("ignores the order inputs are listed in, but not which file holds the bytes", () => {
    expect(cacheKey([pom, goMod])).toBe(cacheKey([goMod, pom]));
    expect(cacheKey([{ name: "main.go", content: pom.content }])).not.toBe(cacheKey([pom]));
  });

  it("does not let bytes slide across the boundary between two files", () => {
    const a = [
      { name: "x", content: "ab" },
      { name: "y", content: "c" },
    ];
    const b = [
      { name: "x", content: "a" },
      { name: "y", content: "bc" },
    ];
    expect(cacheKey(a)).not.toBe(cacheKey(b));
  });

  it("treats strings and bytes alike", () => {
    expect(cacheKey([{ name: "f", content: Buffer.from("hi") }])).toBe(cacheKey([{ name: "f", content: "hi" }]));
  });
});
