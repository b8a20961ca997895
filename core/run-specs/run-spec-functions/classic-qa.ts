import { pythonTruthy } from '../../scenarios/boolq-scenario';
import {
  ADAPT_MULTIPLE_CHOICE_JOINT,
  MULTIPLE_CHOICE_METHODS,
  getGenerationAdapterSpec,
  getLanguageModelingAdapterSpec,
  getMultipleChoiceAdapterSpec,
} from '../common-adapter-specs';
import {
  getBiasMetricSpecs,
  getExactMatchMetricSpecs,
  getGenerativeHarmsMetricSpecs,
  getLanguageModelingMetricSpecs,
  getOpenEndedGenerationMetricSpecs,
} from '../common-metric-specs';
import { makeRunSpec } from '../run-spec';
import { choiceArg, multipleChoiceMethodArg, type RunSpecFunction } from './core';

const SCENARIOS = 'helm.benchmark.scenarios';

export const wikitext103RunSpecFunction: RunSpecFunction = {
  name: 'wikitext_103',
  params: [],
  build() {
    return makeRunSpec({
      name: 'wikitext_103',
      scenario_spec: { class_name: `${SCENARIOS}.wikitext_103_scenario.Wikitext103Scenario`, args: {} },
      adapter_spec: getLanguageModelingAdapterSpec(),
      metric_specs: getLanguageModelingMetricSpecs([]),
      groups: ['wikitext_103'],
    });
  },
};

/** `only_contrast` arrives as a string, so any non-empty value but a zero is truthy (as in HELM). */
export const boolqRunSpecFunction: RunSpecFunction = {
  name: 'boolq',
  params: [{ name: 'only_contrast', required: false, accepts: 'True (any non-empty value counts as true)' }],
  build(args) {
    const onlyContrast = args.get('only_contrast') ?? false;
    return makeRunSpec({
      name: `boolq${pythonTruthy(onlyContrast) ? ':only_contrast=True' : ''}`,
      scenario_spec: { class_name: `${SCENARIOS}.boolq_scenario.BoolQScenario`, args: { only_contrast: onlyContrast } },
      adapter_spec: getGenerationAdapterSpec({ inputNoun: 'Passage', outputNoun: 'Answer' }),
      metric_specs: [...getExactMatchMetricSpecs(), ...getBiasMetricSpecs()],
      groups: ['boolq'],
    });
  },
};

export const TRUTHFUL_QA_TASKS: readonly string[] = ['mc_single'];

export const truthfulQaRunSpecFunction: RunSpecFunction = {
  name: 'truthful_qa',
  params: [
    { name: 'task', required: true, accepts: TRUTHFUL_QA_TASKS.join(', ') },
    { name: 'method', required: false, accepts: MULTIPLE_CHOICE_METHODS.join(', ') },
  ],
  build(args) {
    const task = choiceArg('truthful_qa', args, 'task', TRUTHFUL_QA_TASKS);
    const method = multipleChoiceMethodArg('truthful_qa', args, ADAPT_MULTIPLE_CHOICE_JOINT);
    return makeRunSpec({
      name: `truthful_qa:task=${task},method=${method}`,
      scenario_spec: { class_name: `${SCENARIOS}.truthful_qa_scenario.TruthfulQAScenario`, args: { task } },
      adapter_spec: getMultipleChoiceAdapterSpec({ method, instructions: '', inputNoun: 'Question', outputNoun: 'Answer' }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: ['truthful_qa'],
    });
  },
};

/** The datasets HELM's `commonsense` accepts, with their scenario classes (helm-ts has hellaswag and openbookqa). */
export const COMMONSENSE_DATASETS: Readonly<Record<string, string>> = {
  hellaswag: `${SCENARIOS}.commonsense_scenario.HellaSwagScenario`,
  openbookqa: `${SCENARIOS}.commonsense_scenario.OpenBookQA`,
  commonsenseqa: `${SCENARIOS}.commonsense_scenario.CommonSenseQAScenario`,
  siqa: `${SCENARIOS}.commonsense_scenario.SiqaScenario`,
  piqa: `${SCENARIOS}.commonsense_scenario.PiqaScenario`,
};

export const commonsenseRunSpecFunction: RunSpecFunction = {
  name: 'commonsense',
  params: [
    { name: 'dataset', required: true, accepts: Object.keys(COMMONSENSE_DATASETS).join(', ') },
    { name: 'method', required: true, accepts: MULTIPLE_CHOICE_METHODS.join(', ') },
  ],
  build(args) {
    const dataset = choiceArg('commonsense', args, 'dataset', Object.keys(COMMONSENSE_DATASETS));
    const method = multipleChoiceMethodArg('commonsense', args);
    return makeRunSpec({
      name: `commonsense:dataset=${dataset},method=${method}`,
      scenario_spec: { class_name: COMMONSENSE_DATASETS[dataset], args: {} },
      adapter_spec: getMultipleChoiceAdapterSpec({
        method,
        instructions: 'The following are multiple choice questions (with answers) about common sense.',
        inputNoun: 'Question',
        outputNoun: 'Answer',
      }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: [dataset],
    });
  },
};

export const narrativeQaRunSpecFunction: RunSpecFunction = {
  name: 'narrative_qa',
  params: [],
  build() {
    return makeRunSpec({
      name: 'narrative_qa',
      scenario_spec: { class_name: `${SCENARIOS}.narrativeqa_scenario.NarrativeQAScenario`, args: {} },
      adapter_spec: getGenerationAdapterSpec({ inputNoun: 'Passage', outputNoun: 'Answer', maxTokens: 100 }),
      metric_specs: [...getOpenEndedGenerationMetricSpecs(), ...getGenerativeHarmsMetricSpecs()],
      groups: ['narrative_qa'],
    });
  },
};
