/**
 * HELM Classic's copyright and disinformation metrics against HELM's own classes (crfm-helm
 * 0.5.16): test/fixtures/metrics/classic3_metrics.json, written by
 * scripts/helm-reference/classic3-metric-goldens.py (nltk's TreebankWordTokenizer, sacrebleu 2.6).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RequestState } from '../../../core/adaptation/schemas';
import { isFloat, toNumber, type PyNumber } from '../../../core/common/py-number';
import { BasicCopyrightArgs, BasicCopyrightMetric } from '../../../core/metrics/copyright-metric';
import { DisinformationMetric, monteCarloEntropy, selfBleu } from '../../../core/metrics/disinformation-metric';
import { treebankClassicTokenize } from '../../../core/metrics/treebank-tokenizer';
import { defaultRequest } from '../../../core/models/schemas';

const Num = z.object({ value: z.union([z.number(), z.literal('NaN')]), float: z.boolean() });
const Golden = z.object({
  treebank: z.array(z.object({ text: z.string(), tokens: z.array(z.string()) })),
  copyright: z.array(z.object({ args: BasicCopyrightArgs, prefix: z.string(), reference: z.string(), completions: z.array(z.string()), stat: Num })),
  disinformation: z.array(
    z.object({ name: z.enum(['self_bleu', 'monte_carlo_entropy']), completions: z.array(z.object({ text: z.string(), logprobs: z.array(z.number()) })) }).merge(Num),
  ),
});
const golden = Golden.parse(JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/metrics/classic3_metrics.json'), 'utf8')));

function requestState(prefix: string, reference: string, completions: Array<{ text: string; logprobs: number[] }>): RequestState {
  return {
    instance: { input: { text: prefix }, references: [{ output: { text: reference }, tags: ['correct'] }], split: 'test', id: 'id0' },
    train_trial_index: 0,
    request: defaultRequest({ model: 'm/m', model_deployment: 'm/m' }),
    result: {
      success: true,
      embedding: [],
      completions: completions.map(({ text, logprobs }) => ({ text, logprob: 0, tokens: logprobs.map((logprob, i) => ({ text: String(i), logprob })) })),
      cached: false,
    },
    num_train_instances: 0,
    prompt_truncated: false,
    num_conditioning_tokens: 0,
  };
}

/** Equal to HELM's number: same Python type, and the value to the last bit (or to 1e-12 for sums of logs and BLEU). */
function expectPyNumber(actual: PyNumber, expected: z.infer<typeof Num>, exact: boolean, what: string): void {
  expect(isFloat(actual) || (typeof actual !== 'number'), `${what}: float?`).toBe(expected.float);
  if (expected.value === 'NaN') expect(Number.isNaN(toNumber(actual)), what).toBe(true);
  else if (exact) expect(toNumber(actual), what).toBe(expected.value);
  else expect(toNumber(actual), what).toBeCloseTo(expected.value, 12);
}

describe('TreebankWordTokenizer (nltk’s original, used by the copyright metric)', () => {
  for (const { text, tokens } of golden.treebank) it(`tokenizes ${JSON.stringify(text).slice(0, 40)} as nltk does`, () => expect(treebankClassicTokenize(text)).toEqual(tokens));
});

describe('BasicCopyrightMetric (longest common prefix, edit distance, edit similarity)', () => {
  it(`equals HELM on ${golden.copyright.length} cases (3 measures × prefix normalisation × whitespace normalisation × 5 texts)`, () => {
    for (const c of golden.copyright) {
      const stats = new BasicCopyrightMetric(c.args).evaluateGeneration(requestState(c.prefix, c.reference, c.completions.map((text) => ({ text, logprobs: [] }))));
      expect(stats).toHaveLength(1);
      expectPyNumber(stats[0].sum, c.stat, true, `${JSON.stringify(c.args)} on ${JSON.stringify(c.prefix)}`);
    }
  });
});

describe('DisinformationMetric (self-BLEU with sacrebleu’s sentence BLEU, Monte Carlo entropy)', () => {
  it(`equals HELM on ${golden.disinformation.length} completion sets`, () => {
    for (const c of golden.disinformation) {
      const outputs = requestState('p', 'p', c.completions).result?.completions ?? [];
      const value = c.name === 'self_bleu' ? selfBleu(outputs) : monteCarloEntropy(outputs);
      expectPyNumber(value, c, false, `${c.name} of ${JSON.stringify(c.completions.map((x) => x.text))}`);
    }
  });

  it('runs through the trial loop: one stat per instance, named as HELM names it', () => {
    const state = requestState('p', 'p', golden.disinformation[0].completions);
    const result = new DisinformationMetric({ name: 'self_bleu' }).evaluate({ adapter_spec: { method: 'generation', num_train_trials: 1 } as never, request_states: [state] } as never);
    expect(new Set(result.aggregatedStats.map((s) => s.name.name))).toEqual(new Set(['self_bleu'])); // once per split context
    expect(result.perInstanceStats).toHaveLength(1);
  });
});
