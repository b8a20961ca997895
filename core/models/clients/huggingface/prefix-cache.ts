/**
 * Reuse of the keys/values (KV cache) of prompts already run. A run's prompts share long prefixes
 * (MMLU's five in-context examples are ~85 % of each prompt; a chat template's system turn), and a
 * causal model's keys/values at a position depend only on the tokens up to it: the shared part
 * need not be run again. Entries are copies owned by the cache, so the ONNX tensors they came
 * from can be freed; the cache is bounded in bytes and evicts the least recently used entry.
 */

/** Float32Array for fp32 caches, Uint16Array for fp16 ones. */
export type KvData = Float32Array | Uint16Array;

/** One key or value tensor of one sequence: [heads, positions, headDim], row-major. */
export interface KvBlock {
  type: string;
  data: KvData;
  heads: number;
  positions: number;
  headDim: number;
}

export interface PrefixEntry {
  ids: readonly number[];
  /** By the model's past input name (`past_key_values.0.key`, …). */
  kv: ReadonlyMap<string, KvBlock>;
  /** HELM's prompt logprobs of `ids` (0.0 first), when the entry came from prompt scoring. */
  promptLogprobs?: readonly number[];
}

/** Shorter shared prefixes are not worth a lookup's copy. */
export const MIN_REUSED_TOKENS = 8;
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function entryBytes(entry: PrefixEntry): number {
  let bytes = entry.ids.length * 8;
  for (const block of entry.kv.values()) bytes += block.data.byteLength;
  return bytes;
}

/** `HELM_HF_PREFIX_CACHE=0` turns reuse off (to compare with full forward passes). */
export function prefixCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HELM_HF_PREFIX_CACHE !== '0';
}

export class PrefixCache {
  /** Least recently used first. */
  private entries: { entry: PrefixEntry; bytes: number }[] = [];
  private bytes = 0;
  readonly stats = { lookups: 0, hits: 0, reusedTokens: 0, fedTokens: 0 };

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /**
   * The entry sharing the longest prefix with `ids` (at least MIN_REUSED_TOKENS), and how many
   * tokens they share; entries without prompt logprobs are skipped when `withLogprobs`.
   */
  lookup(ids: readonly number[], withLogprobs: boolean): { entry: PrefixEntry; shared: number } | undefined {
    this.stats.lookups += 1;
    let best: { index: number; shared: number } | undefined;
    this.entries.forEach(({ entry }, index) => {
      if (withLogprobs && entry.promptLogprobs === undefined) return;
      const shared = commonPrefixLength(entry.ids, ids);
      if (shared >= MIN_REUSED_TOKENS && shared > (best?.shared ?? 0)) best = { index, shared };
    });
    if (best === undefined) return undefined;
    const [hit] = this.entries.splice(best.index, 1);
    this.entries.push(hit);
    return { entry: hit.entry, shared: best.shared };
  }

  /** Whether an entry already covers all of `ids` (with logprobs, when asked): storing it again adds nothing. */
  covers(ids: readonly number[], withLogprobs: boolean): boolean {
    return this.entries.some(
      ({ entry }) => (!withLogprobs || entry.promptLogprobs !== undefined) && entry.ids.length >= ids.length && commonPrefixLength(entry.ids, ids) === ids.length,
    );
  }

  store(entry: PrefixEntry): void {
    const bytes = entryBytes(entry);
    if (bytes > this.maxBytes) return;
    this.entries.push({ entry, bytes });
    this.bytes += bytes;
    while (this.bytes > this.maxBytes) {
      const evicted = this.entries.shift();
      if (evicted === undefined) break;
      this.bytes -= evicted.bytes;
    }
  }

  /** Counts one forward pass: tokens taken from the cache and tokens run. */
  record(reused: number, fed: number): void {
    if (reused > 0) this.stats.hits += 1;
    this.stats.reusedTokens += reused;
    this.stats.fedTokens += fed;
  }
}

/**
 * Copies positions [0, positions) of row `row` out of a [rows, heads, seq, headDim] tensor's data.
 */
export function copyRow(data: KvData, dims: readonly number[], row: number, positions: number, type: string): KvBlock {
  const [, heads, seq, headDim] = dims;
  const out = new (data.constructor as { new (n: number): KvData })(heads * positions * headDim);
  for (let h = 0; h < heads; h++) {
    const from = ((row * heads + h) * seq) * headDim;
    out.set(data.subarray(from, from + positions * headDim), h * positions * headDim);
  }
  return { type, data: out, heads, positions, headDim };
}

/** The first `positions` positions of `block`, repeated for `rows` rows: [rows, heads, positions, headDim]. */
export function tileRows(block: KvBlock, positions: number, rows: number): { data: KvData; dims: number[] } {
  const { heads, headDim } = block;
  const perRow = heads * positions * headDim;
  const out = new (block.data.constructor as { new (n: number): KvData })(rows * perRow);
  for (let h = 0; h < heads; h++) {
    const from = h * block.positions * headDim;
    const slice = block.data.subarray(from, from + positions * headDim);
    for (let r = 0; r < rows; r++) out.set(slice, r * perRow + h * positions * headDim);
  }
  return { data: out, dims: [rows, heads, positions, headDim] };
}
