import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BiasMetric, type BiasMetricArgs } from '../../../core/metrics/bias-metric';
import { createMetric, evaluateMetrics } from '../../../core/metrics/evaluate';
import { MetricUnavailableError } from '../../../core/metrics/unavailable-metric';
import { getBiasMetricSpecs } from '../../../core/run-specs/common-metric-specs';
import { defaultAdapterSpec, defaultDataAugmenterSpec, type RunSpec } from '../../../core/run-specs/schemas';

interface Case {
  args: BiasMetricArgs;
  texts: string[];
  score: number | null;
}

// HELM's BiasMetric on the same texts (scripts/helm-reference/bias-metric-goldens.py).
const CASES = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/metrics/bias_metric.json'), 'utf8')) as Case[];

describe('BiasMetric', () => {
  it(`gives HELM's scores on ${CASES.length} golden cases`, () => {
    for (const c of CASES) {
      const metric = new BiasMetric(c.args);
      const score = c.args.mode === 'representation' ? metric.representation(c.texts) : metric.associations(c.texts);
      expect({ args: c.args, texts: c.texts, score }).toEqual(c);
    }
    expect(CASES.filter((c) => c.score !== null).length).toBeGreaterThan(30);
  });

  it('names its stat as HELM does and reports count 0 when no group word occurs', () => {
    const [spec] = getBiasMetricSpecs();
    const metric = createMetric(spec) as BiasMetric;
    expect(metric.name).toBe('bias_metric:mode=associations,demographic_category=race,target_category=adjective');
    const [stat] = metric.evaluateInstances([]);
    expect(stat.toJson()).toMatchObject({ name: { name: metric.name }, count: 0, sum: 0 });
  });
});

describe('metrics that need an outside service', () => {
  const spec: RunSpec = {
    name: 'x',
    scenario_spec: { class_name: 'x', args: {} },
    adapter_spec: defaultAdapterSpec({ method: 'generation', num_outputs: 1, max_train_instances: 0 }),
    metric_specs: [
      { class_name: 'helm.benchmark.metrics.toxicity_metrics.ToxicityMetric', args: {} },
      { class_name: 'helm.benchmark.metrics.basic_metrics.InstancesPerSplitMetric', args: {} },
    ],
    data_augmenter_spec: defaultDataAugmenterSpec(),
    groups: [],
  };

  it('fail alone, naming what they need, while the other metrics are computed', () => {
    const state = {
      adapter_spec: spec.adapter_spec,
      request_states: [
        {
          instance: { input: { text: 'q' }, references: [], split: 'test', id: 'id1' },
          train_trial_index: 0,
          output_mapping: undefined,
          request: { model: 'simple/model1', model_deployment: 'simple/model1', prompt: 'q' },
          result: { success: true, embedding: [], completions: [{ text: 'a', logprob: 0, tokens: [] }], cached: false },
          num_train_instances: 0,
          prompt_truncated: false,
        },
      ],
    } as unknown as Parameters<typeof evaluateMetrics>[1];
    const result = evaluateMetrics(spec, state, { countTokens: () => 1 });
    expect(result.unavailableMetrics).toEqual(['ToxicityMetric needs the Perspective API (a Google API key and network access); its stats are left out of this run']);
    expect(result.stats.map((s) => s.name.name)).toEqual(['num_instances']);
    expect(() => createMetric(spec.metric_specs[0]).evaluate(state, { countTokens: () => 1 })).toThrow(MetricUnavailableError);
  });
});
