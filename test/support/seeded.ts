// A small deterministic random generator (mulberry32) for property-style and fuzz tests: the same
// seed gives the same inputs on every machine, so a failure names a seed that replays it.
export type Next = () => number;

export function rng(seed: number): Next {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export const int = (next: Next, n: number): number => Math.floor(next() * n);
