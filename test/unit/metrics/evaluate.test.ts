import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { evaluateMetrics } from '../../../core/metrics/evaluate';
import { StatJson } from '../../../core/metrics/schemas';
import { BASE_NAMES, Case, runSpec, scenarioState, services } from './mmlu-fixture';

const label = (s: StatJson): string =>
  `${s.name.name}|${s.name.split ?? ''}|${s.name.perturbation ? `${s.name.perturbation.name}:${s.name.perturbation.computed_on}` : ''}`;

const find = (stats: StatJson[], name: string, split = 'test'): StatJson => {
  const s = stats.find((x) => x.name.name === name && x.name.split === split && x.name.perturbation === undefined);
  if (s === undefined) throw new Error(`no stat ${name}`);
  return s;
};

// Three test instances answered right, one wrong, one valid instance answered right.
const zeroLogprobCases: Case[] = [
  { id: 'id1', split: 'test', correct: 1, answer: ' B', logprob: 0, prompt: 'one two three' },
  { id: 'id2', split: 'test', correct: 0, answer: ' A', logprob: 0, prompt: 'one two three four' },
  { id: 'id3', split: 'test', correct: 2, answer: ' D', logprob: 0, prompt: 'one two' },
  { id: 'id4', split: 'test', correct: 3, answer: ' D', logprob: 0, prompt: 'one two three four five' },
  { id: 'id5', split: 'valid', correct: 0, answer: ' A', logprob: 0, prompt: 'x' },
];

describe('evaluateMetrics on an MMLU multiple_choice_joint run (simple/model1, logprob 0)', () => {
  const { stats, perInstanceStats } = evaluateMetrics(runSpec, scenarioState(zeroLogprobCases), services);

  it('produces HELM stat names in HELM order', () => {
    const positive = BASE_NAMES.filter((n) => !n.startsWith('training_'));
    const expected = [
      ...BASE_NAMES.map((n) => `${n}|test|`),
      ...BASE_NAMES.map((n) => `${n}|valid|`),
      ...['perplexity', 'bits_per_byte', 'logprob_per_byte'].map((n) => `${n}|test|`),
      ...['perplexity', 'bits_per_byte', 'logprob_per_byte'].map((n) => `${n}|valid|`),
      ...positive.flatMap((n) => [`${n}|test|robustness:worst`, `${n}|test|fairness:worst`]),
      ...positive.flatMap((n) => [`${n}|valid|robustness:worst`, `${n}|valid|fairness:worst`]),
      'num_instances|test|',
      'num_instances|valid|',
    ];
    expect(stats.map(label)).toEqual(expected);
  });

  it('has no calibration stats without a negative logprob', () => {
    expect(stats.some((s) => s.name.name.includes('ece') || s.name.name.startsWith('selective'))).toBe(false);
  });

  it('collapses each trial to its mean (floats), keeps count-0 stats with int sums', () => {
    const em = find(stats, 'exact_match');
    expect(pythonJsonDumps(em, { indent: 2 })).toBe(
      '{\n  "name": {\n    "name": "exact_match",\n    "split": "test"\n  },\n  "count": 1,\n  "sum": 0.75,\n  "sum_squared": 0.5625,\n  "min": 0.75,\n  "max": 0.75,\n  "mean": 0.75,\n  "variance": 0.0,\n  "stddev": 0.0\n}',
    );
    expect(find(stats, 'exact_match@5').sum).toBe(0.75);
    expect(find(stats, 'num_prompt_tokens').sum).toBe(3.5);
    expect(find(stats, 'num_references').sum).toEqual({ py_float: 4 });
    expect(find(stats, 'max_prob').sum).toEqual({ py_float: 1 });
    expect(find(stats, 'inference_runtime').sum).toBe(0.0125);
    expect(find(stats, 'batch_size').sum).toEqual({ py_float: 1 });
    expect(find(stats, 'finish_reason_unknown').sum).toEqual({ py_float: 1 });
    expect(find(stats, 'logprob').sum).toEqual({ py_float: 0 });
    expect(find(stats, 'num_bytes').sum).toEqual({ py_float: 2 });
    expect(find(stats, 'perplexity').sum).toEqual({ py_float: 1 });
    expect(find(stats, 'bits_per_byte').sum).toEqual({ py_float: 0 });
    expect(pythonJsonDumps(find(stats, 'training_co2_cost'))).toBe(
      '{"name": {"name": "training_co2_cost", "split": "test"}, "count": 0, "sum": 0, "sum_squared": 0}',
    );
    expect(find(stats, 'num_instances').sum).toEqual({ py_float: 4 });
    expect(find(stats, 'num_instances', 'valid').sum).toEqual({ py_float: 1 });
  });

  it('worst-case copies equal the plain value without perturbations', () => {
    const worst = stats.find((s) => s.name.name === 'exact_match' && s.name.split === 'test' && s.name.perturbation?.name === 'robustness');
    expect(pythonJsonDumps(worst?.name)).toBe(
      '{"name": "exact_match", "split": "test", "perturbation": {"name": "robustness", "robustness": true, "fairness": false, "computed_on": "worst"}}',
    );
    expect(worst?.sum).toBe(0.75);
  });

  it('writes one per-instance entry per instance (BasicGenerationMetric only) with int stats', () => {
    expect(perInstanceStats.map((p) => p.instance_id)).toEqual(['id1', 'id2', 'id3', 'id4', 'id5']);
    const first = perInstanceStats[0];
    expect(first.train_trial_index).toBe(0);
    expect(first.perturbation).toBeUndefined();
    expect(first.stats.map((s) => s.name.name)).toEqual(BASE_NAMES);
    const prompt = first.stats[2];
    expect(pythonJsonDumps(prompt)).toBe(
      '{"name": {"name": "num_prompt_tokens", "split": "test"}, "count": 1, "sum": 3, "sum_squared": 9, "min": 3, "max": 3, "mean": 3.0, "variance": 0.0, "stddev": 0.0}',
    );
    expect(first.stats[16].sum).toBe(1); // exact_match is an int
    expect(perInstanceStats[2].stats[16].sum).toBe(0);
    expect(first.stats[14].sum).toBe(0); // prompt_truncated False -> 0
  });

  it('rejects unknown metric classes with the supported list', () => {
    const bad = { ...runSpec, metric_specs: [{ class_name: 'helm.benchmark.metrics.foo.Bar', args: {} }] };
    expect(() => evaluateMetrics(bad, scenarioState(zeroLogprobCases), services)).toThrow(
      /Unsupported metric class helm\.benchmark\.metrics\.foo\.Bar\..*Supported: .*BasicGenerationMetric/,
    );
  });
});

