import { z } from 'zod';
import { PyNumber } from '../common/py-number';

/**
 * A value parsed from a run-spec description or a YAML/JSON arg: Python int/float/str, or a
 * nested structure (args of metric specs).
 */
export type ArgValue = PyNumber | string | boolean | null | ArgValue[] | { [key: string]: ArgValue };
export const ArgValue: z.ZodType<ArgValue> = z.lazy(() =>
  z.union([PyNumber, z.string(), z.boolean(), z.null(), z.array(ArgValue), z.record(z.string(), ArgValue)]),
);

/** HELM's `ObjectSpec` (ScenarioSpec, MetricSpec, AnnotatorSpec, PerturbationSpec, ClientSpec). */
export const ObjectSpec = z.object({
  class_name: z.string(),
  args: z.record(z.string(), ArgValue),
});
export type ObjectSpec = z.infer<typeof ObjectSpec>;

export const Substitution = z.object({ source: z.string(), target: z.string() });

/** HELM's `AdapterSpec`, in dataclass field order. */
export const AdapterSpec = z.object({
  method: z.string(),
  global_prefix: z.string(),
  global_suffix: z.string(),
  instructions: z.string(),
  input_prefix: z.string(),
  input_suffix: z.string(),
  reference_prefix: z.string(),
  reference_prefix_characters: z.array(z.string()).optional(),
  reference_suffix: z.string(),
  chain_of_thought_prefix: z.string(),
  chain_of_thought_suffix: z.string(),
  output_prefix: z.string(),
  output_suffix: z.string(),
  instance_prefix: z.string(),
  substitutions: z.array(Substitution),
  max_train_instances: PyNumber,
  max_eval_instances: PyNumber.optional(),
  num_outputs: PyNumber,
  num_train_trials: PyNumber,
  num_trials: PyNumber,
  sample_train: z.boolean(),
  model_deployment: z.string(),
  model: z.string(),
  temperature: PyNumber,
  max_tokens: PyNumber,
  stop_sequences: z.array(z.string()),
  random: z.string().optional(),
  multi_label: z.boolean(),
  image_generation_parameters: z.record(z.string(), z.unknown()).optional(),
  reeval_parameters: z.record(z.string(), z.unknown()).optional(),
  eval_splits: z.array(z.string()).optional(),
  output_mapping_pattern: z.string().optional(),
});
export type AdapterSpec = z.infer<typeof AdapterSpec>;

/** AdapterSpec's dataclass defaults. */
export function defaultAdapterSpec(overrides: Partial<AdapterSpec> = {}): AdapterSpec {
  return {
    method: '',
    global_prefix: '',
    global_suffix: '',
    instructions: '',
    input_prefix: 'Input: ',
    input_suffix: '\n',
    reference_prefix: 'A. ',
    reference_prefix_characters: undefined,
    reference_suffix: '\n',
    chain_of_thought_prefix: '',
    chain_of_thought_suffix: '\n',
    output_prefix: 'Output: ',
    output_suffix: '\n',
    instance_prefix: '\n',
    substitutions: [],
    max_train_instances: 5,
    max_eval_instances: undefined,
    num_outputs: 5,
    num_train_trials: 1,
    num_trials: 1,
    sample_train: true,
    model_deployment: '',
    model: '',
    temperature: 1,
    max_tokens: 100,
    stop_sequences: [],
    random: undefined,
    multi_label: false,
    image_generation_parameters: undefined,
    reeval_parameters: undefined,
    eval_splits: undefined,
    output_mapping_pattern: undefined,
    ...overrides,
  };
}

export const DataAugmenterSpec = z.object({
  perturbation_specs: z.array(ObjectSpec),
  should_augment_train_instances: z.boolean(),
  should_include_original_train: z.boolean(),
  should_skip_unchanged_train: z.boolean(),
  should_augment_eval_instances: z.boolean(),
  should_include_original_eval: z.boolean(),
  should_skip_unchanged_eval: z.boolean(),
  seeds_per_instance: z.number().int(),
});
export type DataAugmenterSpec = z.infer<typeof DataAugmenterSpec>;

export function defaultDataAugmenterSpec(): DataAugmenterSpec {
  return {
    perturbation_specs: [],
    should_augment_train_instances: false,
    should_include_original_train: false,
    should_skip_unchanged_train: false,
    should_augment_eval_instances: false,
    should_include_original_eval: false,
    should_skip_unchanged_eval: false,
    seeds_per_instance: 1,
  };
}

/** HELM's `RunSpec` (`run_spec.json`). `name` is also the run directory name. */
export const RunSpec = z.object({
  name: z.string(),
  scenario_spec: ObjectSpec,
  adapter_spec: AdapterSpec,
  metric_specs: z.array(ObjectSpec),
  data_augmenter_spec: DataAugmenterSpec,
  groups: z.array(z.string()),
  annotators: z.array(ObjectSpec).optional(),
});
export type RunSpec = z.infer<typeof RunSpec>;

/** One entry of a run-entries conf file (or a `--run-entries` description). */
export const RunEntry = z.object({
  description: z.string(),
  priority: z.number().int().nullish(),
  groups: z.array(z.string()).nullish(),
});
export type RunEntry = z.infer<typeof RunEntry>;

export const RunEntries = z.object({ entries: z.array(RunEntry) });
