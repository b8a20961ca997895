import { z } from 'zod';
import { ScenarioState } from '../adaptation/schemas';
import { ObjectSpec, RunSpec } from '../run-specs/schemas';
import { BasicGenerationMetric } from './basic-generation-metric';
import { BasicReferenceMetric } from './basic-reference-metric';
import { ClassificationMetric, MultipleChoiceClassificationMetric } from './classification-metrics';
import { DryRunMetric } from './dry-run-metric';
import { InstancesPerSplitMetric } from './instances-per-split-metric';
import { LanguageModelingMetric } from './language-modeling-metric';
import { MetricInterface, MetricServices, PerInstanceStatsEntry } from './metric';
import { PerInstanceStats, StatJson } from './schemas';
import { Stat, hasNanSum } from './stat';

type MetricFactory = (args: ObjectSpec['args']) => MetricInterface;

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

/** Metric classes by HELM class name. */
export const METRIC_REGISTRY: Readonly<Record<string, MetricFactory>> = {
  'helm.benchmark.metrics.basic_metrics.BasicGenerationMetric': (args) =>
    new BasicGenerationMetric(stringList(args['names'], 'BasicGenerationMetric names')),
  'helm.benchmark.metrics.basic_metrics.BasicReferenceMetric': () => new BasicReferenceMetric(),
  'helm.benchmark.metrics.basic_metrics.InstancesPerSplitMetric': () => new InstancesPerSplitMetric(),
  'helm.benchmark.metrics.classification_metrics.ClassificationMetric': (args) =>
    new ClassificationMetric(ClassificationArgs.parse(args)),
  'helm.benchmark.metrics.classification_metrics.MultipleChoiceClassificationMetric': () =>
    new MultipleChoiceClassificationMetric(),
  'helm.benchmark.metrics.language_modeling_metrics.LanguageModelingMetric': (args) =>
    new LanguageModelingMetric(args['names'] === undefined ? [] : stringList(args['names'], 'LanguageModelingMetric names')),
};

/** `create_metric(metric_spec)`. */
export function createMetric(spec: ObjectSpec): MetricInterface {
  const factory = METRIC_REGISTRY[spec.class_name];
  if (factory === undefined) {
    throw new Error(
      `Unsupported metric class ${spec.class_name}; supported: ${Object.keys(METRIC_REGISTRY).join(', ')}`,
    );
  }
  return factory(spec.args);
}

function keptStats(stats: readonly Stat[]): StatJson[] {
  return stats.filter((s) => !hasNanSum(s)).map((s) => s.toJson());
}

function perInstanceJson(entry: PerInstanceStatsEntry): PerInstanceStats {
  return {
    instance_id: entry.instanceId,
    perturbation: entry.perturbation,
    train_trial_index: entry.trainTrialIndex,
    stats: keptStats(entry.stats),
  };
}

/** Metric services plus the runner's `--dry-run` flag. */
export interface EvaluateServices extends MetricServices {
  /** `--dry-run`: evaluate only HELM's `DryRunMetric`, ignoring `run_spec.metric_specs`. */
  dryRun?: boolean;
}

/**
 * The runner's metrics step: one metric per `run_spec.metric_specs` entry, in order (only
 * `DryRunMetric` when `services.dryRun`); results concatenated; stats whose sum is NaN dropped
 * (also inside per-instance entries).
 */
export function evaluateMetrics(
  runSpec: RunSpec,
  scenarioState: ScenarioState,
  services: EvaluateServices,
): { stats: StatJson[]; perInstanceStats: PerInstanceStats[] } {
  const metrics: MetricInterface[] =
    services.dryRun === true ? [new DryRunMetric()] : runSpec.metric_specs.map(createMetric);
  const stats: Stat[] = [];
  const perInstance: PerInstanceStatsEntry[] = [];
  for (const metric of metrics) {
    const result = metric.evaluate(scenarioState, services);
    stats.push(...result.aggregatedStats);
    perInstance.push(...result.perInstanceStats);
  }
  return { stats: keptStats(stats), perInstanceStats: perInstance.map(perInstanceJson) };
}
