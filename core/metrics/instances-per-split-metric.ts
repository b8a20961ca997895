import { ScenarioState } from '../adaptation/schemas';
import { MetricInterface, MetricResult, addContext, instanceKey, numTrainTrials } from './metric';
import { MetricContext, contextKey, contextOf, metricName } from './metric-name';
import { Stat, StatMap, mergeStat } from './stat';

/** HELM's `InstancesPerSplitMetric`: `num_instances` per context, averaged over train trials. */
export class InstancesPerSplitMetric implements MetricInterface {
  evaluate(scenarioState: ScenarioState): MetricResult {
    const globalStats: StatMap = new Map();
    for (let trial = 0; trial < numTrainTrials(scenarioState.adapter_spec); trial++) {
      const byContext = new Map<string, { context: MetricContext; instances: Set<string> }>();
      for (const rs of scenarioState.request_states) {
        if (rs.train_trial_index !== trial) continue;
        const key = contextKey(rs.instance);
        const group = byContext.get(key) ?? { context: contextOf(rs.instance), instances: new Set<string>() };
        group.instances.add(instanceKey(rs.instance));
        byContext.set(key, group);
      }
      const trialStats: StatMap = new Map();
      for (const { context, instances } of byContext.values()) {
        mergeStat(trialStats, addContext(new Stat(metricName('num_instances')).add(instances.size), context));
      }
      for (const stat of trialStats.values()) mergeStat(globalStats, stat.takeMean());
    }
    return { aggregatedStats: [...globalStats.values()], perInstanceStats: [] };
  }
}
