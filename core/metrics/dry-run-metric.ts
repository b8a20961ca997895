import { RequestState, ScenarioState } from '../adaptation/schemas';
import { metricName } from './metric-name';
import { MetricInterface, MetricResult, MetricServices, PerInstanceStatsEntry } from './metric';
import { pyMul } from './py-math';
import { Stat, StatMap, mergeStat } from './stat';
import { estimateTokenCost } from './token-cost';

/**
 * HELM's `Processor.process` (dry_run_metrics.py): the stats of one request state, in order
 * `estimated_num_tokens_cost`, `num_completions`, `max_num_completion_tokens`, `num_prompt_tokens`.
 * Names carry no split/perturbation; the request's result is not used (dry runs have none).
 */
export function dryRunRequestStats(requestState: RequestState, services: MetricServices): Stat[] {
  const request = requestState.request;
  return [
    new Stat(metricName('estimated_num_tokens_cost')).add(estimateTokenCost(request, services)),
    new Stat(metricName('num_completions')).add(request.num_completions),
    // An overestimate of the output tokens: sequences can stop early.
    new Stat(metricName('max_num_completion_tokens')).add(pyMul(request.num_completions, request.max_tokens)),
    new Stat(metricName('num_prompt_tokens')).add(services.countTokens(request.prompt)),
  ];
}

/**
 * HELM's `DryRunMetric` (the runner's only metric under `--dry-run`): one per-instance entry per
 * request state (in request-state order, so repeated instance ids are possible), and the
 * per-request stats merged by name in first-seen order, followed by `num_requests`.
 */
export class DryRunMetric implements MetricInterface {
  toString(): string {
    return 'DryRunMetric';
  }

  evaluate(scenarioState: ScenarioState, services: MetricServices): MetricResult {
    const requestStates = scenarioState.request_states;
    const results = requestStates.map((rs) => dryRunRequestStats(rs, services));

    const perInstanceStats: PerInstanceStatsEntry[] = requestStates.map((rs, i) => {
      // HELM: `cast(str, request_state.instance.id)`; the runner always assigns instance ids.
      const id = rs.instance.id;
      if (id === undefined) throw new Error('DryRunMetric needs instance ids; an instance has none');
      return { instanceId: id, perturbation: rs.instance.perturbation, trainTrialIndex: rs.train_trial_index, stats: results[i] };
    });

    const stats: StatMap = new Map();
    for (const instanceStats of results) for (const stat of instanceStats) mergeStat(stats, stat);
    mergeStat(stats, new Stat(metricName('num_requests')).add(requestStates.length));

    return { aggregatedStats: [...stats.values()], perInstanceStats };
  }
}
