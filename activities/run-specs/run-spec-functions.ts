import { HelmInputError, didYouMean } from '../common/errors';
import { argValueStr } from './description';
import { ADAPT_MULTIPLE_CHOICE_JOINT, MULTIPLE_CHOICE_METHODS, getMultipleChoiceAdapterSpec } from './common-adapter-specs';
import { getExactMatchMetricSpecs } from './common-metric-specs';
import { makeRunSpec } from './run-spec';
import { ArgValue, RunSpec } from './schemas';

/** One parameter of a run spec function (a Python keyword argument). */
export interface RunSpecParam {
  name: string;
  required: boolean;
  /** For messages: what the parameter accepts. */
  accepts?: string;
}

/** A run spec function (HELM's `@run_spec_function(name)`): validated args in, one RunSpec out. */
export interface RunSpecFunction {
  name: string;
  params: RunSpecParam[];
  build(args: ReadonlyMap<string, ArgValue>): RunSpec;
}

const REGISTRY = new Map<string, RunSpecFunction>();

export function registerRunSpecFunction(fn: RunSpecFunction): void {
  if (REGISTRY.has(fn.name)) throw new Error(`A run spec function with name ${fn.name} already exists`);
  REGISTRY.set(fn.name, fn);
}

export function getRunSpecFunction(name: string): RunSpecFunction | undefined {
  return REGISTRY.get(name);
}

export function runSpecFunctionNames(): string[] {
  return [...REGISTRY.keys()];
}

function describeParams(fn: RunSpecFunction): string {
  return fn.params.map((p) => (p.required ? `${p.name} (required)` : p.name)).join(', ');
}

/**
 * Calls `fn` like Python would with keyword args: unknown or missing parameters are errors
 * (HELM raises TypeError there); the message names the function, the argument and the accepted ones.
 */
export function callRunSpecFunction(fn: RunSpecFunction, args: Array<[string, ArgValue]>): RunSpec {
  const known = new Set(fn.params.map((p) => p.name));
  for (const [key] of args) {
    if (!known.has(key)) {
      throw new HelmInputError(
        `Run spec function '${fn.name}' got an unexpected argument '${key}'; it accepts: ${describeParams(fn)} ` +
          `(plus run expander keys such as model, max_train_instances, data_augmentation).` +
          didYouMean(key, known),
      );
    }
  }
  const map = new Map(args);
  const missing = fn.params.filter((p) => p.required && !map.has(p.name)).map((p) => p.name);
  if (missing.length > 0) {
    throw new HelmInputError(
      `Run spec function '${fn.name}' is missing required argument${missing.length > 1 ? 's' : ''} ` +
        `${missing.map((m) => `'${m}'`).join(', ')}; it accepts: ${describeParams(fn)}. ` +
        `Example: ${fn.name}:${missing.map((m) => `${m}=<value>`).join(',')}`,
    );
  }
  return fn.build(map);
}

/** A string argument, or an error naming the function and argument (numbers are not accepted here). */
function stringArg(fn: string, args: ReadonlyMap<string, ArgValue>, key: string, fallback?: string): string {
  const value = args.get(key);
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string') {
    throw new HelmInputError(`Run spec function '${fn}': argument '${key}' must be a string, got ${argValueStr(value ?? null)}`);
  }
  return value;
}

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
    const method = stringArg('mmlu', args, 'method', ADAPT_MULTIPLE_CHOICE_JOINT);
    if (!MULTIPLE_CHOICE_METHODS.includes(method)) {
      throw new HelmInputError(
        `Run spec function 'mmlu': invalid adaptation method '${method}'; accepted methods: ` +
          `${MULTIPLE_CHOICE_METHODS.join(', ')}.` + didYouMean(method, MULTIPLE_CHOICE_METHODS),
      );
    }
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

registerRunSpecFunction(mmluRunSpecFunction);
