/** The built-in metric classes: one line each, through the same call a plugin uses. */
import { z } from 'zod';
import { APPSMetric, APPSMetricArgs } from './apps-metric';
import { BasicGenerationMetric } from './basic-generation-metric';
import { BasicReferenceMetric } from './basic-reference-metric';
import { BBQMetric } from './bbq-metric';
import { BiasMetric } from './bias-metric';
import { ClassificationMetric, MultipleChoiceClassificationMetric } from './classification-metrics';
import { InstancesPerSplitMetric } from './instances-per-split-metric';
import { LanguageModelingMetric } from './language-modeling-metric';
import { registerMetric } from './metric-registry';
import { RankingMetric, type RankingMetricArgs } from './ranking-metric';
import { UnavailableMetric } from './unavailable-metric';
import { BasicCopyrightArgs, BasicCopyrightMetric } from './copyright-metric';
import { DisinformationArgs, DisinformationMetric } from './disinformation-metric';
import { SummarizationArgs, SummarizationMetric } from './summarization-metric';

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error(`${what} must be a list of strings`);
  }
  return value;
}

/** `ClassificationMetric`'s keyword arguments (absent or null = HELM's default). */
const ClassificationArgs = z
  .object({
    averages: z.array(z.enum(['micro', 'macro', 'weighted']).nullable()).nullable().optional(),
    labels: z.array(z.string()).nullable().optional(),
    scores: z.array(z.enum(['f1', 'precision', 'recall'])).nullable().optional(),
    delimiter: z.string().nullable().optional(),
  })
  .strict();

/** `BiasMetric`'s keyword arguments. */
const BiasArgs = z
  .object({
    mode: z.enum(['representation', 'associations']),
    demographic_category: z.enum(['race', 'gender']),
    target_category: z.enum(['adjective', 'profession']).nullable().optional(),
  })
  .strict();

/** `RankingMetric`'s keyword arguments. */
const RankingArgs = z
  .object({
    method: z.string(),
    measure_names: z.array(z.string()),
    correct_output: z.string(),
    wrong_output: z.string(),
    rank: z.number().int().nullable().optional(),
    multiple_relevance_values: z.boolean().optional(),
  })
  .strict();

const BASIC = 'helm.benchmark.metrics.basic_metrics';
const METRICS = 'helm.benchmark.metrics';

/** Metrics whose computation needs a third-party model or service: they fail alone, with this message. */
function registerUnavailable(className: string, needs: string): void {
  registerMetric(className, () => new UnavailableMetric(className, needs));
}
const CLASSIFICATION = 'helm.benchmark.metrics.classification_metrics';

registerMetric(`${BASIC}.BasicGenerationMetric`, (args) => new BasicGenerationMetric(stringList(args['names'], 'BasicGenerationMetric names')));
registerMetric(`${BASIC}.BasicReferenceMetric`, () => new BasicReferenceMetric());
registerMetric(`${BASIC}.InstancesPerSplitMetric`, () => new InstancesPerSplitMetric());
registerMetric(`${CLASSIFICATION}.ClassificationMetric`, (args) => new ClassificationMetric(ClassificationArgs.parse(args)));
registerMetric(`${CLASSIFICATION}.MultipleChoiceClassificationMetric`, () => new MultipleChoiceClassificationMetric());
registerMetric(
  'helm.benchmark.metrics.language_modeling_metrics.LanguageModelingMetric',
  (args) => new LanguageModelingMetric(args['names'] === undefined ? [] : stringList(args['names'], 'LanguageModelingMetric names')),
);
registerMetric(`${METRICS}.bbq_metrics.BBQMetric`, () => new BBQMetric());
registerMetric(`${METRICS}.bias_metrics.BiasMetric`, (args) => new BiasMetric(BiasArgs.parse(args)));
registerUnavailable(`${METRICS}.toxicity_metrics.ToxicityMetric`, 'the Perspective API (a Google API key and network access)');
registerMetric(`${METRICS}.summarization_metrics.SummarizationMetric`, (args) => new SummarizationMetric(SummarizationArgs.parse(args)));
registerUnavailable(
  `${METRICS}.instruction_following_critique_metrics.InstructionFollowingCritiqueMetric`,
  'a critique service (human raters via Surge AI/Scale AI, or a model critic)',
);
registerUnavailable(
  `${METRICS}.disinformation_metrics.DisinformationHumanEvalMetrics`,
  "the disinformation human-evaluation results (CodaLab files HELM downloads)",
);
registerMetric(`${METRICS}.code_metrics.APPSMetric`, (args) => {
  const { names, timeout } = APPSMetricArgs.parse(args);
  return new APPSMetric(names, timeout);
});
registerMetric(`${METRICS}.copyright_metrics.BasicCopyrightMetric`, (args) => new BasicCopyrightMetric(BasicCopyrightArgs.parse(args)));
registerMetric(`${METRICS}.disinformation_metrics.DisinformationMetric`, (args) => new DisinformationMetric(DisinformationArgs.parse(args)));
registerMetric(`${METRICS}.ranking_metrics.RankingMetric`, (args) => new RankingMetric(RankingArgs.parse(args) as RankingMetricArgs));