describe('evaluateMetrics with negative logprobs (calibration)', () => {
  // max_prob p = exp(logprob): 0.9 right, 0.8 wrong, 0.6 right, 0.3 wrong.
  const cases: Case[] = [
    { id: 'id1', split: 'test', correct: 1, answer: ' B', logprob: Math.log(0.9), prompt: 'a b' },
    { id: 'id2', split: 'test', correct: 0, answer: ' C', logprob: Math.log(0.8), prompt: 'a b' },
    { id: 'id3', split: 'test', correct: 2, answer: ' C', logprob: Math.log(0.6), prompt: 'a b' },
    { id: 'id4', split: 'test', correct: 3, answer: ' A', logprob: Math.log(0.3), prompt: 'a b' },
  ];
  const { stats } = evaluateMetrics(runSpec, scenarioState(cases), services);
  const value = (name: string): number => {
    const s = find(stats, name);
    return typeof s.sum === 'number' ? s.sum : s.sum.py_float;
  };

  it('adds the calibration family after perplexity, in HELM order', () => {
    const names = stats.filter((s) => s.name.perturbation === undefined).map((s) => s.name.name);
    const start = names.indexOf('perplexity');
    expect(names.slice(start, start + 11)).toEqual([
      'perplexity', 'bits_per_byte', 'logprob_per_byte', 'ece_10_bin', 'ece_1_bin', 'selective_cov_acc_area',
      'selective_acc@10', 'platt_coef', 'platt_intercept', 'platt_ece_10_bin', 'platt_ece_1_bin',
    ]);
    // Derived stats get no worst-case copies.
    expect(stats.some((s) => s.name.name === 'ece_10_bin' && s.name.perturbation !== undefined)).toBe(false);
  });

  it('computes ECE and selective accuracy by hand', () => {
    expect(value('ece_10_bin')).toBeCloseTo((0.1 + 0.8 + 0.4 + 0.3) / 4, 12);
    expect(value('ece_1_bin')).toBeCloseTo(Math.abs(2.6 / 4 - 0.5), 12);
    expect(value('selective_cov_acc_area')).toBeCloseTo((1 + 0.5 + 2 / 3 + 0.5) / 4, 12);
    expect(value('selective_acc@10')).toBe(1);
    expect(value('exact_match')).toBe(0.5);
    expect(value('platt_ece_1_bin')).toBeLessThan(1e-9); // a fitted intercept matches the base rate
    expect(value('perplexity')).toBeCloseTo(Math.exp(-(Math.log(0.9 * 0.8 * 0.6 * 0.3)) / 4), 12);
  });

  it('records platt_ece 0.0 and no coefficients when every answer is right', () => {
    const allRight = cases.map((c) => ({ ...c, answer: ` ${'ABCD'[c.correct]}` }));
    const result = evaluateMetrics(runSpec, scenarioState(allRight), services).stats;
    expect(find(result, 'platt_ece_10_bin').sum).toEqual({ py_float: 0 });
    expect(result.some((s) => s.name.name === 'platt_coef')).toBe(false);
  });
});
