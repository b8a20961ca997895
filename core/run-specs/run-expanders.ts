import { HelmInputError, didYouMean } from '../common/errors';
import { PyNumber, isFloat, isPyFloatBox, pyFloat, toNumber } from '../common/py-number';
import {
  ABLATION_MODEL_TAG,
  AUDIO_LANGUAGE_MODEL_TAG,
  CODE_MODEL_TAG,
  DEPRECATED_MODEL_TAG,
  FULL_FUNCTIONALITY_TEXT_MODEL_TAG,
  INSTRUCTION_FOLLOWING_MODEL_TAG,
  LIMITED_FUNCTIONALITY_TEXT_MODEL_TAG,
  ModelRegistry,
  TEXT_MODEL_TAG,
  TEXT_TO_IMAGE_MODEL_TAG,
  UNSUPPORTED_MODEL_TAG,
  VISION_LANGUAGE_MODEL_TAG,
  deploymentModelName,
} from '../models/registry';
import {
  ADAPT_GENERATION,
  ADAPT_MULTIPLE_CHOICE_JOINT,
  ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT,
} from './common-adapter-specs';
import { DATA_AUGMENTATION_PRESETS, augmenterSpecFor, dataAugmentationOptions } from './data-augmentation';
import { argValueStr } from './description';
import { colonAwareSeparator, replaceRunSpec } from './run-spec';
import { AdapterSpec, ArgValue, RunSpec } from './schemas';

/** HELM's RunExpander: one run spec in, zero or more out. */
export interface RunExpander {
  readonly name: string;
  expand(spec: RunSpec): RunSpec[];
}

type ExpanderFactory = (value: ArgValue, registry: ModelRegistry) => RunExpander;

function withAdapter(spec: RunSpec, changes: Partial<AdapterSpec>, name: string = spec.name): RunSpec {
  return replaceRunSpec(spec, { name, adapter_spec: { ...spec.adapter_spec, ...changes } });
}

