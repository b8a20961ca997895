/** HELM Classic's knowledge, QA, reasoning and efficiency run spec functions. */
import { pyFloat } from '../../common/py-number';
import {
  ADAPT_MULTIPLE_CHOICE_JOINT,
  ADAPT_RANKING_BINARY,
  getCompletionAdapterSpec,
  getGenerationAdapterSpec,
  getMultipleChoiceAdapterSpec,
  getRankingBinaryAdapterSpec,
} from '../common-adapter-specs';
import {
  getBasicGenerationMetricSpecs,
  getBasicReferenceMetricSpecs,
  getExactMatchMetricSpecs,
  getF1MetricSpecs,
  getGenerativeHarmsMetricSpecs,
  getGenericMetricSpecs,
} from '../common-metric-specs';
import { argValueStr } from '../description';
import { makeRunSpec } from '../run-spec';
import { HelmInputError } from '../../common/errors';
import { choiceArg, intArg, multipleChoiceMethodArg, rawArg, stringArg, type RunSpecFunction } from './core';

const SCENARIOS = 'helm.benchmark.scenarios';

export const wikifactRunSpecFunction: RunSpecFunction = {
  name: 'wikifact',
  params: [
    { name: 'k', required: true, accepts: 'an integer (outputs per prompt, for accuracy@k)' },
    { name: 'subject', required: true },
  ],
  build(args) {
    const k = rawArg(args, 'k', null);
    const subject = stringArg('wikifact', args, 'subject');
    return makeRunSpec({
      name: `wikifact:k=${argValueStr(k)},subject=${subject}`,
      scenario_spec: { class_name: `${SCENARIOS}.wikifact_scenario.WIKIFactScenario`, args: { subject } },
      adapter_spec: getCompletionAdapterSpec({
        outputPrefix: ' ',
        outputSuffix: '\n',
        maxTrainInstances: 5,
        numOutputs: intArg('wikifact', args, 'k'),
        temperature: pyFloat(1),
        maxTokens: 8,
        stopSequences: ['\n'],
      }),
      metric_specs: [...getExactMatchMetricSpecs(), ...getGenerativeHarmsMetricSpecs()],
      groups: ['wikifact'],
    });
  },
};

export const quacRunSpecFunction: RunSpecFunction = {
  name: 'quac',
  params: [],
  build() {
    return makeRunSpec({
      name: 'quac',
      scenario_spec: { class_name: `${SCENARIOS}.quac_scenario.QuACScenario`, args: {} },
      adapter_spec: getGenerationAdapterSpec({ inputNoun: null, outputNoun: 'Answer', maxTokens: 100 }),
      metric_specs: [...getF1MetricSpecs(), ...getGenerativeHarmsMetricSpecs()],
      groups: ['quac'],
    });
  },
};

