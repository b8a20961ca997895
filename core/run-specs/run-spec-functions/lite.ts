/** The HELM Lite run spec functions that are not shared with Classic: natural_qa, math, legalbench, med_qa, wmt_14. */
import * as path from 'node:path';
import { HelmInputError, didYouMean } from '../../common/errors';
import { pyFloat } from '../../common/py-number';
import {
  LEGALBENCH_SUBSETS,
  ensureLegalbenchPromptSettings,
  readLegalbenchPromptSettingsSync,
} from '../../scenarios/legalbench-prompt-settings';
import {
  ADAPT_GENERATION,
  ADAPT_MULTIPLE_CHOICE_JOINT,
  getGenerationAdapterSpec,
  getMachineTranslationAdapterSpec,
  getMultipleChoiceAdapterSpec,
} from '../common-adapter-specs';
import {
  getBasicMetricSpecs,
  getExactMatchMetricSpecs,
  getF1MetricSpecs,
  getGenerativeHarmsMetricSpecs,
  getOpenEndedGenerationMetricSpecs,
} from '../common-metric-specs';
import { argValueStr } from '../description';
import { makeRunSpec } from '../run-spec';
import { defaultAdapterSpec, type ArgValue } from '../schemas';
import { choiceArg, stringArg, type RunSpecContext, type RunSpecFunction } from './core';

const SCENARIOS = 'helm.benchmark.scenarios';

export const NATURAL_QA_MODES: readonly string[] = ['openbook_wiki', 'openbook_longans', 'closedbook'];

/** `natural_qa:mode=…` (HELM's scenario asserts the mode; checked here, before anything runs). */
export const naturalQaRunSpecFunction: RunSpecFunction = {
  name: 'natural_qa',
  params: [{ name: 'mode', required: true, accepts: NATURAL_QA_MODES.join(', ') }],
  build(args) {
    const mode = choiceArg('natural_qa', args, 'mode', NATURAL_QA_MODES);
    return makeRunSpec({
      name: `natural_qa:mode=${mode}`,
      scenario_spec: { class_name: `${SCENARIOS}.natural_qa_scenario.NaturalQAScenario`, args: { mode } },
      adapter_spec: getGenerationAdapterSpec({
        inputNoun: mode === 'closedbook' ? 'Question' : null,
        outputNoun: 'Answer',
        maxTokens: 300,
      }),
      metric_specs: [...getF1MetricSpecs(), ...getGenerativeHarmsMetricSpecs()],
      groups: [`natural_qa_${mode}`],
    });
  },
};

/** MATH's subjects (run entry value → the dataset's `type`). */
export const MATH_SUBJECTS: Readonly<Record<string, string>> = {
  number_theory: 'Number Theory',
  intermediate_algebra: 'Intermediate Algebra',
  algebra: 'Algebra',
  prealgebra: 'Prealgebra',
  geometry: 'Geometry',
  counting_and_probability: 'Counting & Probability',
  precalculus: 'Precalculus',
};
export const MATH_LEVELS: readonly string[] = ['1', '2', '3', '4', '5'];

/** `str(value).lower() == "true"`; Python's `.lower()` exists only on strings. */
function pythonTrueString(fn: string, key: string, value: ArgValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'string') {
    throw new HelmInputError(`Run spec function '${fn}': argument '${key}' must be True or False, got ${argValueStr(value)}`);
  }
  return value.toLowerCase() === 'true';
}

const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/**
 * `math:subject=…,level=…[,use_official_examples=…][,use_chain_of_thought=…]`. HELM builds any
 * subject and level and fails (subject) or runs no instance (level) later; both are checked here.
 */
export const mathRunSpecFunction: RunSpecFunction = {
  name: 'math',
  params: [
    { name: 'subject', required: true, accepts: Object.keys(MATH_SUBJECTS).join(', ') },
    { name: 'level', required: true, accepts: MATH_LEVELS.join(', ') },
    { name: 'use_official_examples', required: false, accepts: 'True, False' },
    { name: 'use_chain_of_thought', required: false, accepts: 'True, False' },
  ],
  build(args) {
    const subject = choiceArg('math', args, 'subject', Object.keys(MATH_SUBJECTS));
    const level = args.get('level') ?? null;
    if (!MATH_LEVELS.includes(argValueStr(level)) || (typeof level !== 'string' && typeof level !== 'number')) {
      throw new HelmInputError(
        `Run spec function 'math': invalid level '${argValueStr(level)}'; accepted levels: ${MATH_LEVELS.join(', ')}`,
      );
    }
    const officialExamples = pythonTrueString('math', 'use_official_examples', args.get('use_official_examples'));
    const chainOfThought = pythonTrueString('math', 'use_chain_of_thought', args.get('use_chain_of_thought'));
    if (chainOfThought && officialExamples) {
      throw new HelmInputError(`Run spec function 'math': use_official_examples cannot be True when use_chain_of_thought is True`);
    }
    const format = chainOfThought
      ? { output_prefix: 'Answer: ', output_suffix: '\n', max_tokens: 400, stop_sequences: ['###'], groups: ['math_chain_of_thought'] }
      : { output_prefix: 'Answer: $', output_suffix: '$\n', max_tokens: 20, stop_sequences: ['$'], groups: ['math_regular'] };
    return makeRunSpec({
      name:
        `math:subject=${subject},level=${argValueStr(level)},` +
        `use_official_examples=${pyBool(officialExamples)},use_chain_of_thought=${pyBool(chainOfThought)}`,
      scenario_spec: {
        class_name: `${SCENARIOS}.math_scenario.MATHScenario`,
        args: { subject, level, use_official_examples: officialExamples, use_chain_of_thought: chainOfThought },
      },
      adapter_spec: defaultAdapterSpec({
        method: ADAPT_GENERATION,
        instructions: 'Given a mathematics problem, determine the answer. Simplify your answer as much as possible.\n',
        max_train_instances: 8,
        num_outputs: 1,
        temperature: pyFloat(0),
        stop_sequences: format.stop_sequences,
        max_tokens: format.max_tokens,
        input_prefix: 'Problem: ',
        input_suffix: '\n',
        output_prefix: format.output_prefix,
        output_suffix: format.output_suffix,
        instance_prefix: '###\n',
      }),
      metric_specs: [
        ...getBasicMetricSpecs([chainOfThought ? 'math_equiv_chain_of_thought' : 'math_equiv']),
        ...getGenerativeHarmsMetricSpecs(),
      ],
      groups: format.groups,
    });
  },
};

