/**
 * Forward passes shared by concurrent generations. A decoding step reads every weight of the
 * model to produce one token, so it costs about as much for eight sequences as for one: steps of
 * different requests that are ready at the same time run as one padded pass.
 *
 * Rows of one pass may have pasts of different lengths. Row r's keys/values sit at positions
 * [0, p_r) of the batch's past, the new tokens at [P, P + t_r); the attention mask hides the gap
 * and the right padding, and position ids (the mask's running count) give each new token the
 * position it has alone, so every row computes what it would compute by itself. While the same
 * rows go on step after step, the last pass's output tensors are its input unchanged (gaps
 * included); a new batch copies each row's positions without gaps.
 */
import type { PreTrainedModel, Tensor } from '@huggingface/transformers';
import { transformersJs } from '../../tokenizers/huggingface-tokenizer';
import type { KvBlock, KvData } from './prefix-cache';

/** A batch's key/value tensors by past input name, [rows, heads, positions, headDim] each. */
export interface KvTensors {
  readonly tensors: ReadonlyMap<string, { type: string; data: KvData; dims: readonly number[] }>;
  /** The same tensors as the model returned them (passed back as they are when a batch goes on unchanged). */
  readonly outputs?: ModelOutputs;
}

/**
 * One sequence's keys/values: row `row` of `source`, where positions with mask 1 are the
 * sequence's and 0 marks a gap (padding from a batch it ran in). Sources are never written.
 */
export interface KvRef {
  source: KvTensors;
  row: number;
  mask: Uint8Array;
}

export interface StepRow {
  /** Keys/values of the tokens before `tokens` (none for a prompt run from its start). */
  past?: KvRef;
  tokens: readonly number[];
}

export interface StepResult {
  /** Next-token logits after the row's last token. */
  logits: Float32Array;
  /** Keys/values of the row's past and its tokens. */
  kv: KvRef;
}

/** Keys/values of contiguous sequences (a prefix cache entry) as a source, `positions` of them used. */
export function kvRefOf(blocks: ReadonlyMap<string, KvBlock>, positions: number): KvRef {
  const tensors = new Map<string, { type: string; data: KvData; dims: readonly number[] }>();
  for (const [name, block] of blocks) tensors.set(name, { type: block.type, data: block.data, dims: [1, block.heads, block.positions, block.headDim] });
  return { source: { tensors }, row: 0, mask: new Uint8Array(positions).fill(1) };
}

/** A sequence's keys/values without gaps, as prefix cache entries keep them. */
export function compactKv(ref: KvRef): Map<string, KvBlock> {
  const valid: number[] = [];
  ref.mask.forEach((m, i) => m === 1 && valid.push(i));
  const blocks = new Map<string, KvBlock>();
  for (const [name, { type, data, dims }] of ref.source.tensors) {
    const [rows, heads, seq, headDim] = dims;
    // A lone row without gaps (a prompt's own pass) is already compact: kept as it is, uncopied
    // (sources are never written), which spares a copy of every prompt's keys/values.
    if (rows === 1 && valid.length === seq && data.length === heads * seq * headDim) {
      blocks.set(name, { type, data, heads, positions: seq, headDim });
      continue;
    }
    const out = newData(data, heads * valid.length * headDim);
    for (let h = 0; h < heads; h++) {
      const base = (ref.row * heads + h) * seq * headDim;
      valid.forEach((p, i) => out.set(data.subarray(base + p * headDim, base + (p + 1) * headDim), (h * valid.length + i) * headDim));
    }
    blocks.set(name, { type, data: out, heads, positions: valid.length, headDim });
  }
  return blocks;
}

interface Pending {
  rows: StepRow[];
  resolve: (results: StepResult[]) => void;
  reject: (error: unknown) => void;
}

type ModelOutputs = Record<string, Tensor>;

/** Rows feeding at most this many tokens are decoding steps, which share passes. */
const DECODING_TOKENS = 4;

function longestRow(pending: Pending): number {
  return Math.max(...pending.rows.map((row) => row.tokens.length));
}

/** The [start, end) runs of 1s in a mask. */
function validRuns(mask: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    const start = i;
    while (i < mask.length && mask[i] === 1) i++;
    runs.push([start, i]);
  }
  return runs;
}

function newData(like: KvData, length: number): KvData {
  return new (like.constructor as { new (n: number): KvData })(length);
}

export class StepBatcher {
  private pending: Pending[] = [];
  private running = false;
  readonly stats = { passes: 0, rows: 0 };

  /**
   * @param maxLogitsBytes bound on one pass's logits (rows x longest fed row x vocabulary floats),
   *   which the model returns for every fed position
   */
  constructor(
    private readonly model: PreTrainedModel,
    private readonly vocab: number,
    private readonly maxRows = 16,
    private readonly maxLogitsBytes = 256 * 1024 * 1024,
  ) {}

