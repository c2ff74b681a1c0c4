// Client JSON that a store keeps as given (template components, for one) must not hold keys a
// MongoDB-wire server refuses in a document — a `$` prefix reads as an operator, a `.` as a path;
// FerretDB refuses both ("invalid key"). Found here, it is the client's 400, not our 500 later.

/** The path of the first key starting with `$` or containing `.`, or undefined. */
export function unstorableKeyPath(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorableKeyPath(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith("$") || key.includes(".")) return `${path}.${key}`;
    const found = unstorableKeyPath(child, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}
