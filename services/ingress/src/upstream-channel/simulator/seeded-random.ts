// A small seeded pseudo-random generator (mulberry32): the same seed gives the same simulated
// customers, so tests and demos are reproducible. Not for anything security-related.
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A whole number of milliseconds in [min, max]. */
export function between(random: Random, [min, max]: readonly [number, number]): number {
  return Math.round(min + random() * (max - min));
}
