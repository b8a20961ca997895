import { describe, expect, it } from 'vitest';
import { RequestState, ScenarioState } from '../../../core/adaptation/schemas';
import { evaluateMetrics } from '../../../core/metrics/evaluate';
import { defaultRequest } from '../../../core/models/schemas';
import { Instance } from '../../../core/scenarios/schemas';
import { adapterSpec, runSpec } from './mmlu-fixture';

const instance: Instance = {
  input: { text: 'Q?' },
  references: [
    { output: { text: 'red wine' }, tags: [] },
    { output: { text: 'blue' }, tags: ['correct'] },
    { output: { text: 'green' }, tags: [] },
  ],
  split: 'test',
  id: 'id7',
};

// Echoed completions: prompt token then the reference tokens; blue and green tie at -1 per token.
const tokenLogprobs = [[-0.5, -1.5, -1.5], [-0.5, -1], [-0.5, -1]];

function state(method: string): ScenarioState {
  const requestStates: RequestState[] = tokenLogprobs.map((lps, i) => ({
    instance,
    reference_index: i,
    request_mode: 'original',
    train_trial_index: 0,
    request: defaultRequest({ model_deployment: 'simple/model1', model: 'simple/model1', prompt: `Q? ${instance.references[i].output.text}`, echo_prompt: true, max_tokens: 0 }),
    result: {
      success: true,
      embedding: [],
      completions: [{ text: '', logprob: lps.reduce((a, b) => a + b, 0), tokens: lps.map((logprob, j) => ({ text: `t${j}`, logprob })) }],
      cached: false,
    },
    num_train_instances: 0,
    prompt_truncated: false,
    num_conditioning_tokens: 0,
  }));
  return { adapter_spec: { ...adapterSpec, method }, request_states: requestStates };
}

const services = {
  countTokens: (t: string): number => t.split(' ').length,
  tokenize: (t: string): string[] => t.trim().split(' '),
};

describe('BasicReferenceMetric (multiple_choice_separate_original)', () => {
  const spec = { ...runSpec, metric_specs: [runSpec.metric_specs[1]] };
  const { stats, perInstanceStats } = evaluateMetrics(spec, state('multiple_choice_separate_original'), services);
  const get = (name: string) => perInstanceStats[0].stats.find((s) => s.name.name === name);

  it('shares credit among tied references and predicts the first of them', () => {
    expect(get('exact_match')?.sum).toBe(0.5);
    expect(get('predicted_index')?.sum).toBe(1);
    expect(get('max_prob')?.sum).toBeCloseTo(Math.exp(-1) / (Math.exp(-1.5) + 2 * Math.exp(-1)), 15);
  });

  it('merges request-state metrics over the reference requests', () => {
    const prompt = get('num_prompt_tokens');
    expect(prompt?.count).toBe(3);
    expect(prompt?.sum).toBe(3 + 2 + 2);
    expect(get('num_output_tokens')?.sum).toBe(0); // echo: 3 - 3, 2 - 2, 2 - 2
    expect(stats.some((s) => s.name.name === 'exact_match' && s.name.perturbation?.name === 'robustness')).toBe(true);
  });

  it('BasicGenerationMetric yields nothing for reference request states', () => {
    const gen = { ...runSpec, metric_specs: [runSpec.metric_specs[0]] };
    const result = evaluateMetrics(gen, state('multiple_choice_separate_original'), services);
    expect(result.stats).toEqual([]);
    expect(result.perInstanceStats).toEqual([]);
  });
});
