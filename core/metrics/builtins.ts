/** The built-in metric classes: one line each, through the same call a plugin uses. */
import { z } from 'zod';
import { BasicGenerationMetric } from './basic-generation-metric';
import { BasicReferenceMetric } from './basic-reference-metric';
import { ClassificationMetric, MultipleChoiceClassificationMetric } from './classification-metrics';
import { InstancesPerSplitMetric } from './instances-per-split-metric';
import { LanguageModelingMetric } from './language-modeling-metric';
import { registerMetric } from './metric-registry';

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

const BASIC = 'helm.benchmark.metrics.basic_metrics';
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
