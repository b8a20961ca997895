import { HelmInputError, didYouMean } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import type { EnsureDataOptions } from './download';
import { ensureBoolqData, getBoolqInstances } from './boolq-scenario';
import { ensureHellaswagData, ensureOpenbookqaData, getHellaswagInstances, getOpenbookqaInstances } from './commonsense-scenario';
import { ensureNarrativeqaData, getNarrativeqaInstances } from './narrativeqa-scenario';
import { ensureTruthfulQaData, getTruthfulQaInstances } from './truthful-qa-scenario';
import { ensureWikitext103Data, getWikitext103Instances } from './wikitext-103-scenario';
import { ensureGsmData, getGsmInstances } from './gsm-scenario';
import { ensureLsatData, getLsatInstances } from './lsat-qa-scenario';
import { getSyntheticReasoningNaturalInstances } from './synthetic-reasoning-natural-scenario';
import { getSyntheticReasoningInstances } from './synthetic-reasoning-scenario';
import { ensureMmluData, getMmluInstances } from './mmlu-scenario';
import type { Instance, ScenarioMetadata } from './schemas';

export type { EnsureDataOptions } from './download';

/** What the runner needs from a scenario class (HELM's `Scenario` subclass, by class name). */
export interface ScenarioDefinition {
  className: string;
  name: string;
  description: string;
  tags: string[];
  /** HELM's github URL of the module, as written in `scenario.json`. */
  definitionPath: string;
  /** Downloads data if needed (see ensureData), then loads instances in HELM's order. */
  getInstances(args: Record<string, ArgValue>, scenarioDir: string, options?: EnsureDataOptions): Promise<Instance[]>;
  /** Makes the data present under `scenarioDir` (no network when already there). */
  ensureData(scenarioDir: string, options: EnsureDataOptions): Promise<void>;
}

const HELM_SOURCE_URL = 'https://github.com/stanford-crfm/helm/blob/main/src/';

function definitionPathOf(className: string): string {
  const modulePath = className.split('.').slice(0, -1).join('/');
  return `${HELM_SOURCE_URL}${modulePath}.py`;
}

type ScenarioEntry = Omit<ScenarioDefinition, 'definitionPath'>;

/** Generated scenarios download nothing. */
async function noData(): Promise<void> {}


/** Class attributes `name`, `description`, `tags` exactly as HELM's classes define them. */
const ENTRIES: ScenarioEntry[] = [
  {
    className: 'helm.benchmark.scenarios.mmlu_scenario.MMLUScenario',
    name: 'mmlu',
    description: 'Massive Multitask Language Understanding',
    tags: ['knowledge', 'multiple_choice'],
    getInstances: getMmluInstances,
    ensureData: ensureMmluData,
  },
  {
    className: 'helm.benchmark.scenarios.gsm_scenario.GSM8KScenario',
    name: 'gsm',
    description: 'Grade school math dataset with 8.5K examples (GSM8K).',
    tags: ['reasoning', 'math'],
    getInstances: getGsmInstances,
    ensureData: ensureGsmData,
  },
  {
    className: 'helm.benchmark.scenarios.lsat_qa_scenario.LSATScenario',
    name: 'lsat_qa',
    description: 'Question answering dataset with questions from LSAT exams.',
    tags: ['question_answering'],
    getInstances: getLsatInstances,
    ensureData: ensureLsatData,
  },
  {
    className: 'helm.benchmark.scenarios.synthetic_reasoning_scenario.SyntheticReasoningScenario',
    name: 'synthetic_reasoning',
    description: 'Synthetic reasoning benchmark',
    tags: ['reasoning', 'language', 'pattern_matching'],
    getInstances: getSyntheticReasoningInstances,
    ensureData: noData,
  },
  {
    className: 'helm.benchmark.scenarios.synthetic_reasoning_natural_scenario.SRNScenario',
    // HELM's spelling (its scenario folder is scenarios/sythetic_reasoning_natural).
    name: 'sythetic_reasoning_natural',
    description: 'Language Pattern Matching',
    tags: ['reasoning', 'language', 'pattern_matching'],
    getInstances: getSyntheticReasoningNaturalInstances,
    ensureData: noData,
  },
  {
    className: 'helm.benchmark.scenarios.wikitext_103_scenario.Wikitext103Scenario',
    name: 'wikitext_103',
    description: 'The WikiText language modeling dataset containing over 103 million words',
    tags: ['language_modeling'],
    getInstances: getWikitext103Instances,
    ensureData: ensureWikitext103Data,
  },
  {
    className: 'helm.benchmark.scenarios.boolq_scenario.BoolQScenario',
    name: 'boolq',
    description: 'Question answering dataset with naturally occurring Yes/No questions.',
    tags: ['question_answering'],
    getInstances: getBoolqInstances,
    ensureData: ensureBoolqData,
  },
  {
    className: 'helm.benchmark.scenarios.truthful_qa_scenario.TruthfulQAScenario',
    name: 'truthful_qa',
    description: 'Truthful QA',
    tags: ['knowledge', 'harms', 'multiple_choice'],
    getInstances: getTruthfulQaInstances,
    ensureData: ensureTruthfulQaData,
  },
  {
    className: 'helm.benchmark.scenarios.commonsense_scenario.HellaSwagScenario',
    name: 'hellaswag',
    description: 'Benchmark from https://arxiv.org/pdf/1905.07830.pdf.',
    tags: ['knowledge', 'multiple_choice'],
    getInstances: getHellaswagInstances,
    ensureData: ensureHellaswagData,
  },
  {
    className: 'helm.benchmark.scenarios.commonsense_scenario.OpenBookQA',
    name: 'openbookqa',
    description: 'Benchmark from https://aclanthology.org/D18-1260.pdf.',
    tags: ['knowledge', 'multiple_choice'],
    getInstances: getOpenbookqaInstances,
    ensureData: ensureOpenbookqaData,
  },
  {
    className: 'helm.benchmark.scenarios.narrativeqa_scenario.NarrativeQAScenario',
    name: 'narrativeqa',
    description: 'Question answering using summaries of books/movie scripts.',
    tags: ['question_answering'],
    getInstances: getNarrativeqaInstances,
    ensureData: ensureNarrativeqaData,
  },
];

export const SCENARIOS: Readonly<Record<string, ScenarioDefinition>> = Object.fromEntries(
  ENTRIES.map((entry) => [entry.className, { ...entry, definitionPath: definitionPathOf(entry.className) }]),
);

export function getScenario(className: string): ScenarioDefinition {
  const scenario = SCENARIOS[className];
  if (scenario === undefined) {
    throw new HelmInputError(
      `Scenario class ${className} is not implemented.${didYouMean(className, Object.keys(SCENARIOS))} ` +
        `Implemented: ${Object.keys(SCENARIOS).join(', ')}`,
    );
  }
  return scenario;
}

/** `scenario.json` content. */
export function scenarioMetadata(scenario: ScenarioDefinition): ScenarioMetadata {
  return {
    name: scenario.name,
    description: scenario.description,
    tags: [...scenario.tags],
    definition_path: scenario.definitionPath,
  };
}
