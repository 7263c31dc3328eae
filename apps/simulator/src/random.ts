// Small helpers over an injected `random()` in [0, 1), so every simulation is reproducible
// under a seeded source in tests.

export type RandomSource = () => number;

/** Standard normal deviates (Box–Muller, both values used). */
export function createGaussian(random: RandomSource): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = Math.max(random(), 1e-12);
    const v = random();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

export function uniform(min: number, max: number, random: RandomSource): number {
  return min + random() * (max - min);
}

/** Waiting time of a Poisson process with the given mean. */
export function exponential(mean: number, random: RandomSource): number {
  return -Math.log(1 - Math.min(random(), 1 - 1e-12)) * mean;
}

/** One item, chosen with probability proportional to its weight. */
export function pickWeighted<T extends { weight: number }>(items: readonly T[], random: RandomSource): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let r = random() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return items[items.length - 1];
}

/** A deterministic LCG for tests and reproducible runs. */
export function seededRandom(seed: number): RandomSource {
  // mix the seed (murmur3 finaliser) so neighbouring seeds do not start alike
  let a = seed >>> 0;
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) >>> 0;
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35) >>> 0;
  a = (a ^ (a >>> 16)) >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}
