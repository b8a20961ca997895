import { pyFloat, PyNumber } from '../common/py-number';
import { AdapterSpec, defaultAdapterSpec } from './schemas';

/** Adapter method names (HELM's ADAPT_* constants). */
export const ADAPT_GENERATION = 'generation';
export const ADAPT_LANGUAGE_MODELING = 'language_modeling';
export const ADAPT_MULTIPLE_CHOICE_JOINT = 'multiple_choice_joint';
export const ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT = 'multiple_choice_joint_chain_of_thought';
export const ADAPT_MULTIPLE_CHOICE_SEPARATE_ORIGINAL = 'multiple_choice_separate_original';
export const ADAPT_MULTIPLE_CHOICE_SEPARATE_CALIBRATED = 'multiple_choice_separate_calibrated';

export const MULTIPLE_CHOICE_METHODS: readonly string[] = [
  ADAPT_MULTIPLE_CHOICE_JOINT,
  ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT,
  ADAPT_MULTIPLE_CHOICE_SEPARATE_ORIGINAL,
  ADAPT_MULTIPLE_CHOICE_SEPARATE_CALIBRATED,
];

/** Non-empty instructions get a trailing newline. */
export function formatInstructions(instructions: string): string {
  return instructions.length > 0 ? `${instructions}\n` : instructions;
}

/** HELM's `**kwargs` of the joint helpers: prefixes/suffixes override the noun-derived ones. */
export type AdapterSpecExtras = Partial<Omit<AdapterSpec, 'method' | 'instructions'>>;

export interface MultipleChoiceJointOptions {
  instructions: string;
  inputNoun: string | null;
  outputNoun: string;
  numOutputs?: PyNumber;
  maxTrainInstances?: PyNumber;
  maxTokens?: PyNumber;
  sampleTrain?: boolean;
  extras?: AdapterSpecExtras;
}

function multipleChoiceJoint(method: string, o: MultipleChoiceJointOptions): AdapterSpec {
  const { input_prefix, input_suffix, output_prefix, output_suffix, ...rest } = o.extras ?? {};
  return defaultAdapterSpec({
    method,
    instructions: formatInstructions(o.instructions),
    input_prefix: input_prefix ?? (o.inputNoun !== null ? `${o.inputNoun}: ` : ''),
    input_suffix: input_suffix ?? (o.inputNoun !== null ? '\n' : ''),
    output_prefix: output_prefix ?? `${o.outputNoun}: `,
    output_suffix: output_suffix ?? '\n',
    max_train_instances: o.maxTrainInstances ?? 5,
    num_outputs: o.numOutputs ?? 5,
    max_tokens: o.maxTokens ?? 5,
    temperature: pyFloat(0),
    stop_sequences: ['\n'],
    sample_train: o.sampleTrain ?? true,
    ...rest,
  });
}

export function getMultipleChoiceJointAdapterSpec(o: MultipleChoiceJointOptions): AdapterSpec {
  return multipleChoiceJoint(ADAPT_MULTIPLE_CHOICE_JOINT, o);
}

export function getMultipleChoiceJointChainOfThoughtAdapterSpec(o: MultipleChoiceJointOptions): AdapterSpec {
  return multipleChoiceJoint(ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT, o);
}

/** Separate methods score each choice like language modelling, so no in-context examples. */
export function getMultipleChoiceSeparateAdapterSpec(method: string, emptyInput = false): AdapterSpec {
  if (method !== ADAPT_MULTIPLE_CHOICE_SEPARATE_ORIGINAL && method !== ADAPT_MULTIPLE_CHOICE_SEPARATE_CALIBRATED) {
    throw new Error(`getMultipleChoiceSeparateAdapterSpec: not a separate method: ${method}`);
  }
  return defaultAdapterSpec({
    method,
    instructions: '',
    input_prefix: '',
    input_suffix: '',
    output_prefix: emptyInput ? '' : ' ',
    output_suffix: '',
    max_train_instances: 0,
    num_outputs: 1,
    max_tokens: 0,
    temperature: pyFloat(0),
  });
}

export interface MultipleChoiceOptions extends MultipleChoiceJointOptions {
  method: string;
  emptyInput?: boolean;
}

