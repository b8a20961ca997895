import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCausalLm } from '../../../core/models/clients/huggingface/model';
import {
  commonPrefixLength,
  copyRow,
  MIN_REUSED_TOKENS,
  PrefixCache,
  tileRows,
  type KvBlock,
  type PrefixEntry,
} from '../../../core/models/clients/huggingface/prefix-cache';
import { logSoftmaxAt } from '../../../core/models/clients/huggingface/warpers';

const TINY = path.resolve(__dirname, '../../fixtures/models/tiny-gpt2');
/** The same weights, its head limited by num_logits_to_keep (scripts/models/add-num-logits-to-keep.py). */
const TINY_KEEP = path.resolve(__dirname, '../../fixtures/models/tiny-gpt2-num-logits-to-keep');
const MODELS = [
  ['an export without num_logits_to_keep', TINY],
  ['an export with num_logits_to_keep', TINY_KEEP],
] as const;
const reference = JSON.parse(fs.readFileSync(path.join(TINY, 'reference.json'), 'utf8')) as {
  prompt_ids: number[];
  prompt_logprobs: number[];
  greedy_ids: number[];
  greedy_logprobs: number[];
};

function block(positions: number, fill: (h: number, p: number, d: number) => number, heads = 2, headDim = 3): KvBlock {
  const data = new Float32Array(heads * positions * headDim);
  for (let h = 0; h < heads; h++) for (let p = 0; p < positions; p++) for (let d = 0; d < headDim; d++) data[(h * positions + p) * headDim + d] = fill(h, p, d);
  return { type: 'float32', data, heads, positions, headDim };
}

