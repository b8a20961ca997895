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
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value = (this.mt.nextUint32() & mask) >>> 0;
    while (value > max) value = (this.mt.nextUint32() & mask) >>> 0;
    return value;
  }

  /** `permutation(n)`: legacy shuffle of `arange(n)`. */
  permutation(n: number): number[] {
    const a = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
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
