import { HelmInputError, didYouMean } from '../../common/errors';
import { argValueStr } from '../description';
import { ADAPT_MULTIPLE_CHOICE_JOINT, MULTIPLE_CHOICE_METHODS, getMultipleChoiceAdapterSpec } from '../common-adapter-specs';
import { getExactMatchMetricSpecs } from '../common-metric-specs';
import { makeRunSpec } from '../run-spec';
import { multipleChoiceMethodArg, type RunSpecFunction } from './core';

/** The 57 MMLU subjects (Hendrycks et al.), as accepted by the MMLU scenario. */
export const MMLU_SUBJECTS: readonly string[] = [
  'abstract_algebra', 'anatomy', 'astronomy', 'business_ethics', 'clinical_knowledge', 'college_biology',
  'college_chemistry', 'college_computer_science', 'college_mathematics', 'college_medicine', 'college_physics',
  'computer_security', 'conceptual_physics', 'econometrics', 'electrical_engineering', 'elementary_mathematics',
  'formal_logic', 'global_facts', 'high_school_biology', 'high_school_chemistry', 'high_school_computer_science',
  'high_school_european_history', 'high_school_geography', 'high_school_government_and_politics',
  'high_school_macroeconomics', 'high_school_mathematics', 'high_school_microeconomics', 'high_school_physics',
  'high_school_psychology', 'high_school_statistics', 'high_school_us_history', 'high_school_world_history',
  'human_aging', 'human_sexuality', 'international_law', 'jurisprudence', 'logical_fallacies', 'machine_learning',
  'management', 'marketing', 'medical_genetics', 'miscellaneous', 'moral_disputes', 'moral_scenarios', 'nutrition',
  'philosophy', 'prehistory', 'professional_accounting', 'professional_law', 'professional_medicine',
  'professional_psychology', 'public_relations', 'security_studies', 'sociology', 'us_foreign_policy', 'virology',
  'world_religions',
];

export const mmluRunSpecFunction: RunSpecFunction = {
  name: 'mmlu',
  params: [
    { name: 'subject', required: true, accepts: 'one of the 57 MMLU subjects' },
    { name: 'method', required: false, accepts: MULTIPLE_CHOICE_METHODS.join(', ') },
  ],
  build(args) {
    const subject = args.has('subject') ? argValueStr(args.get('subject') ?? null) : '';
    if (!MMLU_SUBJECTS.includes(subject) || typeof args.get('subject') !== 'string') {
      throw new HelmInputError(
        `Run spec function 'mmlu': unknown subject '${subject}'.${didYouMean(subject, MMLU_SUBJECTS)} ` +
          `Accepted subjects: ${MMLU_SUBJECTS.join(', ')}`,
      );
    }
    const method = multipleChoiceMethodArg('mmlu', args, ADAPT_MULTIPLE_CHOICE_JOINT);
    return makeRunSpec({
      name: `mmlu:subject=${subject},method=${method}`,
      scenario_spec: { class_name: 'helm.benchmark.scenarios.mmlu_scenario.MMLUScenario', args: { subject } },
      adapter_spec: getMultipleChoiceAdapterSpec({
        method,
        instructions: `The following are multiple choice questions (with answers) about ${subject.replace(/_/g, ' ')}.`,
        inputNoun: 'Question',
        outputNoun: 'Answer',
      }),
      metric_specs: getExactMatchMetricSpecs(),
      groups: ['mmlu'],
    });
  },
};
