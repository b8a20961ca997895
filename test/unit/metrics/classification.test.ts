import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFloat, toNumber } from '../../../core/common/py-number';
import { RequestState } from '../../../core/adaptation/schemas';
import { defaultRequest } from '../../../core/models/schemas';
import {
  ClassificationMetric,
  ClassificationMetricArgs,
  MultipleChoiceClassificationMetric,
} from '../../../core/metrics/classification-metrics';
import { pySortedStrings } from '../../../core/metrics/sklearn-f1';
import { adapterSpec } from './mmlu-fixture';

/** test/fixtures/metrics/classification.json, written by generate_classification.py (HELM + scikit-learn). */
interface GoldenCase {
  metric: 'ClassificationMetric' | 'MultipleChoiceClassificationMetric';
  args: ClassificationMetricArgs;
  output_mapping?: Record<string, string>;
  instances: { golds: string[]; completions: [string, number][] }[];
  stats: { name: string; count: number; sum: number }[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/metrics/classification.json'), 'utf8')) as {
  cases: GoldenCase[];
};

function requestStates(c: GoldenCase, split = 'test'): RequestState[] {
  return c.instances.map((inst, i) => {
    const others = c.output_mapping === undefined ? [] : Object.values(c.output_mapping).filter((o) => !inst.golds.includes(o));
    return {
      instance: {
        input: { text: `q${i}` },
        references: [
          ...inst.golds.map((text) => ({ output: { text }, tags: ['correct'] })),
          ...others.map((text) => ({ output: { text }, tags: [] })),
        ],
        split,
        id: `id${i}`,
      },
      train_trial_index: 0,
      output_mapping: c.output_mapping,
      request: defaultRequest({ model: 'm', model_deployment: 'm' }),
      result: {
        success: true,
        embedding: [],
        completions: inst.completions.map(([text, logprob]) => ({ text, logprob, tokens: [] })),
        cached: false,
      },
      num_train_instances: 0,
      prompt_truncated: false,
      num_conditioning_tokens: 0,
    };
  });
}

function metricOf(c: GoldenCase): ClassificationMetric | MultipleChoiceClassificationMetric {
  return c.metric === 'ClassificationMetric' ? new ClassificationMetric(c.args) : new MultipleChoiceClassificationMetric();
}

describe('classification metrics equal HELM + scikit-learn bit for bit', () => {
  it('has golden cases for both metrics', () => {
    expect(fixture.cases.filter((c) => c.metric === 'ClassificationMetric').length).toBeGreaterThan(20);
    expect(fixture.cases.filter((c) => c.metric === 'MultipleChoiceClassificationMetric').length).toBeGreaterThan(2);
  });
  fixture.cases.forEach((c, i) => {
    it(`case ${i}: ${c.metric} ${JSON.stringify(c.args)} on ${c.instances.length} instances`, () => {
      const stats = metricOf(c).evaluateInstances(requestStates(c));
      const got = stats.map((s) => ({ name: s.name.name, count: s.count, sum: toNumber(s.sum) }));
      expect(got).toEqual(c.stats);
      for (const s of stats) expect(isFloat(s.sum) || Number.isNaN(toNumber(s.sum))).toBe(true);
    });
  });
  it('evaluate: one call per context, mean per trial, no per-instance stats', () => {
    const c = fixture.cases[fixture.cases.length - 1];
    const states = [...requestStates(c, 'test'), ...requestStates(c, 'valid').map((s) => ({ ...s, instance: { ...s.instance, id: `v${s.instance.id ?? ''}` } }))];
    const result = new MultipleChoiceClassificationMetric().evaluate({ adapter_spec: adapterSpec, request_states: states });
    expect(result.perInstanceStats).toEqual([]);
    expect(result.aggregatedStats.map((s) => [s.name.name, s.name.split, s.count, toNumber(s.sum)])).toEqual([
      ['classification_macro_f1', 'test', 1, c.stats[0].sum],
      ['classification_micro_f1', 'test', 1, c.stats[1].sum],
      ['classification_macro_f1', 'valid', 1, c.stats[0].sum],
      ['classification_micro_f1', 'valid', 1, c.stats[1].sum],
    ]);
  });
  it('sorts labels like Python (code points, not UTF-16 units)', () => {
    expect(pySortedStrings(['\u{1F600}', '\uFF5E', 'b', 'B'])).toEqual(['B', 'b', '\uFF5E', '\u{1F600}']);
  });
  it('rejects what HELM rejects', () => {
    expect(() => new ClassificationMetric({ averages: ['samples' as 'micro'] })).toThrow(/averages/);
    const c = fixture.cases[0];
    const [state] = requestStates(c);
    expect(() => new ClassificationMetric().evaluateInstances([{ ...state, reference_index: 0 }])).toThrow(/separate/);
  });
});
