// A lookup asked at most once per key for the lifetime of the returned function (one consumed
// batch): concurrent askers of one key share the same promise. A failure is shared too, so the
// batch fails as a whole and is redelivered rather than half-resolved.
export function memoizeLookup<A, R>(keyOf: (arg: A) => string, lookup: (arg: A) => Promise<R>): (arg: A) => Promise<R> {
  const asked = new Map<string, Promise<R>>();
  return (arg) => {
    const key = keyOf(arg);
    let found = asked.get(key);
    if (!found) {
      found = lookup(arg);
      asked.set(key, found);
    }
    return found;
  };
}
