import { createHash } from 'node:crypto';

/** MT19937 core shared by Python's `random` and NumPy's legacy `RandomState` (they differ only in seeding). */
const N = 624;
const M = 397;

export class MT19937 {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;

  /** Reference `init_genrand`. */
  initGenrand(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = N;
  }

  /** Reference `init_by_array` (what CPython uses for integer seeds). */
  initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    const keyLength = key.length;
    for (let k = Math.max(N, keyLength); k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = ((mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= keyLength) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = ((mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.index = N;
  }

  /** Sets the raw state (NumPy's `set_state`: 624 words and the position of the next one). */
  setState(key: readonly number[], index: number): void {
    if (key.length !== N || !key.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new RangeError(`MT19937 state must be ${N} unsigned 32-bit words`);
    }
    if (!Number.isInteger(index) || index < 0 || index > N) throw new RangeError(`MT19937 position must be 0..${N}, got ${index}`);
    this.mt.set(key);
    this.index = index;
  }

  /** Next tempered 32-bit output. */
  nextUint32(): number {
    if (this.index >= N) {
      if (this.index === N + 1) this.initGenrand(5489);
      this.twist();
    }
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.mt;
    for (let kk = 0; kk < N; kk++) {
      const y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % N] & 0x7fffffff);
      mt[kk] = (mt[(kk + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
    }
    this.index = 0;
  }
}


/**
 * CPython's `random.Random` for the operations HELM relies on (few-shot sampling, perturbations):
 * integer seeding via init_by_array, getrandbits, randbelow, randrange, shuffle, sample, random.
 */
export class PythonRandom {
  private readonly mt = new MT19937();

  constructor(seed: number | bigint | string = 0) {
    this.seed(seed);
  }

  /**
   * `random.seed(n)` for an int: key = 32-bit little-endian words of |n| (`[0]` for 0). A string
   * seeds as CPython's version 2 does (HELM seeds perturbations with instance ids): the int whose
   * big-endian bytes are the UTF-8 text followed by its SHA-512 digest.
   */
  seed(seed: number | bigint | string): void {
    let n = typeof seed === 'string' ? stringSeed(seed) : BigInt(seed);
    if (n < 0n) n = -n;
    const key: number[] = [];
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    if (key.length === 0) key.push(0);
    this.mt.initByArray(key);
  }

  /** `getrandbits(k)` for 0 ≤ k ≤ 32 (upper bits of one output). */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k > 32) throw new RangeError(`getrandbits supports 0..32 bits, got ${k}`);
    if (k === 0) return 0;
    return this.mt.nextUint32() >>> (32 - k);
  }

  /** `getrandbits(k)` for any k ≥ 0, as CPython assembles it (low words first). */
  getrandbitsBig(k: number): bigint {
    let result = 0n;
    let shift = 0n;
    for (let remaining = k; remaining > 0; remaining -= 32) {
      let word = this.mt.nextUint32();
      if (remaining < 32) word >>>= 32 - remaining;
      result |= BigInt(word) << shift;
      shift += 32n;
    }
    return result;
  }

  /** `_randbelow(n)` (n ≥ 1): rejection sampling on bit_length(n) bits. */
  randbelow(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`randbelow needs a positive integer, got ${n}`);
    const k = bitLength(n);
    if (k <= 32) {
      let r = this.getrandbits(k);
      while (r >= n) r = this.getrandbits(k);
      return r;
    }
    const big = BigInt(n);
    let r = this.getrandbitsBig(k);
    while (r >= big) r = this.getrandbitsBig(k);
    return Number(r);
  }

  /** `randrange(stop)` or `randrange(start, stop[, step])` for integers. */
  randrange(start: number, stop?: number, step = 1): number {
    if (stop === undefined) {
      if (start > 0) return this.randbelow(start);
      throw new RangeError('empty range for randrange()');
    }
    const width = stop - start;
    if (step === 1) {
      if (width > 0) return start + this.randbelow(width);
      throw new RangeError(`empty range for randrange(${start}, ${stop}, ${width})`);
    }
    if (step === 0) throw new RangeError('zero step for randrange()');
    const n = step > 0 ? Math.floor((width + step - 1) / step) : Math.floor((width + step + 1) / step);
    if (n <= 0) throw new RangeError('empty range for randrange()');
    return start + step * this.randbelow(n);
  }

  /** `random()`: 53-bit float in [0, 1). */
  random(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `uniform(a, b)`: `a + (b - a) * random()`. */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /** `randint(a, b)`: `randrange(a, b + 1)`, both ends included. */
  randint(a: number, b: number): number {
    return this.randrange(a, b + 1);
  }

  /** `choice(seq)`: `seq[_randbelow(len(seq))]`. */
  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) throw new RangeError('Cannot choose from an empty sequence');
    return seq[this.randbelow(seq.length)];
  }

  /** In-place Fisher–Yates exactly as `random.shuffle`. */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
  }

  /** `random.sample(population, k)`: pool method for small populations, set method otherwise. */
  sample<T>(population: readonly T[], k: number): T[] {
    const n = population.length;
    if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError('Sample larger than population or is negative');
    const result: T[] = [];
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    if (n <= setsize) {
      const pool = [...population];
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        result.push(pool[j]);
        pool[j] = pool[n - i - 1];
      }
      return result;
    }
    const selected = new Set<number>();
    for (let i = 0; i < k; i++) {
      let j = this.randbelow(n);
      while (selected.has(j)) j = this.randbelow(n);
      selected.add(j);
      result.push(population[j]);
    }
    return result;
  }
}

/** Python's `int.bit_length()` for a positive safe integer. */
export function bitLength(n: number): number {
  return n <= 0xffffffff ? 32 - Math.clz32(n) : n.toString(2).length;
}

/** `int.from_bytes(s.encode() + sha512(s.encode()).digest(), 'big')`. */
function stringSeed(text: string): bigint {
  const bytes = Buffer.from(text, 'utf8');
  const all = Buffer.concat([bytes, createHash('sha512').update(bytes).digest()]);
  return BigInt(`0x${all.toString('hex')}`);
}
