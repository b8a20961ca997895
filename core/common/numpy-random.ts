import { MT19937 } from './python-random';

/** NumPy's legacy `RandomState` (what `np.random.seed` / `np.random.choice` use), for the runner's downsampling. */
export class NumpyRandomState {
  private readonly mt = new MT19937();

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Legacy seeding with a 32-bit int is plain `init_genrand` (unlike CPython). */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Seed must be between 0 and 2**32 - 1, got ${seed}`);
    }
    this.mt.initGenrand(seed);
  }

  /** `set_state(("MT19937", key, pos, has_gauss, cached_gaussian))` for the draws used here (no Gaussians). */
  setState(key: readonly number[], pos: number): void {
    this.mt.setState(key, pos);
  }

  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** `random_interval(max)`: uniform in [0, max] by masked rejection on low bits. */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (!Number.isInteger(max) || max < 0 || max > 0xffffffff) throw new RangeError(`random_interval max out of range: ${max}`);
    return maskedInterval32(max, () => this.mt.nextUint32());
  }

  /** `permutation(n)`: legacy shuffle of `arange(n)`. */
  permutation(n: number): number[] {
    return shuffledRange(n, (max) => this.randomInterval(max));
  }

  /** `choice(population, size, replace=False)` without weights = `permutation(len)[:size]` in that order. */
  choiceWithoutReplacement<T>(population: readonly T[], size: number): T[] {
    if (size > population.length || size < 0) {
      throw new RangeError("Cannot take a larger sample than population when 'replace=False'");
    }
    return this.permutation(population.length)
      .slice(0, size)
      .map((i) => population[i]);
  }
}

/** NumPy's 32-bit masked rejection: uniform in [0, max] from a source of uint32 draws. */
export function maskedInterval32(max: number, nextUint32: () => number): number {
  let mask = max;
  for (const shift of [1, 2, 4, 8, 16]) mask |= mask >>> shift;
  mask >>>= 0;
  let value = (nextUint32() & mask) >>> 0;
  while (value > max) value = (nextUint32() & mask) >>> 0;
  return value;
}

/** NumPy's `permutation(n)`: `arange(n)` shuffled in place, from the last position down. */
export function shuffledRange(n: number, randomInterval: (max: number) => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInterval(i);
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
  return a;
}
