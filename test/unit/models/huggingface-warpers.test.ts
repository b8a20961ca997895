import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kthLargest, logSoftmax, sampleIndex, softmax, warpLogits } from '../../../core/models/clients/huggingface/warpers';

interface WarperCase {
  temperature: number;
  top_k: number;
  top_p: number;
  logits: number[];
  kept: number[];
  logprobs: Array<number | null>;
}

// Produced by Hugging Face transformers' own warpers (scripts/models/hf-warpers-golden.py).
const cases = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../fixtures/models/hf-warpers-golden.json'), 'utf8'),
) as WarperCase[];

describe('sampling warpers (Hugging Face generate order: temperature, top-k, top-p)', () => {
  it.each(cases.map((c) => [`T=${c.temperature} top_k=${c.top_k} top_p=${c.top_p}`, c] as const))(
    '%s keeps the tokens transformers keeps, with its logprobs',
    (_name, c) => {
      const scores = warpLogits(Float32Array.from(c.logits), { temperature: c.temperature, topK: c.top_k, topP: c.top_p });
      const kept = Array.from(scores.keys()).filter((i) => scores[i] !== -Infinity);
      expect(kept).toEqual(c.kept);
      const lp = logSoftmax(scores);
      c.logprobs.forEach((expected, i) => {
        if (expected === null) expect(lp[i]).toBe(-Infinity);
        else if (Math.abs(expected) > 1000) expect(lp[i] / expected).toBeCloseTo(1, 5);
        else expect(lp[i]).toBeCloseTo(expected, 4);
      });
    },
  );

  it('samples by cumulative probability and skips zero-probability tokens', () => {
    const probs = softmax([0, 0, -Infinity, Math.log(2)]);
    expect(sampleIndex(probs, 0)).toBe(0);
    expect(sampleIndex(probs, 0.3)).toBe(1);
    expect(sampleIndex(probs, 0.6)).toBe(3);
    expect(sampleIndex(probs, 0.9999999999)).toBe(3);
  });
});

describe('kthLargest (the top-k threshold)', () => {
  it('equals the ascending sort at [length - k], duplicates counted, for every k', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // Rounded values give many ties, as logits of a small model do.
    const values = Float64Array.from({ length: 500 }, () => Math.round((random() * 20 - 10) * 4) / 4 + 0); // + 0: no -0
    const sorted = Float64Array.from(values).sort();
    for (let k = 1; k <= values.length; k++) expect(kthLargest(values, k)).toBe(sorted[values.length - k]);
  });

  it('handles -Infinity entries and k = 1', () => {
    expect(kthLargest([-Infinity, 3, -Infinity, 1], 1)).toBe(3);
    expect(kthLargest([-Infinity, 3, -Infinity, 1], 3)).toBe(-Infinity);
  });
});
