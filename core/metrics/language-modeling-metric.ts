import { ScenarioState } from '../adaptation/schemas';
import { computeLanguageModelingMetrics, computePerplexityMetrics } from './language-modeling';
import { MetricInterface, MetricResult, MetricServices, PerInstanceStatsEntry, addContext } from './metric';
import { MetricContext, contextKey, contextOf, metricName } from './metric-name';
import { computeRequestStateMetrics } from './request-state-metrics';
import { Stat, StatMap, mergeStat } from './stat';

/**
 * HELM's `LanguageModelingMetric(names)` for the `language_modeling` adapter (`names` unused): one
 * pass over every request state (each document chunk is its own state, all in trial 0), request-
 * state and LM stats per state, then per context the perplexity family from sums and
 * `num_instances` (distinct instance ids); each stat collapsed to its mean. No worst-case stats.
 */
export class LanguageModelingMetric implements MetricInterface {
  constructor(readonly names: readonly string[] = []) {}

  evaluate(scenarioState: ScenarioState, services: MetricServices): MetricResult {
    const trialStats: StatMap = new Map();
    const perInstance: PerInstanceStatsEntry[] = [];
    const idsByContext = new Map<string, Set<string>>();
    for (const rs of scenarioState.request_states) {
      const context = contextOf(rs.instance);
      const id = rs.instance.id;
      if (id === undefined) throw new Error('LanguageModelingMetric needs instance ids; an instance has none');
      const stats = [
        ...computeRequestStateMetrics(scenarioState.adapter_spec, rs, services),
        ...computeLanguageModelingMetrics(rs),
      ].map((s) => addContext(s, context));
      const ids = idsByContext.get(contextKey(context)) ?? new Set<string>();
      ids.add(id);
      idsByContext.set(contextKey(context), ids);
      perInstance.push({ instanceId: id, perturbation: rs.instance.perturbation, trainTrialIndex: 0, stats });
      for (const stat of stats) mergeStat(trialStats, stat);
    }

    const groups = new Map<string, { context: MetricContext; stats: Stat[] }>();
    for (const stat of trialStats.values()) {
      const key = contextKey(stat.name);
      const group = groups.get(key) ?? { context: contextOf(stat.name), stats: [] };
      group.stats.push(stat);
      groups.set(key, group);
    }
    for (const [key, { context, stats }] of groups) {
      for (const stat of computePerplexityMetrics(stats)) mergeStat(trialStats, addContext(stat, context));
      const count = idsByContext.get(key)?.size ?? 0;
      mergeStat(trialStats, addContext(new Stat(metricName('num_instances')).add(count), context));
    }

    const globalStats: StatMap = new Map();
    for (const stat of trialStats.values()) mergeStat(globalStats, stat.takeMean());
    return { aggregatedStats: [...globalStats.values()], perInstanceStats: perInstance };
  }
}