/** HELM reads the prompt settings from `<output path>/scenarios/legalbench/` while building the spec. */
export function legalbenchExpansionFolder(context: RunSpecContext): string {
  return path.join(context.outputPath, 'scenarios', 'legalbench');
}

/** `legalbench:subset=…`: instructions and output noun come from LegalBench's prompt settings file. */
export const legalbenchRunSpecFunction: RunSpecFunction = {
  name: 'legalbench',
  params: [{ name: 'subset', required: true, accepts: LEGALBENCH_SUBSETS.join(', ') }],
  async ensureResources(context) {
    await ensureLegalbenchPromptSettings(legalbenchExpansionFolder(context), context.mirrorDir);
  },
  build(args, context) {
    const subset = choiceArg('legalbench', args, 'subset', LEGALBENCH_SUBSETS);
    const settings = readLegalbenchPromptSettingsSync(legalbenchExpansionFolder(context), subset);
    return makeRunSpec({
      name: `legalbench:subset=${subset}`,
      scenario_spec: { class_name: `${SCENARIOS}.legalbench_scenario.LegalBenchScenario`, args: { subset } },
      adapter_spec: getGenerationAdapterSpec({
        instructions: settings.instructions,
        inputNoun: null,
        outputNoun: settings.outputNoun,
        maxTokens: 30,
        maxTrainInstances: 5,
      }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: ['legalbench'],
    });
  },
};

export const medQaRunSpecFunction: RunSpecFunction = {
  name: 'med_qa',
  params: [],
  build() {
    return makeRunSpec({
      name: 'med_qa',
      scenario_spec: { class_name: `${SCENARIOS}.med_qa_scenario.MedQAScenario`, args: {} },
      adapter_spec: getMultipleChoiceAdapterSpec({
        method: ADAPT_MULTIPLE_CHOICE_JOINT,
        instructions: 'The following are multiple choice questions (with answers) about medicine.',
        inputNoun: 'Question',
        outputNoun: 'Answer',
      }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: ['med_qa'],
    });
  },
};

/** Language codes of WMT14 and the names the prompts use. */
export const WMT14_LANGUAGES: Readonly<Record<string, string>> = {
  cs: 'Czech',
  de: 'German',
  fr: 'French',
  hi: 'Hindi',
  ru: 'Russian',
  en: 'English',
};

/** The pair as `[source, target]`: two known codes, different, one of them English (the scenario's checks). */
export function wmt14LanguagePair(pair: string): [string, string] {
  const parts = pair.split('-');
  const codes = Object.keys(WMT14_LANGUAGES);
  if (parts.length !== 2 || !parts.every((p) => codes.includes(p)) || parts[0] === parts[1] || !parts.includes('en')) {
    const accepted = ['cs-en', 'de-en', 'fr-en', 'hi-en', 'ru-en', 'en-cs', 'en-de', 'en-fr', 'en-hi', 'en-ru'];
    throw new HelmInputError(
      `Run spec function 'wmt_14': invalid language_pair '${pair}'; accepted: ${accepted.join(', ')}.` + didYouMean(pair, accepted),
    );
  }
  return [parts[0], parts[1]];
}

export const wmt14RunSpecFunction: RunSpecFunction = {
  name: 'wmt_14',
  // HELM's function also takes max_train_instances (default 1), but that key is a run expander and
  // never reaches it.
  params: [{ name: 'language_pair', required: true, accepts: 'cs-en, de-en, fr-en, hi-en, ru-en (or en-xx)' }],
  build(args) {
    const pair = stringArg('wmt_14', args, 'language_pair');
    const [source, target] = wmt14LanguagePair(pair);
    return makeRunSpec({
      name: `wmt_14:language_pair=${pair}`,
      scenario_spec: {
        class_name: `${SCENARIOS}.wmt_14_scenario.WMT14Scenario`,
        args: { source_language: source, target_language: target },
      },
      adapter_spec: getMachineTranslationAdapterSpec(WMT14_LANGUAGES[source], WMT14_LANGUAGES[target], 1),
      metric_specs: getOpenEndedGenerationMetricSpecs(),
      groups: ['wmt_14'],
    });
  },
};
