import { maskedInterval32, shuffledRange } from './numpy-random';
/**
 * NumPy's new-style random `Generator` with its default bit generator PCG64, seeded through a
 * `SeedSequence`, as far as Hugging Face `datasets` uses it: `Dataset.shuffle(seed=s)` is
 * `np.random.default_rng(s).permutation(len(dataset))`. Check values come from NumPy itself
 * (test/unit/common/numpy-generator.test.ts).
 */

const MASK32 = 0xffffffffn;
const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;

// SeedSequence's hash constants.
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const POOL_SIZE = 4;

const mul32 = (a: number, b: number): number => Math.imul(a, b) >>> 0;

/** `SeedSequence(entropy)` for a non-negative integer entropy and no spawn key. */
export class SeedSequence {
  readonly pool: number[];

  constructor(entropy: number | bigint) {
    let value = BigInt(entropy);
    if (value < 0n) throw new RangeError(`SeedSequence entropy must be non-negative, got ${value}`);
    // The integer as little-endian 32-bit words (at least one).
    const words: number[] = [];
    do {
      words.push(Number(value & MASK32));
      value >>= 32n;
    } while (value > 0n);
    this.pool = this.mixEntropy(words);
  }

  private mixEntropy(entropy: number[]): number[] {
    let hashConst = INIT_A;
    const hashmix = (input: number): number => {
      let v = (input ^ hashConst) >>> 0;
      hashConst = mul32(hashConst, MULT_A);
      v = mul32(v, hashConst);
      return (v ^ (v >>> XSHIFT)) >>> 0;
    };
    const mix = (x: number, y: number): number => {
      const r = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
      return (r ^ (r >>> XSHIFT)) >>> 0;
    };
    const mixer = Array.from({ length: POOL_SIZE }, (_, i) => hashmix(i < entropy.length ? entropy[i] : 0));
    for (let src = 0; src < POOL_SIZE; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) {
        if (src !== dst) mixer[dst] = mix(mixer[dst], hashmix(mixer[src]));
      }
    }
    for (let src = POOL_SIZE; src < entropy.length; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) mixer[dst] = mix(mixer[dst], hashmix(entropy[src]));
    }
    return mixer;
  }

  /** `generate_state(n, np.uint32)`. */
  generateState32(n: number): number[] {
    let hashConst = INIT_B;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      let v = (this.pool[i % POOL_SIZE] ^ hashConst) >>> 0;
      hashConst = mul32(hashConst, MULT_B);
      v = mul32(v, hashConst);
      out.push((v ^ (v >>> XSHIFT)) >>> 0);
    }
    return out;
  }

  /** `generate_state(n, np.uint64)`: pairs of 32-bit words, low word first. */
  generateState64(n: number): bigint[] {
    const words = this.generateState32(2 * n);
    return Array.from({ length: n }, (_, i) => BigInt(words[2 * i]) | (BigInt(words[2 * i + 1]) << 32n));
  }
}

const PCG_MULTIPLIER = (2549297995355413924n << 64n) | 4865540595714422341n;

/** NumPy's PCG64 (PCG XSL RR 128/64), with its buffered 32-bit draws. */
export class PCG64 {
  private state = 0n;
  private readonly inc: bigint;
  private spare32: number | undefined;

  constructor(seed: number | bigint | SeedSequence) {
    const sequence = seed instanceof SeedSequence ? seed : new SeedSequence(seed);
    const [s0, s1, i0, i1] = sequence.generateState64(4);
    const initState = (s0 << 64n) | s1;
    const initSeq = (i0 << 64n) | i1;
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.step();
    this.state = (this.state + initState) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULTIPLIER + this.inc) & MASK128;
  }

  /** The 128-bit state, for checks against `bit_generator.state`. */
  get stateValue(): { state: bigint; inc: bigint } {
    return { state: this.state, inc: this.inc };
  }

  nextUint64(): bigint {
    this.step();
    const high = this.state >> 64n;
    const low = this.state & MASK64;
    const xored = high ^ low;
    const rot = this.state >> 122n;
    return ((xored >> rot) | (xored << ((64n - rot) & 63n))) & MASK64;
  }

  /** Half of a 64-bit draw: the low half now, the high half on the next call. */
  nextUint32(): number {
    if (this.spare32 !== undefined) {
      const spare = this.spare32;
      this.spare32 = undefined;
      return spare;
    }
    const next = this.nextUint64();
    this.spare32 = Number(next >> 32n);
    return Number(next & MASK32);
  }
}

/** `np.random.default_rng(seed)`, for what `datasets` needs of it. */
export class NumpyGenerator {
  private readonly bitGenerator: PCG64;

  constructor(seed: number | bigint) {
    this.bitGenerator = new PCG64(seed);
  }

  /** `random_interval(max)`: uniform in [0, max] by masked rejection. */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`random_interval max out of range: ${max}`);
    if (max > 0xffffffff) {
      const big = BigInt(max);
      let mask = big;
      for (const shift of [1n, 2n, 4n, 8n, 16n, 32n]) mask |= mask >> shift;
      let value = this.bitGenerator.nextUint64() & mask;
      while (value > big) value = this.bitGenerator.nextUint64() & mask;
      return Number(value);
    }
    return maskedInterval32(max, () => this.bitGenerator.nextUint32());
  }

  /** `permutation(n)`: `arange(n)` shuffled in place, from the last position down. */
  permutation(n: number): number[] {
    return shuffledRange(n, (max) => this.randomInterval(max));
  }
}
