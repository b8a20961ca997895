import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { evaluateMetrics } from '../../../core/metrics/evaluate';
import { StatJson } from '../../../core/metrics/schemas';
import { Case, adapterSpec, runSpec, scenarioState, services } from './mmlu-fixture';

const typo = { name: 'typos', robustness: true, fairness: false, computed_on: 'perturbed', prob: 0.1 };
const emStats = (stats: StatJson[]): string[] =>
  stats
    .filter((s) => s.name.name === 'exact_match')
    .map((s) => `${s.name.perturbation?.name ?? '-'}:${s.name.perturbation?.computed_on ?? '-'}=${pythonJsonDumps(s.sum)}`);

describe('worst-case stats with a robustness perturbation', () => {
  const cases: Case[] = [
    { id: 'id1', split: 'test', correct: 1, answer: ' B', logprob: 0, prompt: 'p' },
    { id: 'id1', split: 'test', correct: 1, answer: ' C', logprob: 0, prompt: 'p', perturbation: typo },
    { id: 'id2', split: 'test', correct: 0, answer: ' A', logprob: 0, prompt: 'p' },
    { id: 'id2', split: 'test', correct: 0, answer: ' A', logprob: 0, prompt: 'p', perturbation: typo },
  ];
  const { stats, perInstanceStats } = evaluateMetrics(runSpec, scenarioState(cases), services);

  it('emits plain, perturbed, robustness/fairness worst and per-perturbation original/worst values', () => {
    expect(emStats(stats)).toEqual([
      '-:-=1.0',
      'typos:perturbed=0.5',
      'robustness:worst=0.5',
      'fairness:worst=1.0',
      'typos:original=1.0',
      'typos:worst=0.5',
    ]);
    const worst = stats.find((s) => s.name.name === 'exact_match' && s.name.perturbation?.computed_on === 'worst' && s.name.perturbation.name === 'typos');
    // Subclass fields of the perturbation are kept, in their order.
    expect(pythonJsonDumps(worst?.name.perturbation)).toBe(
      '{"name": "typos", "robustness": true, "fairness": false, "computed_on": "worst", "prob": 0.1}',
    );
  });

  it('writes per-instance entries for perturbed instances with their perturbation', () => {
    expect(perInstanceStats.map((p) => `${p.instance_id}:${p.perturbation?.name ?? '-'}`)).toEqual([
      'id1:-', 'id1:typos', 'id2:-', 'id2:typos',
    ]);
  });
});

describe('several train trials', () => {
  const trials = { ...runSpec, adapter_spec: { ...adapterSpec, num_train_trials: 2 } };
  const cases: Case[] = [
    { id: 'id1', split: 'test', correct: 1, answer: ' B', logprob: 0, prompt: 'p', trial: 0 },
    { id: 'id2', split: 'test', correct: 0, answer: ' B', logprob: 0, prompt: 'p', trial: 0 },
    { id: 'id1', split: 'test', correct: 1, answer: ' B', logprob: 0, prompt: 'p', trial: 1 },
    { id: 'id2', split: 'test', correct: 0, answer: ' A', logprob: 0, prompt: 'p', trial: 1 },
  ];
  const state = { ...scenarioState(cases), adapter_spec: trials.adapter_spec };
  const { stats, perInstanceStats } = evaluateMetrics(trials, state, services);

  it('merges per-trial means: count = trials, spread across trials', () => {
    const em = stats.find((s) => s.name.name === 'exact_match' && s.name.perturbation === undefined);
    expect(pythonJsonDumps(em)).toBe(
      '{"name": {"name": "exact_match", "split": "test"}, "count": 2, "sum": 1.5, "sum_squared": 1.25, "min": 0.5, "max": 1.0, "mean": 0.75, "variance": 0.0625, "stddev": 0.25}',
    );
    const trialsStat = stats.find((s) => s.name.name === 'num_train_trials' && s.name.perturbation === undefined);
    expect(trialsStat?.sum).toEqual({ py_float: 4 });
    const numInstances = stats.find((s) => s.name.name === 'num_instances');
    expect(numInstances?.count).toBe(2);
    expect(numInstances?.sum).toEqual({ py_float: 4 });
  });

  it('lists per-instance entries trial by trial', () => {
    expect(perInstanceStats.map((p) => `${p.train_trial_index}:${p.instance_id}`)).toEqual(['0:id1', '0:id2', '1:id1', '1:id2']);
  });
});
