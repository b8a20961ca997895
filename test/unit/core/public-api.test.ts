import { describe, expect, it } from 'vitest';
import {
  HelmInputError,
  Registry,
  Stat,
  adapterRegistry,
  callRunSpecFunction,
  clientRegistry,
  createMetric,
  defaultAdapterSpec,
  getScenario,
  metricRegistry,
  perturbationRegistry,
  createPerturbations,
  describePerturbation,
  registerPerturbation,
  textPerturbation,
  registerMetric,
  registerRunSpecFunction,
  registerScenario,
  runSpecFunctionRegistry,
  scenarioRegistry,
  tokenizerRegistry,
  type MetricInterface,
} from '../../../core';

describe('core/index: the public API', () => {
  it('built-ins are in the same registries a plugin uses, registered by helm-ts', () => {
    expect(scenarioRegistry.sourceOf('helm.benchmark.scenarios.mmlu_scenario.MMLUScenario')).toBe('helm-ts');
    expect(runSpecFunctionRegistry.names()).toEqual(expect.arrayContaining(['mmlu', 'gsm', 'lsat_qa', 'boolq']));
    expect(adapterRegistry.names()).toEqual(expect.arrayContaining(['generation', 'multiple_choice_joint', 'language_modeling']));
    expect(metricRegistry.has('helm.benchmark.metrics.basic_metrics.BasicGenerationMetric')).toBe(true);
    expect(clientRegistry.has('helm.clients.simple_client.SimpleClient')).toBe(true);
    expect(tokenizerRegistry.has('helm.tokenizers.simple_tokenizer.SimpleTokenizer')).toBe(true);
    expect(perturbationRegistry).toBeInstanceOf(Registry);
    expect(perturbationRegistry.sourceOf('helm.benchmark.augmentations.lowercase_perturbation.LowerCasePerturbation')).toBe('helm-ts');
  });

  it('a scenario, its run spec function and a metric registered through the API are found like built-ins', async () => {
    registerScenario(
      {
        className: 'example.EchoScenario',
        name: 'echo',
        description: 'Echoes',
        tags: ['test'],
        definitionPath: 'example/echo.ts',
        getInstances: async () => [{ input: { text: 'hi' }, references: [{ output: { text: 'hi' }, tags: ['correct'] }], split: 'test' }],
      },
      'example-plugin',
    );
    const scenario = getScenario('example.EchoScenario');
    expect(scenario.definitionPath).toBe('example/echo.ts');
    await expect(scenario.ensureData('/nowhere', {})).resolves.toBeUndefined();
    expect(await scenario.getInstances({}, '/nowhere')).toHaveLength(1);

    registerRunSpecFunction(
      {
        name: 'echo',
        params: [],
        build: () => ({
          name: 'echo',
          scenario_spec: { class_name: 'example.EchoScenario', args: {} },
          adapter_spec: defaultAdapterSpec({ method: 'generation' }),
          metric_specs: [{ class_name: 'example.LengthMetric', args: {} }],
          data_augmenter_spec: { perturbation_specs: [], should_augment_train_instances: false, should_include_original_train: false, should_skip_unchanged_train: false, should_augment_eval_instances: false, should_include_original_eval: false, should_skip_unchanged_eval: false, seeds_per_instance: 1 },
          groups: ['echo'],
        }),
      },
      'example-plugin',
    );
    expect(callRunSpecFunction(runSpecFunctionRegistry.require('echo'), []).scenario_spec.class_name).toBe('example.EchoScenario');

    const metric: MetricInterface = { evaluate: () => ({ aggregatedStats: [new Stat({ name: 'length' })], perInstanceStats: [] }) };
    registerMetric('example.LengthMetric', () => metric, 'example-plugin');
    expect(createMetric({ class_name: 'example.LengthMetric', args: {} })).toBe(metric);
  });

  it('a name registers once: a second registration names both sources', () => {
    expect(() =>
      registerScenario({ className: 'helm.benchmark.scenarios.mmlu_scenario.MMLUScenario', name: 'mmlu', description: '', tags: [], getInstances: async () => [] }, 'my-plugin'),
    ).toThrow(/scenario class "helm\.benchmark\.scenarios\.mmlu_scenario\.MMLUScenario" is already registered \(by helm-ts\); my-plugin cannot register it again/);
    expect(() => registerMetric('helm.benchmark.metrics.basic_metrics.BasicReferenceMetric', () => ({}) as MetricInterface)).toThrow(HelmInputError);
  });

  it('an unknown name is a HelmInputError with close names', () => {
    expect(() => runSpecFunctionRegistry.require('mmlux')).toThrow(/Unknown run spec function "mmlux"\. Did you mean: mmlu/);
  });

  it('a perturbation class registered through the API is built by createPerturbations like the built-ins', async () => {
    registerPerturbation(
      'example.ReversePerturbation',
      () =>
        textPerturbation({
          name: 'reverse',
          description: describePerturbation('reverse', { robustness: true }),
          perturb: (text) => [...text].reverse().join(''),
        }),
      'example-plugin',
    );
    const [reverse] = await createPerturbations([{ class_name: 'example.ReversePerturbation', args: {} }], { outputPath: '/nonexistent' });
    const perturbed = reverse.apply({ input: { text: 'abc' }, references: [], split: 'test', id: 'id0' }, 2);
    expect(perturbed.input.text).toBe('cba');
    expect(perturbed.perturbation).toMatchObject({ name: 'reverse', robustness: true, seed: 2 });
    expect(perturbationRegistry.sourceOf('example.ReversePerturbation')).toBe('example-plugin');
  });
});