function entry(ids: number[], withLogprobs = false, positions = ids.length): PrefixEntry {
  return { ids, kv: new Map([['past_key_values.0.key', block(positions, () => 1)]]), ...(withLogprobs ? { promptLogprobs: ids.map(() => -1) } : {}) };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('PrefixCache', () => {
  it('finds the entry sharing the longest prefix, at least MIN_REUSED_TOKENS long', () => {
    const cache = new PrefixCache();
    cache.store(entry(range(0, 20)));
    cache.store(entry([...range(0, 12), 99, 98]));
    expect(cache.lookup([...range(0, 15), 7], false)?.shared).toBe(15);
    expect(cache.lookup([...range(0, 12), 99, 5], false)?.shared).toBe(13);
    expect(cache.lookup([...range(0, MIN_REUSED_TOKENS - 1), 500], false)).toBeUndefined();
    expect(commonPrefixLength([1, 2, 3], [1, 2])).toBe(2);
  });

  it('prompt scoring only reuses entries that carry prompt logprobs', () => {
    const cache = new PrefixCache();
    cache.store(entry(range(0, 20)));
    expect(cache.lookup(range(0, 20), true)).toBeUndefined();
    cache.store(entry(range(0, 10), true));
    expect(cache.lookup(range(0, 20), true)?.shared).toBe(10);
    expect(cache.covers(range(0, 15), false)).toBe(true);
    expect(cache.covers(range(0, 15), true)).toBe(false);
  });

  it('evicts the least recently used entries beyond its byte budget', () => {
    // Each entry: 2 heads x 10 positions x 3 dims x 4 bytes + 10 ids x 8 bytes = 320 bytes.
    const cache = new PrefixCache(700);
    cache.store(entry(range(0, 10)));
    cache.store(entry(range(100, 110)));
    expect(cache.lookup(range(0, 10), false)).toBeDefined(); // now most recent
    cache.store(entry(range(200, 210)));
    expect(cache.lookup(range(100, 110), false)).toBeUndefined();
    expect(cache.lookup(range(0, 10), false)).toBeDefined();
    expect(cache.lookup(range(200, 210), false)).toBeDefined();
  });

  it('copies one row of a [rows, heads, seq, dim] tensor and tiles a prefix of it for several rows', () => {
    const [rows, heads, seq, dim] = [2, 2, 4, 3];
    const data = Float32Array.from({ length: rows * heads * seq * dim }, (_, i) => i);
    const row1 = copyRow(data, [rows, heads, seq, dim], 1, 3, 'float32');
    // Row 1, head 1, position 2, dim 0 sits at ((1*2+1)*4+2)*3 = 42 in the source.
    expect(row1.data[(1 * 3 + 2) * 3]).toBe(42);
    expect(row1.data.length).toBe(heads * 3 * dim);
    const tiled = tileRows(row1, 2, 3);
    expect(tiled.dims).toEqual([3, heads, 2, dim]);
    for (let r = 0; r < 3; r++) expect(tiled.data[((r * heads + 1) * 2 + 1) * dim + 2]).toBe(((1 * 2 + 1) * 4 + 1) * 3 + 2);
  });
});

describe.each(MODELS)('prefix reuse on a real ONNX GPT-2 (tiny, %s): the same numbers as full forward passes', (_name, folder) => {
  it('a generation whose prompt shares a prefix with an earlier one runs only the rest, with PyTorch\'s greedy logprobs', async () => {
    const lm = await loadCausalLm(folder);
    const ids = reference.prompt_ids;
    const keep = ids.length - 3;
    // An earlier prompt with the same beginning and another ending.
    await lm.newSession().feed([[...ids.slice(0, keep), 17, 4, 9, 2]]);
    const before = { ...lm.prefixStats! };
    const session = lm.newSession();
    let logits = await session.feed([ids]);
    expect(lm.prefixStats!.reusedTokens - before.reusedTokens).toBe(keep);
    expect(lm.prefixStats!.fedTokens - before.fedTokens).toBe(ids.length - keep);
    for (const [k, id] of reference.greedy_ids.entries()) {
      expect(logSoftmaxAt(logits.data.subarray(0, logits.vocab), id)).toBeCloseTo(reference.greedy_logprobs[k], 4);
      logits = await session.feed([[id]]);
    }
  });

  it('several rows (num_completions) share one reused prefix', async () => {
    const lm = await loadCausalLm(folder);
    const ids = reference.prompt_ids;
    const before = { ...lm.prefixStats! };
    const logits = await lm.newSession().feed([ids, ids, ids]);
    expect(lm.prefixStats!.reusedTokens - before.reusedTokens).toBe(3 * (ids.length - 1));
    for (let r = 0; r < 3; r++) expect(logSoftmaxAt(logits.data.subarray(r * logits.vocab, (r + 1) * logits.vocab), reference.greedy_ids[0])).toBeCloseTo(reference.greedy_logprobs[0], 4);
  });

  it('prompt scoring reuses an earlier scored prompt\'s keys/values and logprobs, batches included', async () => {
    const lm = await loadCausalLm(folder);
    const ids = reference.prompt_ids;
    const keep = MIN_REUSED_TOKENS + 1;
    expect(ids.length).toBeGreaterThan(keep + 2);
    await lm.scorePrompt([...ids.slice(0, keep), 11, 12, 13]);
    const before = { ...lm.prefixStats! };
    const [full, shorter] = await Promise.all([lm.scorePrompt(ids), lm.scorePrompt(ids.slice(0, keep + 2))]);
    // One pass for both rows; `keep - 1` positions reused for each (the last shared one is run again).
    expect(lm.prefixStats!.reusedTokens - before.reusedTokens).toBe(2 * (keep - 1));
    expect(full).toHaveLength(ids.length);
    full.forEach((lp, i) => expect(lp).toBeCloseTo(reference.prompt_logprobs[i], 4));
    expect(shorter).toHaveLength(keep + 2);
    shorter.forEach((lp, i) => expect(lp).toBeCloseTo(reference.prompt_logprobs[i], 4));
  });
});

describe.each(MODELS)('concurrent generations share forward passes (StepBatcher), %s', (_name, folder) => {
  /** Greedy continuation of `ids` for `steps` tokens: each step's logprob of the chosen token. */
  async function greedy(lm: Awaited<ReturnType<typeof loadCausalLm>>, ids: number[], steps: number): Promise<{ ids: number[]; logprobs: number[] }> {
    const session = lm.newSession();
    let logits = await session.feed([ids]);
    const out = { ids: [] as number[], logprobs: [] as number[] };
    for (let k = 0; k < steps; k++) {
      let best = 0;
      for (let j = 1; j < logits.vocab; j++) if (logits.data[j] > logits.data[best]) best = j;
      out.ids.push(best);
      out.logprobs.push(logSoftmaxAt(logits.data.subarray(0, logits.vocab), best));
      logits = await session.feed([[best]]);
    }
    return out;
  }

  it('prompts of different lengths decode together with the tokens and logprobs they get alone', async () => {
    const lm = await loadCausalLm(folder);
    const short = [50, 60, 70, 80, 90];
    const other = [7, 8, 9];
    const alone = [await greedy(lm, short, 6), await greedy(lm, other, 9)];
    const before = { ...lm.stepStats! };
    const together = await Promise.all([greedy(lm, reference.prompt_ids, reference.greedy_ids.length), greedy(lm, short, 6), greedy(lm, other, 9)]);
    const passes = lm.stepStats!.passes - before.passes;
    const rows = lm.stepStats!.rows - before.rows;
    // 9 + 7 + 10 feeds in at most 11 passes: the 5-token prompt runs alone (a prompt pass is not
    // padded into a batch), every other pass is shared.
    expect(rows).toBe(reference.greedy_ids.length + 1 + 7 + 10);
    expect(passes).toBeLessThanOrEqual(11);
    expect(together[0].ids).toEqual(reference.greedy_ids);
    together[0].logprobs.forEach((lp, k) => expect(lp).toBeCloseTo(reference.greedy_logprobs[k], 4));
    for (const [i, result] of together.slice(1).entries()) {
      expect(result.ids).toEqual(alone[i].ids);
      result.logprobs.forEach((lp, k) => expect(lp).toBeCloseTo(alone[i].logprobs[k], 4));
    }
  });
});

describe('scripts/models/add-num-logits-to-keep.py', () => {
  it('makes the head run on the last N positions only, 0 meaning all, with the plain export\'s logits', async () => {
    const ort = await import('onnxruntime-node');
    const plain = await ort.InferenceSession.create(path.join(TINY, 'onnx', 'model.onnx'));
    const keep = await ort.InferenceSession.create(path.join(TINY_KEEP, 'onnx', 'model.onnx'));
    expect(plain.inputNames).not.toContain('num_logits_to_keep');
    expect(keep.inputNames).toContain('num_logits_to_keep');
    const ids = reference.prompt_ids;
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(ids.keys(), BigInt), [1, ids.length]),
    };
    for (const name of plain.inputNames.filter((n) => n.startsWith('past_key_values'))) {
      const config = JSON.parse(fs.readFileSync(path.join(TINY, 'config.json'), 'utf8')) as { n_head: number; n_embd: number };
      feeds[name] = new ort.Tensor('float32', new Float32Array(0), [1, config.n_head, 0, config.n_embd / config.n_head]);
    }
    const all = (await plain.run(feeds)).logits;
    const [, positions, vocab] = all.dims;
    for (const n of [0, 1, 3]) {
      const kept = (await keep.run({ ...feeds, num_logits_to_keep: new ort.Tensor('int64', BigInt64Array.of(BigInt(n)), []) })).logits;
      const rows = n === 0 ? positions : n;
      expect(kept.dims).toEqual([1, rows, vocab]);
      expect(Array.from(kept.data as Float32Array)).toEqual(Array.from((all.data as Float32Array).subarray((positions - rows) * vocab)));
    }
  });
});
