import { describe, expect, it } from 'vitest';
import { toNumber } from '../../../core/common/py-number';
import { RequestState } from '../../../core/adaptation/schemas';
import { defaultRequest } from '../../../core/models/schemas';
import { defaultAdapterSpec } from '../../../core/run-specs/schemas';
import { createMetric } from '../../../core/metrics/evaluate';
import { services } from './mmlu-fixture';

const adapterSpec = defaultAdapterSpec({ method: 'language_modeling', model: 'simple/model1', model_deployment: 'simple/model1' });

/** One document chunk: `conditioning` leading tokens are context, the rest are scored. */
function chunk(id: string, split: string, tokens: [string, number][], conditioning: number): RequestState {
  return {
    instance: { input: { text: `doc ${id}` }, references: [], split, id },
    train_trial_index: 0,
    request: defaultRequest({ model: 'simple/model1', model_deployment: 'simple/model1', prompt: tokens.map((t) => t[0]).join(''), echo_prompt: true, max_tokens: 0 }),
    result: {
      success: true,
      embedding: [],
      completions: [{ text: '', logprob: 0, tokens: tokens.map(([text, logprob]) => ({ text, logprob })) }],
      cached: false,
    },
    num_train_instances: 0,
    prompt_truncated: false,
    num_conditioning_tokens: conditioning,
  };
}

describe('LanguageModelingMetric', () => {
  const states = [
    chunk('d1', 'test', [['Hello', -1], [' wor', -2], ['ld', -0.5]], 0),
    chunk('d1', 'test', [['', 0], ['ld', -9], [' é', -1.5]], 1), // empty first token dropped, then 1 conditioning token
    chunk('d2', 'test', [['bytes:\\xe2\\x80', -3]], 0),
  ];
  const metric = createMetric({ class_name: 'helm.benchmark.metrics.language_modeling_metrics.LanguageModelingMetric', args: { names: [] } });
  const result = metric.evaluate({ adapter_spec: adapterSpec, request_states: states }, services);
  const value = (name: string): number => {
    const s = result.aggregatedStats.find((x) => x.name.name === name && x.name.split === 'test');
    if (s === undefined) throw new Error(`no ${name}`);
    return toNumber(s.sum);
  };

  it('one per-instance entry per request state, all in trial 0', () => {
    expect(result.perInstanceStats.map((p) => [p.instanceId, p.trainTrialIndex])).toEqual([['d1', 0], ['d1', 0], ['d2', 0]]);
  });
  it('LM stats are means over request states; perplexity family from context sums', () => {
    // Scored tokens: (-1,-2,-0.5), (-1.5), (-3) → logprob sum -8, 5 tokens; bytes 5+4+2, 2 ("\xc3\xa9" is " é"=3), 2 escapes.
    expect(value('logprob')).toBeCloseTo(-8 / 3, 15);
    expect(value('num_perplexity_tokens')).toBeCloseTo(5 / 3, 15);
    const bytes = 11 + 3 + 2;
    expect(value('num_bytes')).toBeCloseTo(bytes / 3, 15);
    expect(value('perplexity')).toBe(Math.exp(8 / 5));
    expect(value('bits_per_byte')).toBe(8 / bytes / Math.log(2));
    expect(value('logprob_per_byte')).toBe(-8 / bytes);
    expect(value('num_instances')).toBe(2);
  });
  it('has no worst-case stats', () => {
    expect(result.aggregatedStats.every((s) => s.name.perturbation === undefined)).toBe(true);
  });
});