/** `str(value).replace("/", "_")`, HELM's name sanitiser. */
function sanitize(value: ArgValue): string {
  return argValueStr(value).replace(/\//g, '_');
}

function unknownValue(key: string, value: ArgValue, accepted: readonly string[]): HelmInputError {
  const text = argValueStr(value);
  return new HelmInputError(
    `Unknown value for run expander '${key}': '${text}'; accepted: ${accepted.join(', ')}.` + didYouMean(text, accepted),
  );
}

function pyAdd(a: PyNumber, b: PyNumber): PyNumber {
  const sum = toNumber(a) + toNumber(b);
  return isFloat(a) || isFloat(b) ? pyFloat(sum) : sum;
}

function requireNumber(key: string, value: ArgValue, what: string): PyNumber {
  if (typeof value === 'number' || isPyFloatBox(value)) return value;
  throw new HelmInputError(`Run expander '${key}' expects ${what}, got '${argValueStr(value)}'`);
}

// ---- Replace-value expanders (one spec per value, colon-aware name suffix) ----

type AdapterField = 'max_train_instances' | 'max_eval_instances' | 'num_outputs' | 'num_train_trials' | 'num_trials';

function replaceValueExpander(
  key: AdapterField | 'model_deployment',
  presets: Record<string, PyNumber[]>,
): ExpanderFactory {
  return (value) => {
    const preset = typeof value === 'string' ? presets[value] : undefined;
    let values: ArgValue[];
    if (preset !== undefined && Object.prototype.hasOwnProperty.call(presets, value as string)) values = preset;
    else if (key === 'model_deployment') {
      if (typeof value !== 'string') throw new HelmInputError(`Run expander 'model_deployment' expects a deployment name, got '${argValueStr(value)}'`);
      values = [value];
    } else if (typeof value === 'number' || isPyFloatBox(value)) values = [value];
    else {
      const names = Object.keys(presets);
      throw new HelmInputError(
        `Run expander '${key}' expects an integer or one of the presets ${names.length ? names.join(', ') : '(none)'}, ` +
          `got '${argValueStr(value)}'.` + didYouMean(argValueStr(value), names),
      );
    }
    return {
      name: key,
      expand: (spec) =>
        values.map((v) =>
          withAdapter(spec, { [key]: v } as Partial<AdapterSpec>, `${spec.name}${colonAwareSeparator(spec.name)}${key}=${sanitize(v)}`),
        ),
    };
  };
}

const MAX_TRAIN_INSTANCES_PRESETS: Record<string, PyNumber[]> = {
  zero: [0],
  one: [1],
  all: [0, 1, 2, 4, 8, 16],
  big_bench_few_shot_setting: [0, 1, 2, 3],
  vhelm: [0, 1, 2, 4, 8],
  melt: [0, 1, 5],
};
const MAX_EVAL_INSTANCES_PRESETS: Record<string, PyNumber[]> = {
  default: [1000],
  heim_default: [100],
  heim_fid: [30000],
  heim_art_styles: [17],
};
const NUM_OUTPUTS_PRESETS: Record<string, PyNumber[]> = { default: [1], copyright_sweep: [1, 10] };
// Keys are strings in HELM; numeric descriptions never match them and fall through as literals.
const NUM_TRAIN_TRIALS_PRESETS: Record<string, PyNumber[]> = { '1': [1], '2': [2], '3': [3], '4': [4], '5': [5] };
const NUM_TRIALS_PRESETS: Record<string, PyNumber[]> = { heim_efficiency: [5] };

// ---- The model expander and its wildcard groups ----

/** HELM's fixed model lists in the model expander's group table. */
const FIXED_MODEL_GROUPS: Record<string, string[]> = {
  'ai21/j1-jumbo': ['ai21/j1-jumbo'],
  'openai/curie': ['openai/curie'],
  summarization_zs: ['openai/davinci', 'openai/curie', 'openai/text-davinci-002', 'openai/text-curie-001'],
  biomedical: ['openai/text-davinci-003'],
  interactive_qa: ['openai/text-davinci-001', 'openai/davinci', 'ai21/j1-jumbo', 'openai/text-babbage-001'],
  opinions_qa_openai: [
    'openai/ada',
    'openai/davinci',
    'openai/text-ada-001',
    'openai/text-davinci-001',
    'openai/text-davinci-002',
    'openai/text-davinci-003',
  ],
  opinions_qa_ai21: ['ai21/j1-grande', 'ai21/j1-jumbo', 'ai21/j1-grande-v2-beta'],
};

/**
 * The model expander's groups computed from the registry, deprecated/unsupported models removed.
 * `ablation_<group>` keeps the group's order (HELM's set intersection has no defined order).
 */
export function modelGroups(registry: ModelRegistry): Map<string, string[]> {
  const withTag = (tag: string) => registry.modelNamesWithTag(tag);
  const groups = new Map<string, string[]>([
    ['full_functionality_text', withTag(FULL_FUNCTIONALITY_TEXT_MODEL_TAG)],
    ['ai21/j1-jumbo', FIXED_MODEL_GROUPS['ai21/j1-jumbo']],
    ['openai/curie', FIXED_MODEL_GROUPS['openai/curie']],
    ['all', registry.allModelNames()],
    ['text_code', [...withTag(TEXT_MODEL_TAG), ...withTag(CODE_MODEL_TAG)]],
    ['text', withTag(TEXT_MODEL_TAG)],
    ['code', withTag(CODE_MODEL_TAG)],
    ['instruction_following', withTag(INSTRUCTION_FOLLOWING_MODEL_TAG)],
    ['limited_functionality_text', withTag(LIMITED_FUNCTIONALITY_TEXT_MODEL_TAG)],
    ['summarization_zs', FIXED_MODEL_GROUPS.summarization_zs],
    ['biomedical', FIXED_MODEL_GROUPS.biomedical],
    ['interactive_qa', FIXED_MODEL_GROUPS.interactive_qa],
    ['opinions_qa_openai', FIXED_MODEL_GROUPS.opinions_qa_openai],
    ['opinions_qa_ai21', FIXED_MODEL_GROUPS.opinions_qa_ai21],
    ['text_to_image', withTag(TEXT_TO_IMAGE_MODEL_TAG)],
    ['vlm', withTag(VISION_LANGUAGE_MODEL_TAG)],
    ['audiolm', withTag(AUDIO_LANGUAGE_MODEL_TAG)],
  ]);
  const ablation = new Set(withTag(ABLATION_MODEL_TAG));
  for (const [family, models] of [...groups.entries()]) {
    const members = [...new Set(models.filter((m) => ablation.has(m)))];
    groups.set(family === 'all' ? 'ablation' : `ablation_${family}`, members);
  }
  const excluded = new Set([...withTag(DEPRECATED_MODEL_TAG), ...withTag(UNSUPPORTED_MODEL_TAG)]);
  for (const [family, models] of groups) groups.set(family, models.filter((m) => !excluded.has(m)));
  return groups;
}

/** Sets the model (and, for `host/org/name`, the deployment); name suffix `model=<org_name>`. */
export function replaceModel(spec: RunSpec, modelOrDeployment: string): RunSpec {
  const parts = modelOrDeployment.split('/');
  const model = parts.slice(-2).join('/');
  const name = `${spec.name}${colonAwareSeparator(spec.name)}model=${sanitize(model)}`;
  const changes: Partial<AdapterSpec> = parts.length > 2 ? { model, model_deployment: modelOrDeployment } : { model };
  return withAdapter(spec, changes, name);
}

export class ModelRunExpander implements RunExpander {
  readonly name = 'model';
  constructor(
    readonly value: string,
    private readonly registry: ModelRegistry,
  ) {}

  expand(spec: RunSpec): RunSpec[] {
    const names = modelGroups(this.registry).get(this.value) ?? [this.value];
    return names.map((n) => this.expandOne(spec, n));
  }

  /**
   * Deliberate difference from HELM: a registered *deployment* name that is not a model name
   * (`model=huggingface/gpt2`, as HELM's own tutorial writes it) selects that deployment and its
   * model (`openai/gpt2`), instead of failing with "deployment is for a different model".
   */
  private expandOne(spec: RunSpec, value: string): RunSpec {
    if (this.registry.findModelMetadata(value) === undefined) {
      const deployment = this.registry.findModelDeployment(value);
      const model = deployment ? deploymentModelName(deployment) : undefined;
      if (deployment && model !== undefined && model !== value) {
        return withAdapter(replaceModel(spec, model), { model_deployment: deployment.name });
      }
    }
    return replaceModel(spec, value);
  }
}

// ---- Prompt-shaping expanders ----

const STOP_VALUES: Record<string, string> = { hash: '###', semicolon: ';', br: '<br>' };

export function stopExpander(value: ArgValue): RunExpander {
  const v = argValueStr(value);
  if (v !== 'none' && !(v in STOP_VALUES)) throw unknownValue('stop', value, ['none', ...Object.keys(STOP_VALUES)]);
  return {
    name: 'stop',
    expand: (spec) => {
      const name = `${spec.name},stop=${v}`;
      if (v === 'none') return [withAdapter(spec, { stop_sequences: [] }, name)];
      const stop = STOP_VALUES[v];
      return [withAdapter(spec, { instance_prefix: `${stop}\n\n`, stop_sequences: [stop] }, name)];
    },
  };
}

export function globalPrefixExpander(value: ArgValue): RunExpander {
  const v = argValueStr(value);
  if (v !== 'nlg') throw unknownValue('global_prefix', value, ['nlg']);
  return { name: 'global_prefix', expand: (spec) => [withAdapter(spec, { global_prefix: '[NLG]' }, `${spec.name},global_prefix=${v}`)] };
}

const EXPERT_INSTRUCTIONS = 'I am an expert AI assistant who is here to help you with the following. ';

function instructionsExpander(value: ArgValue): RunExpander {
  const v = argValueStr(value);
  if (v !== 'none' && v !== 'expert') throw unknownValue('instructions', value, ['none', 'expert']);
  return {
    name: 'instructions',
    expand: (spec) => {
      const instructions = v === 'none' ? '' : EXPERT_INSTRUCTIONS + spec.adapter_spec.instructions;
      return [withAdapter(spec, { instructions }, `${spec.name},instructions=${v}`)];
    },
  };
}

const PROMPT_FORMATS: Record<string, Partial<AdapterSpec>> = {
  human_assistant: {
    input_prefix: 'Human: What is the answer to "',
    input_suffix: '"?\n',
    output_prefix: 'Assistant: The answer is "',
    output_suffix: '".\n',
    stop_sequences: ['".'],
  },
  question_answer: { input_prefix: 'Question: ', output_prefix: 'Answer: ' },
  qa: { input_prefix: 'Q: ', output_prefix: 'A: ' },
  input_output_html: {
    input_prefix: '<input>',
    input_suffix: '</input>\n',
    output_prefix: '<output>',
    output_suffix: '</output>\n',
  },
  input_output: { input_prefix: 'Input: ', output_prefix: 'Output: ' },
  i_o: { input_prefix: 'I: ', output_prefix: 'O: ' },
};

function promptExpander(value: ArgValue): RunExpander {
  const v = argValueStr(value);
  if (!(v in PROMPT_FORMATS)) throw unknownValue('prompt', value, Object.keys(PROMPT_FORMATS));
  return {
    name: 'prompt',
    expand: (spec) => [withAdapter(spec, { ...PROMPT_FORMATS[v] }, `${spec.name},prompt=${v}`)],
  };
}

const NEWLINE_TARGETS: Record<string, string> = { semicolon: ';\n', br: '<br>\n' };

function newlineExpander(value: ArgValue): RunExpander {
  const v = argValueStr(value);
  if (!(v in NEWLINE_TARGETS)) throw unknownValue('newline', value, Object.keys(NEWLINE_TARGETS));
  return {
    name: 'newline',
    expand: (spec) => [
      withAdapter(spec, { substitutions: [{ source: '\n', target: NEWLINE_TARGETS[v] }] }, `${spec.name},newline=${v}`),
    ],
  };
}

function addToStopExpander(value: ArgValue): RunExpander {
  const v = argValueStr(value);
  const stop = v === 'newline' ? '\n' : v;
  return {
    name: 'add_to_stop',
    expand: (spec) => [withAdapter(spec, { stop_sequences: [...spec.adapter_spec.stop_sequences, stop] })],
  };
}

function formatPromptExpander(value: ArgValue): RunExpander {
  const prefix = argValueStr(value);
  return { name: 'format_prompt', expand: (spec) => [withAdapter(spec, { input_prefix: prefix, output_prefix: '' })] };
}

export const IN_CONTEXT_LEARNING_INSTRUCTIONS_PREFIX =
  'Here are some input-output examples. Read the examples carefully to figure out the mapping. ' +
  'The output of the last example is not given, and your job is to figure out what it is.';
export const IN_CONTEXT_LEARNING_INSTRUCTIONS_SUFFIX =
  'Please provide the output to this last example. It is critical to follow the format of the preceding outputs!';

function followFormatInstructionsExpander(value: ArgValue, registry: ModelRegistry): RunExpander {
  const v = argValueStr(value);
  if (v !== 'all' && v !== 'instruct') {
    throw new HelmInputError(
      `Value of add_follow_the_format_instructions run expander must be 'all' or 'instruct', got '${v}'`,
    );
  }
  return {
    name: 'follow_format_instructions',
    expand: (spec) => {
      if (spec.adapter_spec.method !== ADAPT_GENERATION) {
        throw new HelmInputError(
          `follow_format_instructions run expander only supports the generation adaptation method ` +
            `(${spec.name} uses ${spec.adapter_spec.method})`,
        );
      }
      if (v === 'instruct' && !registry.getModelMetadata(spec.adapter_spec.model).tags.includes(INSTRUCTION_FOLLOWING_MODEL_TAG)) {
        return [spec];
      }
      return [
        withAdapter(spec, {
          global_prefix: `${IN_CONTEXT_LEARNING_INSTRUCTIONS_PREFIX}\n\n`,
          global_suffix: `\n\n${IN_CONTEXT_LEARNING_INSTRUCTIONS_SUFFIX}\n${spec.adapter_spec.output_prefix.trim()}`,
        }),
      ];
    },
  };
}

const MC_FORMAT_INSTRUCTIONS: Record<string, string> = {
  mmlu_only_last_question: 'Answer only the last question with only a single letter.',
  mmlu: 'Answer with only a single letter.',
  mcqa: 'Answer with only a single letter.',
  mcqa_no_period: 'Answer with only a single letter. Do not include a period in your answer.',
  mcqa_only_last_question: 'Answer only the last question with only a single letter.',
  arabic_mcqa: 'اكتب حرف الإجابة فقط، دون أي إضافات أخرى.',
};

const GENERATION_FORMAT_INSTRUCTIONS: Record<string, string> = {
  narrative_qa:
    'Answer with one word, a few-word phrase, or a short sentence. Avoid extra, unnecessary information in the answer.',
  natural_qa: "Answer with a short answer or a boolean 'yes' or 'no' answer.",
  natural_qa_short_answer: 'Answer with a short answer.',
  legalbench_abercrombie: "Answer with only 'generic', 'descriptive', 'suggestive', 'arbitrary' or 'fanciful'.",
  legalbench_function_of_decision_section:
    "Answer with only 'Facts', 'Procedural History', 'Issue', 'Rule', 'Analysis', 'Conclusion' or 'Decree'.",
  legalbench_yes_or_no: "Answer with only 'Yes' or 'No'.",
  wmt_14: 'Answer with the English translation.',
  wmt_14_only_last_sentence: 'Answer with only the English translation for the last sentence.',
  math: 'Wrap the final answer with the \\boxed{} command.',
  numeric_nlg: 'Answer with only description of the last table as a single paragraph on a single line.',
  tab_fact: "Answer with only the classification of the last statement, either 'refuted' or 'entailed'.",
  wikitq: 'Answer only the last question with a short answer. Avoid extra, unnecessary information in the answer.',
  arabic_mcqa: 'اكتب حرف الإجابة فقط، دون أي إضافات أخرى.',
};

const COT_FORMAT_INSTRUCTIONS: Record<string, string> = {
  mmlu_pro: 'In your response, replace "insert answer here" with the single uppercase letter corresponding to your answer.',
  gpqa: 'In your response, replace "insert answer here" with the single uppercase letter corresponding to your answer.',
};

/** The scenario-specific format instruction for a method, or an error naming what is accepted. */
function formatInstructionFor(scenario: string, adapter: AdapterSpec): string {
  if (adapter.method === ADAPT_MULTIPLE_CHOICE_JOINT) {
    // Any other scenario name falls back to the single-letter instruction, as in HELM.
    return MC_FORMAT_INSTRUCTIONS[scenario] ?? 'Answer with only a single letter.';
  }
  if (adapter.method === ADAPT_GENERATION) {
    if (scenario === 'legalbench') {
      const outputNoun = adapter.output_prefix.split(':')[0];
      return outputNoun !== 'Answer' ? `Answer with the ${outputNoun.toLowerCase()}.` : 'Answer yes or no.';
    }
    const found = GENERATION_FORMAT_INSTRUCTIONS[scenario];
    if (found !== undefined) return found;
    const accepted = ['legalbench', ...Object.keys(GENERATION_FORMAT_INSTRUCTIONS)];
    throw new HelmInputError(
      `Unknown scenario ${scenario} for output_format_instructions with method generation; accepted: ` +
        `${accepted.join(', ')} (optionally followed by _no_prefix and/or _suffix).` + didYouMean(scenario, accepted),
    );
  }
  if (adapter.method === ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT) {
    const found = COT_FORMAT_INSTRUCTIONS[scenario];
    if (found !== undefined) return found;
    throw new HelmInputError(
      `Unknown scenario ${scenario} for output_format_instructions with method ${adapter.method}; accepted: mmlu_pro, gpqa`,
    );
  }
  throw new HelmInputError(
    `output_format_instructions does not support the adaptation method ${adapter.method} ` +
      `(supported: ${ADAPT_MULTIPLE_CHOICE_JOINT}, ${ADAPT_GENERATION}, ${ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT})`,
  );
}

function outputFormatInstructionsExpander(value: ArgValue): RunExpander {
  let scenario = argValueStr(value);
  const suffix = scenario.endsWith('_suffix');
  if (suffix) scenario = scenario.slice(0, -'_suffix'.length);
  const noPrefix = scenario.endsWith('_no_prefix');
  if (noPrefix) scenario = scenario.slice(0, -'_no_prefix'.length);
  return {
    name: 'output_format_instructions',
    expand: (spec) => {
      const adapter = spec.adapter_spec;
      let instructions = formatInstructionFor(scenario, adapter);
      if (noPrefix) {
        if (instructions) instructions += ' ';
        instructions += `Do not include '${adapter.output_prefix.trim()}' in your answer.`;
      }
      if (suffix) return [withAdapter(spec, { global_suffix: `${adapter.global_suffix}\n\n${instructions}` })];
      const combined = adapter.instructions ? `${instructions}\n\n${adapter.instructions}` : `${instructions}\n`;
      return [withAdapter(spec, { instructions: combined })];
    },
  };
}

// ---- Other expanders ----

function evalSplitExpander(value: ArgValue): RunExpander {
  const v = argValueStr(value);
  if (v !== 'test' && v !== 'valid') throw new HelmInputError(`Split must be "test" or "valid", but got "${v}"`);
  return {
    name: 'eval_split',
    expand: (spec) => [withAdapter(spec, { eval_splits: [v] }, `${spec.name}${colonAwareSeparator(spec.name)}eval_split=${v}`)],
  };
}

function dataAugmentationExpander(value: ArgValue): RunExpander {
  const v = argValueStr(value);
  const options = dataAugmentationOptions(v);
  if (options === undefined) {
    throw new HelmInputError(
      `Unknown data_augmentation: ${v}; possible choices: ${DATA_AUGMENTATION_PRESETS.join(', ')}.` +
        didYouMean(v, DATA_AUGMENTATION_PRESETS),
    );
  }
  return {
    name: 'data_augmentation',
    expand: (spec) =>
      (dataAugmentationOptions(v) ?? []).map(([option, perturbations]) =>
        replaceRunSpec(spec, {
          name: `${spec.name},data_augmentation=${option}`,
          data_augmenter_spec: augmenterSpecFor(perturbations),
        }),
      ),
  };
}

function scenarioArgExpander(key: string, values: ArgValue[]): RunExpander {
  return {
    name: key,
    expand: (spec) =>
      values.map((v) =>
        replaceRunSpec(spec, {
          name: `${spec.name}${colonAwareSeparator(spec.name)}${key}=${sanitize(v)}`,
          scenario_spec: { ...spec.scenario_spec, args: { ...spec.scenario_spec.args, [key]: v } },
        }),
      ),
  };
}

const TOKENIZER_MODEL_TABLE: Record<string, string[]> = {
  'together/yalm': ['yandex/yalm'],
  'together/bloom': ['bigscience/bloom'],
  'together/t0pp': ['bigscience/t0pp'],
  'together/t5-11b': ['google/t5'],
  'together/ul2': ['google/ul2'],
  'together/glm': ['tsinghua/glm'],
  'AlephAlpha/luminous-base': ['AlephAlpha/luminous-base'],
  'AlephAlpha/luminous-extended': ['AlephAlpha/luminous-extended'],
  'AlephAlpha/luminous-supreme': ['AlephAlpha/luminous-supreme'],
  'AlephAlpha/luminous-world': ['AlephAlpha/luminous-world'],
  'huggingface/santacoder': ['bigcode/santacoder'],
  'huggingface/starcoder': ['bigcode/starcoder'],
};
const TOKENIZER_LIST = [
  'huggingface/gpt2',
  'ai21/j1',
  'cohere/cohere',
  'meta/opt',
  'eleutherai/gptj',
  'openai/cl100k_base',
  'eleutherai/gptneox',
];

/** `tokenizer=default` looks the deployment name up in a table keyed by model names (sic, HELM). */
function tokenizerExpander(value: ArgValue, registry: ModelRegistry): RunExpander {
  if (value !== 'default') return scenarioArgExpander('tokenizer', [value]);
  const table = new Map<string, string[]>(Object.entries(TOKENIZER_MODEL_TABLE));
  for (const tokenizer of TOKENIZER_LIST) {
    for (const model of registry.modelNamesWithTokenizer(tokenizer)) table.set(model, [tokenizer]);
  }
  return {
    name: 'tokenizer',
    expand: (spec) => scenarioArgExpander('tokenizer', table.get(spec.adapter_spec.model_deployment) ?? []).expand(spec),
  };
}

function numPromptTokensExpander(value: ArgValue): RunExpander {
  return scenarioArgExpander('num_prompt_tokens', value === 'default_sweep' ? [1, 256, 512, 1024, 1536] : [value]);
}

/** Sets max_tokens; the name keeps '/' in the value (no sanitising here, unlike the others). */
function numOutputTokensExpander(value: ArgValue): RunExpander {
  const values: ArgValue[] = value === 'default_sweep' ? [1, 2, 4, 8, 16, 32, 64] : [requireNumber('num_output_tokens', value, 'an integer or default_sweep')];
  return {
    name: 'num_output_tokens',
    expand: (spec) =>
      values.map((v) =>
        withAdapter(spec, { max_tokens: v as PyNumber }, `${spec.name}${colonAwareSeparator(spec.name)}num_output_tokens=${argValueStr(v)}`),
      ),
  };
}

export function increaseMaxTokensExpander(value: ArgValue): RunExpander {
  const amount = requireNumber('increase_max_tokens', value, 'a number');
  return {
    name: 'increase_max_tokens',
    expand: (spec) => [withAdapter(spec, { max_tokens: pyAdd(spec.adapter_spec.max_tokens, amount) })],
  };
}

function temperatureExpander(value: ArgValue): RunExpander {
  const temperature = requireNumber('temperature', value, 'a number');
  return { name: 'temperature', expand: (spec) => [withAdapter(spec, { temperature })] };
}

export function increaseTemperatureExpander(value: ArgValue): RunExpander {
  const amount = requireNumber('increase_temperature', value, 'a number');
  return {
    name: 'increase_temperature',
    expand: (spec) => [withAdapter(spec, { temperature: pyAdd(spec.adapter_spec.temperature, amount) })],
  };
}

function processOutputExpander(value: ArgValue): RunExpander {
  const processor = argValueStr(value);
  return {
    name: 'process_output',
    expand: (spec) => [
      replaceRunSpec(spec, {
        metric_specs: [
          {
            class_name: 'helm.benchmark.metrics.output_processing_metric.OutputProcessingMetric',
            args: {
              processor,
              metric_specs: spec.metric_specs.map((m) => ({ class_name: m.class_name, args: m.args })),
            },
          },
        ],
      }),
    ],
  };
}

const RUN_EXPANDER_FACTORIES: Record<string, ExpanderFactory> = {
  instructions: instructionsExpander,
  prompt: promptExpander,
  newline: newlineExpander,
  stop: stopExpander,
  format_prompt: formatPromptExpander,
  follow_format_instructions: followFormatInstructionsExpander,
  add_to_stop: addToStopExpander,
  global_prefix: globalPrefixExpander,
  num_train_trials: replaceValueExpander('num_train_trials', NUM_TRAIN_TRIALS_PRESETS),
  max_train_instances: replaceValueExpander('max_train_instances', MAX_TRAIN_INSTANCES_PRESETS),
  max_eval_instances: replaceValueExpander('max_eval_instances', MAX_EVAL_INSTANCES_PRESETS),
  num_outputs: replaceValueExpander('num_outputs', NUM_OUTPUTS_PRESETS),
  num_trials: replaceValueExpander('num_trials', NUM_TRIALS_PRESETS),
  model: (value, registry) => new ModelRunExpander(argValueStr(value), registry),
  model_deployment: replaceValueExpander('model_deployment', {}),
  data_augmentation: dataAugmentationExpander,
  tokenizer: tokenizerExpander,
  num_prompt_tokens: numPromptTokensExpander,
  num_output_tokens: numOutputTokensExpander,
  chatml: () => {
    throw new HelmInputError('The chatml run expander takes no value and cannot be set in a run entry description');
  },
  eval_split: evalSplitExpander,
  output_format_instructions: outputFormatInstructionsExpander,
  temperature: temperatureExpander,
  increase_temperature: increaseTemperatureExpander,
  increase_max_tokens: increaseMaxTokensExpander,
  process_output: processOutputExpander,
};

/** The description keys that are run expanders (they are never passed to the run spec function). */
export const RUN_EXPANDER_NAMES: readonly string[] = Object.keys(RUN_EXPANDER_FACTORIES);

export function isRunExpanderName(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(RUN_EXPANDER_FACTORIES, key);
}

/** Builds the expander for `key=value`; value errors surface here, before the run spec function runs. */
export function createRunExpander(key: string, value: ArgValue, registry: ModelRegistry): RunExpander {
  if (!isRunExpanderName(key)) {
    throw new HelmInputError(`Unknown run expander '${key}'.` + didYouMean(key, RUN_EXPANDER_NAMES));
  }
  return RUN_EXPANDER_FACTORIES[key](value, registry);
}
