import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { ModelRegistry } from '../../../core/models/registry';
import { readRunEntriesFile } from '../../../core/run-specs/hocon';
import { RunEntriesOptions, runEntriesToRunSpecs, validateModels } from '../../../core/run-specs/run-entries';
import { RunEntry } from '../../../core/run-specs/schemas';

const registry = ModelRegistry.load(path.join(os.tmpdir(), 'helm-ts-no-such-prod-env'));
const run = (entries: RunEntry[], options: Partial<RunEntriesOptions> = {}) =>
  runEntriesToRunSpecs(entries, { maxEvalInstances: 10, ...options }, registry);
const entry = (description: string, extra: Partial<RunEntry> = {}): RunEntry => ({ description, priority: 1, ...extra });

describe('runEntriesToRunSpecs', () => {
  it('rewrites wildcard models with --models-to-run', () => {
    const specs = run([entry('mmlu:model=text,subject=anatomy,data_augmentation=canonical')], { modelsToRun: ['openai/gpt2'] });
    expect(specs.map((s) => s.name)).toEqual([
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2,data_augmentation=canonical',
    ]);
  });

  it('appends entry groups sorted and joined with -', () => {
    const specs = run([entry('mmlu:model=text,eval_split=test,subject=anatomy', { groups: ['mmlu_anatomy'] })], {
      modelsToRun: ['openai/gpt2'],
    });
    expect(specs[0].name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2,eval_split=test,groups=mmlu_anatomy');
    expect(specs[0].groups).toEqual(['mmlu', 'mmlu_anatomy']);
    const two = run([entry('mmlu:subject=anatomy,model=simple/model1', { groups: ['z_group', 'a_group'] })]);
    expect(two[0].name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1,groups=a_group-z_group');
    expect(two[0].groups).toEqual(['mmlu', 'z_group', 'a_group']);
    const none = run([entry('mmlu:subject=anatomy,model=simple/model1', { groups: [] })]);
    expect(none[0].name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1');
  });

  it('adds the model last when the entry has none, one copy per requested model', () => {
    const specs = run([entry('mmlu:subject=anatomy')], { modelsToRun: ['simple/model1', 'openai/gpt2'] });
    expect(specs.map((s) => s.name)).toEqual([
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1',
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2',
    ]);
  });

  it('does not check wildcard membership but keeps concrete models, then filters by model or deployment', () => {
    expect(run([entry('mmlu:subject=anatomy,model=vlm')], { modelsToRun: ['openai/gpt2'] })).toHaveLength(1);
    // A concrete model is kept as is and then dropped by the model filter.
    expect(run([entry('mmlu:subject=anatomy,model=simple/model1')], { modelsToRun: ['openai/gpt2'] })).toEqual([]);
    // A deployment name in --models-to-run matches the deployment.
    const byDeployment = run([entry('mmlu:subject=anatomy,model=openai/gpt2')], { modelsToRun: ['huggingface/gpt2'] });
    expect(byDeployment.map((s) => s.adapter_spec.model_deployment)).toEqual(['huggingface/gpt2']);
  });

  it('filters by priority (entries without one are kept)', () => {
    const entries = [entry('mmlu:subject=anatomy,model=simple/model1', { priority: 3 }), entry('mmlu:subject=virology,model=simple/model1', { priority: undefined })];
    expect(run(entries, { priority: 2 }).map((s) => s.scenario_spec.args.subject)).toEqual(['virology']);
    expect(run(entries, { priority: 3 })).toHaveLength(2);
    expect(run([entry('mmlu:subject=anatomy,model=simple/model1')], { priority: 0 })).toEqual([]);
  });

  it('filters by function-defined groups only', () => {
    const e = [entry('mmlu:subject=anatomy,model=simple/model1', { groups: ['extra'] })];
    expect(run(e, { groupsToRun: ['mmlu'] })).toHaveLength(1);
    expect(run(e, { groupsToRun: ['extra'] })).toEqual([]);
  });

  it('fills max_eval_instances only when unset', () => {
    expect(run([entry('mmlu:subject=anatomy,model=simple/model1')])[0].adapter_spec.max_eval_instances).toBe(10);
    expect(run([entry('mmlu:subject=anatomy,model=simple/model1,max_eval_instances=3')])[0].adapter_spec.max_eval_instances).toBe(3);
  });

  it('applies num_train_trials unless there are no train instances', () => {
    expect(run([entry('mmlu:subject=anatomy,model=simple/model1,num_train_trials=3')], { numTrainTrials: 2 })[0].adapter_spec.num_train_trials).toBe(2);
    expect(run([entry('mmlu:subject=anatomy,model=simple/model1,num_train_trials=3')])[0].adapter_spec.num_train_trials).toBe(3);
    const zeroShot = run([entry('mmlu:subject=anatomy,model=simple/model1,max_train_instances=0,num_train_trials=3')], { numTrainTrials: 2 });
    expect(zeroShot[0].adapter_spec.num_train_trials).toBe(1);
  });

  it('expands HELM confs with --models-to-run', () => {
    const entries = readRunEntriesFile(path.resolve(__dirname, '../../fixtures/helm-conf/run_entries_mmlu.conf'));
    const specs = run(entries, { modelsToRun: ['simple/model1'], priority: 2 });
    expect(specs.length).toBe(entries.filter((e) => (e.priority ?? 0) <= 2).length);
    expect(specs[0].name).toBe('mmlu:subject=abstract_algebra,method=multiple_choice_joint,model=simple_model1,eval_split=test,groups=mmlu_abstract_algebra');
    const tiny = readRunEntriesFile(path.resolve(__dirname, '../../fixtures/helm-conf/run_entries_tiny.conf'));
    expect(run(tiny, { modelsToRun: ['openai/gpt2'] }).map((s) => s.name)).toEqual([
      'mmlu:subject=philosophy,method=multiple_choice_joint,model=openai_gpt2',
    ]);
  });
});

describe('model validation (helm-run 1.3)', () => {
  const errors: Array<[RunEntry[], string[] | undefined, string]> = [
    [[entry('mmlu:subject=anatomy')], ['openai/gpt3'], "Unknown model 'openai/gpt3' passed to --models-to-run. Did you mean: openai/gpt2"],
    [[entry('mmlu:subject=anatomy,model=text')], undefined, '--models-to-run must be set (because the `model=` run expander expands to multiple models)'],
    [[entry('mmlu:subject=anatomy,model=text-foo')], undefined, '--models-to-run must be set (because the `model=` run expander expands to multiple models)'],
    [[entry('mmlu:subject=anatomy')], undefined, '--models-to-run must be set (because the `model=` run expander is omitted)'],
    [[entry('mmlu:subject=anatomy,model_deployment=simple/model1')], undefined, '--models-to-run must be set (because the `model=` run expander is omitted)'],
  ];
  for (const [entries, models, message] of errors) {
    it(message, () => {
      expect(() => validateModels(entries, models, registry)).toThrow(HelmInputError);
      expect(() => run(entries, { modelsToRun: models })).toThrow(message);
    });
  }

  it('accepts models, deployments and generated deployments', () => {
    expect(() => validateModels([entry('x')], ['openai/gpt2', 'huggingface/gpt2', 'huggingface/a/b'], registry)).not.toThrow();
    // One entry with model= lets the others through (they default to model=all), and vlm is not a checked wildcard.
    expect(() => validateModels([entry('a:model=vlm'), entry('b')], undefined, registry)).not.toThrow();
  });

  it('validates before filtering by priority', () => {
    expect(() => run([entry('mmlu:subject=anatomy,model=all', { priority: 5 })], { priority: 1 })).toThrow(/--models-to-run must be set/);
  });

  it('aborts on construction errors', () => {
    expect(() => run([entry('mmlu:subject=nothing,model=simple/model1')])).toThrow(/unknown subject 'nothing'/);
  });
});
