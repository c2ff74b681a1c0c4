// Cache keys for built artifacts (Kafka jars, FerretDB binary): a hash of the inputs that decide
// what gets built, so bumping a version in pom.xml or go.mod lands in a fresh cache entry.
import { createHash } from "node:crypto";

export interface CacheInput {
  readonly name: string;
  readonly content: string | Uint8Array;
}

export function cacheKey(inputs: readonly CacheInput[]): string {
  const hash = createHash("sha256");
  // Sorted by name so the order callers list files in does not matter; names are hashed too so the
  // same bytes moved to another file still change the key.
  for (const input of [...inputs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const bytes = typeof input.content === "string" ? Buffer.from(input.content) : input.content;
    hash.update(`${input.name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex").slice(0, 16);
}
