import { PyNumber } from '../../../core/common/py-number';
import { RequestState, ScenarioState } from '../../../core/adaptation/schemas';
import { defaultRequest } from '../../../core/models/schemas';
import { RunSpec, defaultAdapterSpec, defaultDataAugmenterSpec } from '../../../core/run-specs/schemas';
import { Instance, PerturbationDescription } from '../../../core/scenarios/schemas';

/** A hand-built MMLU `multiple_choice_joint` run (simple/model1): 4 choices, letter answers. */
export const adapterSpec = defaultAdapterSpec({
  method: 'multiple_choice_joint',
  instructions: 'The following are multiple choice questions (with answers) about philosophy.\n',
  input_prefix: 'Question: ',
  output_prefix: 'Answer: ',
  max_eval_instances: 10,
  num_outputs: 5,
  model_deployment: 'simple/model1',
  model: 'simple/model1',
  temperature: { py_float: 0 },
  max_tokens: 1,
  stop_sequences: ['\n'],
});

export const runSpec: RunSpec = {
  name: 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1',
  scenario_spec: { class_name: 'helm.benchmark.scenarios.mmlu_scenario.MMLUScenario', args: { subject: 'philosophy' } },
  adapter_spec: adapterSpec,
  metric_specs: [
    {
      class_name: 'helm.benchmark.metrics.basic_metrics.BasicGenerationMetric',
      args: { names: ['exact_match', 'quasi_exact_match', 'prefix_exact_match', 'quasi_prefix_exact_match'] },
    },
    { class_name: 'helm.benchmark.metrics.basic_metrics.BasicReferenceMetric', args: {} },
    { class_name: 'helm.benchmark.metrics.basic_metrics.InstancesPerSplitMetric', args: {} },
  ],
  data_augmenter_spec: defaultDataAugmenterSpec(),
  groups: ['mmlu'],
};

const CHOICES = ['alpha', 'beta', 'gamma', 'delta'];
const LETTERS = ['A', 'B', 'C', 'D'];

export interface Case {
  id: string;
  split: string;
  correct: number; // index of the correct choice
  answer: string; // completion text (a letter, with a leading space)
  logprob: PyNumber;
  prompt: string;
  perturbation?: PerturbationDescription;
  trial?: number;
}

export function requestState(c: Case): RequestState {
  const instance: Instance = {
    input: { text: `Question ${c.id}?` },
    references: CHOICES.map((text, i) => ({ output: { text }, tags: i === c.correct ? ['correct'] : [] })),
    split: c.split,
    id: c.id,
    perturbation: c.perturbation,
  };
  return {
    instance,
    train_trial_index: c.trial ?? 0,
    output_mapping: Object.fromEntries(LETTERS.map((l, i) => [l, CHOICES[i]])),
    request: defaultRequest({
      model_deployment: 'simple/model1',
      model: 'simple/model1',
      prompt: c.prompt,
      temperature: { py_float: 0 },
      num_completions: 1,
      max_tokens: 1,
    }),
    result: {
      success: true,
      embedding: [],
      completions: [{ text: c.answer, logprob: c.logprob, tokens: [{ text: c.answer, logprob: c.logprob }] }],
      cached: false,
      request_time: 0.0125,
      request_datetime: 1700000000,
    },
    num_train_instances: 5,
    prompt_truncated: false,
    num_conditioning_tokens: 0,
  };
}

export function scenarioState(cases: Case[]): ScenarioState {
  return { adapter_spec: adapterSpec, request_states: cases.map(requestState) };
}

/** Whitespace word count: a stand-in for the simple tokenizer. */
export const services = { countTokens: (text: string): number => text.split(/\s+/).filter((t) => t !== '').length };

export const BASE_NAMES = [
  'num_references', 'num_train_trials', 'num_prompt_tokens', 'num_completion_tokens', 'num_output_tokens',
  'training_co2_cost', 'training_energy_cost', 'inference_runtime', 'batch_size', 'finish_reason_length',
  'finish_reason_stop', 'finish_reason_endoftext', 'finish_reason_unknown', 'num_train_instances',
  'prompt_truncated', 'max_prob', 'exact_match', 'exact_match@5', 'quasi_exact_match', 'quasi_exact_match@5',
  'prefix_exact_match', 'prefix_exact_match@5', 'quasi_prefix_exact_match', 'quasi_prefix_exact_match@5',
  'logprob', 'num_perplexity_tokens', 'num_bytes',
];