/** Dispatches on the method; note the default max_tokens is 1 here (5 in the joint helpers). */
export function getMultipleChoiceAdapterSpec(o: MultipleChoiceOptions): AdapterSpec {
  const joint: MultipleChoiceJointOptions = {
    ...o,
    maxTrainInstances: o.maxTrainInstances ?? 5,
    numOutputs: o.numOutputs ?? 5,
    maxTokens: o.maxTokens ?? 1,
    sampleTrain: o.sampleTrain ?? true,
  };
  switch (o.method) {
    case ADAPT_MULTIPLE_CHOICE_JOINT:
      return getMultipleChoiceJointAdapterSpec(joint);
    case ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT:
      return getMultipleChoiceJointChainOfThoughtAdapterSpec(joint);
    case ADAPT_MULTIPLE_CHOICE_SEPARATE_ORIGINAL:
    case ADAPT_MULTIPLE_CHOICE_SEPARATE_CALIBRATED:
      return getMultipleChoiceSeparateAdapterSpec(o.method, o.emptyInput ?? false);
    default:
      throw new Error(`Invalid adaptation method: ${o.method}`);
  }
}

export interface GenerationOptions {
  instructions?: string;
  inputNoun?: string | null;
  newlineAfterInputNoun?: boolean;
  outputNoun?: string | null;
  newlineAfterOutputNoun?: boolean;
  maxTrainInstances?: PyNumber;
  numOutputs?: PyNumber;
  maxTokens?: PyNumber;
  /** undefined means HELM's default `["\n"]`. */
  stopSequences?: string[];
  temperature?: PyNumber;
  multiLabel?: boolean;
  sampleTrain?: boolean;
}

function nounPrefix(noun: string | null | undefined, newlineAfter: boolean): string {
  if (noun === null || noun === undefined) return '';
  const prefix = `${noun}:`;
  return prefix + (newlineAfter ? '\n' : ' ');
}

export function getGenerationAdapterSpec(o: GenerationOptions = {}): AdapterSpec {
  return defaultAdapterSpec({
    method: ADAPT_GENERATION,
    instructions: formatInstructions(o.instructions ?? ''),
    input_prefix: nounPrefix(o.inputNoun, o.newlineAfterInputNoun ?? false),
    input_suffix: '\n',
    output_prefix: nounPrefix(o.outputNoun, o.newlineAfterOutputNoun ?? false),
    output_suffix: '\n',
    max_train_instances: o.maxTrainInstances ?? 5,
    num_outputs: o.numOutputs ?? 1,
    max_tokens: o.maxTokens ?? 5,
    temperature: o.temperature ?? pyFloat(0),
    stop_sequences: o.stopSequences ?? ['\n'],
    multi_label: o.multiLabel ?? false,
    sample_train: o.sampleTrain ?? true,
  });
}

export interface CompletionOptions {
  instructions?: string;
  inputPrefix?: string;
  outputPrefix?: string;
  outputSuffix?: string;
  maxTrainInstances?: PyNumber;
  temperature?: PyNumber;
  numOutputs?: PyNumber;
  maxTokens?: PyNumber;
  stopSequences?: string[];
  extras?: AdapterSpecExtras;
}

export function getCompletionAdapterSpec(o: CompletionOptions = {}): AdapterSpec {
  return defaultAdapterSpec({
    method: ADAPT_GENERATION,
    instructions: formatInstructions(o.instructions ?? ''),
    input_prefix: o.inputPrefix ?? '',
    input_suffix: '',
    output_prefix: o.outputPrefix ?? '',
    output_suffix: o.outputSuffix ?? '',
    max_train_instances: o.maxTrainInstances ?? 0,
    temperature: o.temperature ?? pyFloat(0),
    num_outputs: o.numOutputs ?? 1,
    max_tokens: o.maxTokens ?? 100,
    stop_sequences: o.stopSequences ?? [],
    ...(o.extras ?? {}),
  });
}

