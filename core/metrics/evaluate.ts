import { ScenarioState } from '../adaptation/schemas';
import { HelmInputError, didYouMean } from '../common/errors';
import { ObjectSpec, RunSpec } from '../run-specs/schemas';
import { DryRunMetric } from './dry-run-metric';
import './builtins';
import { MetricInterface, MetricServices, PerInstanceStatsEntry } from './metric';
import { metricRegistry } from './metric-registry';
import { PerInstanceStats, StatJson } from './schemas';
import { Stat, hasNanSum } from './stat';
import { MetricUnavailableError } from './unavailable-metric';

/** `create_metric(metric_spec)`: the metric class a spec names, built from its args. */
export function createMetric(spec: ObjectSpec): MetricInterface {
  const factory = metricRegistry.get(spec.class_name);
  if (factory === undefined) {
    throw new HelmInputError(
      `Unsupported metric class ${spec.class_name}.${didYouMean(spec.class_name, metricRegistry.names())} ` +
        `Supported: ${metricRegistry.names().join(', ')}`,
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
 * (also inside per-instance entries). Metrics that need an unavailable outside service are
 * skipped and named in `unavailableMetrics`.
 */
export function evaluateMetrics(
  runSpec: RunSpec,
  scenarioState: ScenarioState,
  services: EvaluateServices,
): { stats: StatJson[]; perInstanceStats: PerInstanceStats[]; unavailableMetrics: string[] } {
  const metrics: MetricInterface[] =
    services.dryRun === true ? [new DryRunMetric()] : runSpec.metric_specs.map(createMetric);
  const stats: Stat[] = [];
  const perInstance: PerInstanceStatsEntry[] = [];
  const unavailableMetrics: string[] = [];
  for (const metric of metrics) {
    let result;
    try {
      result = metric.evaluate(scenarioState, services);
    } catch (error) {
      // A metric that needs an outside model or service: the others are still computed and written.
      if (!(error instanceof MetricUnavailableError)) throw error;
      if (!unavailableMetrics.includes(error.message)) unavailableMetrics.push(error.message);
      continue;
    }
    stats.push(...result.aggregatedStats);
    perInstance.push(...result.perInstanceStats);
    // A metric computed in part: its stats are kept and the missing part named.
    for (const message of result.unavailable ?? []) if (!unavailableMetrics.includes(message)) unavailableMetrics.push(message);
  }
  return { stats: keptStats(stats), perInstanceStats: perInstance.map(perInstanceJson), unavailableMetrics };
}
