import type { Field } from './schema-format';

/**
 * schema.json's `adapter` list: one entry per documented AdapterSpec field, in field order (HELM
 * derives it from the class docstrings; the descriptions here are ours).
 */
const ADAPTER_FIELD_DESCRIPTIONS: Array<[string, string]> = [
  ['method', 'How instances become prompts (generation, multiple_choice_joint, language_modeling, ...).'],
  ['global_prefix', 'Text placed before the whole prompt.'],
  ['global_suffix', 'Text placed after the whole prompt.'],
  ['instructions', 'Task description placed at the start of the prompt.'],
  ['input_prefix', "Text placed before each instance's input (e.g. 'Question: ')."],
  ['input_suffix', "Text placed after each instance's input (e.g. a newline)."],
  ['reference_prefix', 'Text placed before each answer choice of a multiple-choice question.'],
  ['reference_prefix_characters', 'Labels of the answer choices (e.g. A, B, C, D); default: letters from A.'],
  ['reference_suffix', 'Text placed after each answer choice of a multiple-choice question.'],
  ['chain_of_thought_prefix', 'Text placed before a chain of thought.'],
  ['chain_of_thought_suffix', 'Text placed after a chain of thought.'],
  ['output_prefix', "Text placed before the expected or predicted output (e.g. 'Answer: ')."],
  ['output_suffix', 'Text placed after the expected output.'],
  ['instance_prefix', 'Text placed before each in-context example and the evaluated instance.'],
  ['substitutions', 'Regular-expression substitutions applied to the finished prompt.'],
  ['max_train_instances', 'Most in-context (few-shot) examples per prompt.'],
  ['max_eval_instances', 'Most instances evaluated, over all evaluation splits.'],
  ['num_outputs', 'Completions requested per prompt.'],
  ['num_train_trials', 'Independent draws of the in-context examples; results are averaged over draws.'],
  ['num_trials', 'Repetitions of each request with different random seeds.'],
  ['sample_train', 'Draw in-context examples at random (true) or take consecutive ones (false).'],
  ['model_deployment', 'Deployment (<host organization>/<model>) that serves the requests.'],
  ['model', 'Model (<creator organization>/<model>) evaluated.'],
  ['temperature', 'Sampling temperature.'],
  ['max_tokens', 'Most tokens generated per completion.'],
  ['stop_sequences', 'Generation stops at the first of these strings.'],
  ['random', 'Seed string that makes requests reproducible.'],
  ['multi_label', 'Whether every correct reference together forms the gold answer.'],
  ['image_generation_parameters', 'Settings of text-to-image requests.'],
  ['reeval_parameters', 'Settings of reeval (adaptive) evaluation.'],
  ['eval_splits', 'Splits the evaluation instances come from.'],
  ['output_mapping_pattern', 'Regular expression applied to a completion before it is mapped to an answer choice.'],
];

export function adapterFields(): Field[] {
  return ADAPTER_FIELD_DESCRIPTIONS.map(([name, description]) => ({ name, description }));
}