/** Translation prompts: `<source>: <sentence>` then `<target>: `, a blank line ends the output. */
export function getMachineTranslationAdapterSpec(sourceLanguage: string, targetLanguage: string, maxTrainInstances: PyNumber): AdapterSpec {
  return defaultAdapterSpec({
    method: ADAPT_GENERATION,
    // Unlike the other helpers, no trailing newline is added to these instructions.
    instructions: `Translate the following sentences from ${sourceLanguage} to ${targetLanguage}.`,
    input_prefix: `${sourceLanguage}: `,
    input_suffix: '\n',
    output_prefix: `${targetLanguage}: `,
    output_suffix: '\n',
    max_train_instances: maxTrainInstances,
    num_outputs: 1,
    stop_sequences: ['\n\n'],
    temperature: pyFloat(0),
  });
}

export const ADAPT_RANKING_BINARY = 'ranking_binary';

export interface RankingBinaryOptions {
  instructions?: string;
  documentNoun?: string;
  queryNoun?: string;
  outputPrefix?: string;
  outputNoun?: string;
  /** Must be even: half the examples are relevant, half are not (HELM stores the half). */
  maxTrainInstances?: number;
  numOutputs?: PyNumber;
  numTrainTrials?: PyNumber;
  temperature?: PyNumber;
  maxTokens?: PyNumber;
  extras?: AdapterSpecExtras;
}

export function getRankingBinaryAdapterSpec(o: RankingBinaryOptions = {}): AdapterSpec {
  const maxTrain = o.maxTrainInstances ?? 4;
  if (maxTrain % 2 !== 0) {
    throw new Error(`ranking_binary needs an even number of in-context examples (as many relevant as not), got ${maxTrain}`);
  }
  return defaultAdapterSpec({
    method: ADAPT_RANKING_BINARY,
    instructions: formatInstructions(o.instructions ?? ''),
    input_prefix: `${o.queryNoun ?? 'Query'}: `,
    input_suffix: '\n',
    reference_prefix: `${o.documentNoun ?? 'Passage'}: `,
    reference_suffix: '\n',
    output_prefix: `${o.outputPrefix ?? 'Does the passage answer the query?'}\n${o.outputNoun ?? 'Answer'}: `,
    max_train_instances: Math.trunc(maxTrain / 2),
    num_outputs: o.numOutputs ?? 1,
    num_train_trials: o.numTrainTrials ?? 1,
    temperature: o.temperature ?? pyFloat(0),
    max_tokens: o.maxTokens ?? 5,
    ...(o.extras ?? {}),
  });
}

/** `numSents` null: no sentence count in the output prefix. */
export function getSummarizationAdapterSpec(numSents: number | null, extras: AdapterSpecExtras = {}): AdapterSpec {
  const outputPrefix =
    numSents === 1
      ? 'Summarize the above article in 1 sentence.\n'
      : numSents === null
        ? 'Summarize the above article.\n'
        : `Summarize the above article in ${numSents} sentences.\n`;
  return defaultAdapterSpec({
    method: ADAPT_GENERATION,
    instructions: '',
    input_prefix: '###\nArticle: ',
    input_suffix: '\n\n',
    output_prefix: outputPrefix,
    output_suffix: '\n',
    max_train_instances: 5,
    num_outputs: 1,
    stop_sequences: ['###'],
    ...extras,
  });
}

/** Zero-shot instruction following (HELM Instruct). */
export function getInstructAdapterSpec(numOutputs: PyNumber = 1, maxTokens: PyNumber = 512, temperature: PyNumber = pyFloat(0.7)): AdapterSpec {
  return defaultAdapterSpec({
    method: ADAPT_GENERATION,
    instructions: '',
    input_prefix: '',
    input_suffix: '\n',
    output_prefix: '',
    output_suffix: '',
    max_train_instances: 0,
    num_outputs: numOutputs,
    max_tokens: maxTokens,
    temperature,
    stop_sequences: [],
  });
}

export function getLanguageModelingAdapterSpec(): AdapterSpec {
  return defaultAdapterSpec({
    method: ADAPT_LANGUAGE_MODELING,
    instructions: '',
    input_prefix: '',
    input_suffix: '',
    output_prefix: '',
    output_suffix: '',
    max_train_instances: 0,
    num_outputs: 1,
    max_tokens: 0,
    temperature: pyFloat(0),
  });
}