  run(rows: StepRow[]): Promise<StepResult[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ rows, resolve, reject });
      if (!this.running) {
        this.running = true;
        void this.drain();
      }
    });
  }

  /** One pass at a time; steps queued meanwhile (the rows a pass just answered) join the next. */
  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        // Let every generation resumed by the previous pass queue its next step first.
        await new Promise((resolve) => setImmediate(resolve));
        const group = this.takeGroup();
        try {
          const results = await this.forward(group.flatMap((p) => p.rows));
          let offset = 0;
          for (const p of group) {
            p.resolve(results.slice(offset, offset + p.rows.length));
            offset += p.rows.length;
          }
        } catch (error) {
          group.forEach((p) => p.reject(error));
        }
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * The next pass: a prompt (many tokens) alone, since a long pass is bound by arithmetic and
   * padding rows to a common length would only add work; otherwise the decoding steps waiting,
   * in arrival order, up to the row and logits bounds.
   */
  private takeGroup(): Pending[] {
    const head = this.pending[0];
    if (longestRow(head) > DECODING_TOKENS) return this.pending.splice(0, 1);
    const group: Pending[] = [];
    let rows = 0;
    let longest = 0;
    for (const next of [...this.pending]) {
      if (longestRow(next) > DECODING_TOKENS) continue;
      const nextRows = rows + next.rows.length;
      const nextLongest = Math.max(longest, longestRow(next));
      if (group.length > 0 && (nextRows > this.maxRows || nextRows * nextLongest * this.vocab * 4 > this.maxLogitsBytes)) break;
      group.push(next);
      this.pending.splice(this.pending.indexOf(next), 1);
      rows = nextRows;
      longest = nextLongest;
    }
    return group;
  }

  /** The previous pass's rows go on as they are: its output tensors are the next past, uncopied. */
  private continuesLastPass(rows: StepRow[]): boolean {
    const last = rows[0]?.past?.source;
    if (last?.outputs === undefined) return false;
    const seq = last.tensors.values().next().value?.dims;
    if (seq === undefined || seq[0] !== rows.length) return false;
    return rows.every((row, r) => row.past?.source === last && row.past.row === r && row.past.mask.length === seq[2]);
  }

  private async forward(rows: StepRow[]): Promise<StepResult[]> {
    const { Tensor: TensorCtor } = transformersJs();
    const count = rows.length;
    const continuing = this.continuesLastPass(rows);
    // A new batch packs each row's positions to the front, so gaps never pile up across batches.
    const runs = rows.map((row) => (continuing || !row.past ? [] : validRuns(row.past.mask)));
    const pastLengths = rows.map((row, r) => (continuing ? (row.past?.mask.length ?? 0) : runs[r].reduce((n, [a, b]) => n + b - a, 0)));
    const P = Math.max(...pastLengths);
    const T = Math.max(...rows.map((r) => r.tokens.length));
    const ids = new BigInt64Array(count * T);
    const mask = new Uint8Array(count * (P + T));
    rows.forEach((row, r) => {
      row.tokens.forEach((id, i) => (ids[r * T + i] = BigInt(id)));
      if (continuing && row.past) mask.set(row.past.mask, r * (P + T));
      else mask.fill(1, r * (P + T), r * (P + T) + pastLengths[r]);
      mask.fill(1, r * (P + T) + P, r * (P + T) + P + row.tokens.length);
    });
    let past: ModelOutputs = {};
    if (P > 0 && continuing) {
      past = rows[0].past?.source.outputs ?? {};
    } else if (P > 0) {
      const template = rows.find((r) => r.past !== undefined)?.past?.source.tensors;
      for (const [name, like] of template ?? []) {
        const [, heads, , headDim] = like.dims;
        const data = newData(like.data, count * heads * P * headDim);
        rows.forEach((row, r) => {
          const source = row.past?.source.tensors.get(name);
          if (!row.past || !source) return;
          const seq = source.dims[2];
          for (let h = 0; h < heads; h++) {
            const from = (row.past.row * heads + h) * seq * headDim;
            let to = (r * heads + h) * P * headDim;
            for (const [a, b] of runs[r]) {
              data.set(source.data.subarray(from + a * headDim, from + b * headDim), to);
              to += (b - a) * headDim;
            }
          }
        });
        past[name] = new TensorCtor(like.type as 'float32', data, [count, heads, P, headDim]);
      }
    }
    this.stats.passes += 1;
    this.stats.rows += count;
    // Only each row's last position is needed. When every row ends at T, exports that declare
    // num_logits_to_keep (scripts/models/add-num-logits-to-keep.py) skip the head for the others;
    // transformers.js drops the input for exports without it, which then return all T positions.
    const sameLength = rows.every((row) => row.tokens.length === T);
    const outputs = (await this.model.forward({
      input_ids: new TensorCtor('int64', ids, [count, T]),
      attention_mask: new TensorCtor('int64', BigInt64Array.from(mask, (m) => BigInt(m)), [count, P + T]),
      num_logits_to_keep: new TensorCtor('int64', [sameLength ? 1n : 0n], []),
      ...(Object.keys(past).length > 0 ? { past_key_values: past } : {}),
    })) as ModelOutputs;
    const logits = outputs.logits.data as Float32Array;
    const [, positions, vocab] = outputs.logits.dims;
    const presents: ModelOutputs = {};
    const tensors = new Map<string, { type: string; data: KvData; dims: readonly number[] }>();
    for (const [name, tensor] of Object.entries(outputs)) {
      if (!name.startsWith('present')) continue;
      const pastName = name.replace('present', 'past_key_values');
      presents[pastName] = tensor;
      tensors.set(pastName, { type: tensor.type, data: tensor.data as KvData, dims: tensor.dims });
    }
    const source: KvTensors = { tensors, outputs: presents };
    const results = rows.map((row, r) => {
      const last = (positions === T ? r * T + row.tokens.length - 1 : r * positions + positions - 1) * vocab;
      return { logits: logits.slice(last, last + vocab), kv: { source, row: r, mask: mask.subarray(r * (P + T), (r + 1) * (P + T)) } };
    });
    // Only the logits are freed now; the keys/values live on in the rows that use them.
    (outputs.logits as { dispose?: () => void }).dispose?.();
    return results;
  }
}