/** `task` is passed on as parsed (an int for `task=3`, the string "all"). */
export const babiQaRunSpecFunction: RunSpecFunction = {
  name: 'babi_qa',
  params: [{ name: 'task', required: false, accepts: 'all or a task number 1-20' }],
  build(args) {
    const task = rawArg(args, 'task', 'all');
    return makeRunSpec({
      name: `babi_qa:task=${argValueStr(task)}`,
      scenario_spec: { class_name: `${SCENARIOS}.babi_qa_scenario.BabiQAScenario`, args: { task } },
      adapter_spec: getGenerationAdapterSpec({ inputNoun: 'Passage', outputNoun: 'Answer' }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: ['babi_qa'],
    });
  },
};

/** MSMARCOScenario's measures per track (pytrec_eval names) and its gold relevance values. */
const MSMARCO_SUCCESS = [1, 2, 3, 5, 10, 20].map((k) => `success.${k}`);
const MSMARCO_RECALL = [1, 2, 3, 5, 10, 20].map((k) => `recall.${k}`);
const MSMARCO_RECIP_RANK = [5, 10, 20].map((k) => `recip_rank.${k}`);
const MSMARCO_NDCG_CUT = [5, 10, 20].map((k) => `ndcg_cut.${k}`);
export const MSMARCO_MEASURE_NAMES: Readonly<Record<string, string[]>> = {
  regular: [...MSMARCO_SUCCESS, ...MSMARCO_RECALL, ...MSMARCO_RECIP_RANK],
  trec: [...MSMARCO_SUCCESS, ...MSMARCO_RECALL, ...MSMARCO_RECIP_RANK, ...MSMARCO_NDCG_CUT],
};
export const MSMARCO_GOLD_RELATIONS: Readonly<Record<string, number[]>> = { train: [1], regular: [1], trec: [2, 3] };

export const msmarcoRunSpecFunction: RunSpecFunction = {
  name: 'msmarco',
  params: [
    { name: 'track', required: true, accepts: 'regular, trec' },
    { name: 'valid_topk', required: false, accepts: 'an integer from 11 to 1000' },
  ],
  build(args) {
    const track = choiceArg('msmarco', args, 'track', Object.keys(MSMARCO_MEASURE_NAMES));
    const validTopk = args.has('valid_topk') && args.get('valid_topk') !== null ? intArg('msmarco', args, 'valid_topk') : null;
    return makeRunSpec({
      name: `msmarco:track=${track},valid_topk=${validTopk === null ? 'None' : validTopk}`,
      scenario_spec: { class_name: `${SCENARIOS}.msmarco_scenario.MSMARCOScenario`, args: { track, valid_topk: validTopk } },
      adapter_spec: getRankingBinaryAdapterSpec({ maxTrainInstances: 4, extras: { stop_sequences: ['\n'] } }),
      metric_specs: [
        {
          class_name: 'helm.benchmark.metrics.ranking_metrics.RankingMetric',
          args: {
            method: ADAPT_RANKING_BINARY,
            measure_names: [...MSMARCO_MEASURE_NAMES[track]],
            correct_output: 'Yes',
            wrong_output: 'No',
            rank: validTopk,
            multiple_relevance_values: !MSMARCO_GOLD_RELATIONS[track].every((v) => v === 1),
          },
        },
        ...getBasicReferenceMetricSpecs(),
        ...getGenericMetricSpecs(),
      ],
      groups: [`msmarco_${track}`],
    });
  },
};

export const bbqRunSpecFunction: RunSpecFunction = {
  name: 'bbq',
  params: [
    { name: 'subject', required: true },
    { name: 'method', required: false },
  ],
  build(args) {
    const subject = stringArg('bbq', args, 'subject');
    const method = multipleChoiceMethodArg('bbq', args, ADAPT_MULTIPLE_CHOICE_JOINT);
    return makeRunSpec({
      name: `bbq:subject=${subject},method=${method}`,
      scenario_spec: { class_name: `${SCENARIOS}.bbq_scenario.BBQScenario`, args: { subject } },
      adapter_spec: getMultipleChoiceAdapterSpec({
        method,
        instructions: 'The following are multiple choice questions (with answers).',
        inputNoun: 'Passage',
        outputNoun: 'Answer',
      }),
      metric_specs: [{ class_name: 'helm.benchmark.metrics.bbq_metrics.BBQMetric', args: {} }, ...getExactMatchMetricSpecs()],
      groups: ['bbq'],
    });
  },
};

/** HELM's run name here really is `legal_support,method=…` (a comma, no colon). */
export const legalSupportRunSpecFunction: RunSpecFunction = {
  name: 'legal_support',
  params: [{ name: 'method', required: false }],
  build(args) {
    const method = multipleChoiceMethodArg('legal_support', args, ADAPT_MULTIPLE_CHOICE_JOINT);
    return makeRunSpec({
      name: `legal_support,method=${method}`,
      scenario_spec: { class_name: `${SCENARIOS}.legal_support_scenario.LegalSupportScenario`, args: {} },
      adapter_spec: getMultipleChoiceAdapterSpec({
        method,
        instructions: 'Which statement best supports the passage?',
        inputNoun: 'Passage',
        outputNoun: 'Answer',
        maxTrainInstances: 3,
      }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: ['legal_support'],
    });
  },
};

export const dyckLanguageRunSpecFunction: RunSpecFunction = {
  name: 'dyck_language',
  params: [{ name: 'num_parenthesis_pairs', required: true, accepts: 'an integer' }],
  build(args) {
    const pairs = intArg('dyck_language', args, 'num_parenthesis_pairs');
    return makeRunSpec({
      name: `dyck_language_np=${pairs}`,
      scenario_spec: { class_name: `${SCENARIOS}.dyck_language_scenario.DyckLanguageScenario`, args: { num_parenthesis_pairs: pairs } },
      adapter_spec: getCompletionAdapterSpec({
        instructions:
          'Please complete the rest of the following Dyck sequences, making sure that the parentheses are closed properly.',
        inputPrefix: 'Input: ',
        maxTokens: 5,
        maxTrainInstances: 3,
        stopSequences: ['\n'],
      }),
      metric_specs: [
        ...getBasicGenerationMetricSpecs(['exact_match_indicator']),
        ...getGenericMetricSpecs(),
        ...getGenerativeHarmsMetricSpecs(),
      ],
      groups: ['dyck_language'],
    });
  },
};

/**
 * `num_prompt_tokens`, `num_output_tokens` and `tokenizer` are run expander keys, so in a run entry
 * they never reach this function: the expanders set them afterwards.
 */
export const syntheticEfficiencyRunSpecFunction: RunSpecFunction = {
  name: 'synthetic_efficiency',
  params: [
    { name: 'num_prompt_tokens', required: false },
    { name: 'num_output_tokens', required: false },
    { name: 'tokenizer', required: false },
    { name: 'random', required: false },
  ],
  build(args) {
    const random = rawArg(args, 'random', null);
    const numOutputTokens = rawArg(args, 'num_output_tokens', null);
    if (numOutputTokens !== null && typeof numOutputTokens !== 'number') {
      throw new HelmInputError(`Run spec function 'synthetic_efficiency': num_output_tokens must be an integer, got ${argValueStr(numOutputTokens)}`);
    }
    const extras = random === null ? {} : { random: argValueStr(random) };
    return makeRunSpec({
      name: `synthetic_efficiency:random=${argValueStr(random)}`,
      scenario_spec: {
        class_name: `${SCENARIOS}.synthetic_efficiency_scenario.SyntheticEfficiencyScenario`,
        args: { num_prompt_tokens: rawArg(args, 'num_prompt_tokens', null), num_instances: 10, tokenizer: rawArg(args, 'tokenizer', null) },
      },
      adapter_spec: getCompletionAdapterSpec({ ...(numOutputTokens !== null ? { maxTokens: numOutputTokens } : {}), extras }),
      metric_specs: [
        ...getBasicGenerationMetricSpecs(['exact_match']),
        ...getGenericMetricSpecs(),
        ...getGenerativeHarmsMetricSpecs(),
      ],
      groups: ['synthetic_efficiency'],
    });
  },
};
