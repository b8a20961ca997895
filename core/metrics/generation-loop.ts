import type { RequestState, ScenarioState } from '../adaptation/schemas';
import type { AdapterSpec } from '../run-specs/schemas';
import { runTrialLoop, type MetricResult } from './metric';
import type { Stat } from './stat';

/** HELM's `Metric.evaluate` for a metric that only defines `evaluate_generation`: one request state per instance. */
export function generationLoop(scenarioState: ScenarioState, evaluateGeneration: (adapterSpec: AdapterSpec, requestState: RequestState) => Stat[]): MetricResult {
  return runTrialLoop(scenarioState, {
    evaluateInstance: (adapterSpec, index, trial, instance) => {
      const states = index.requestStates(trial, instance, undefined);
      if (states.length === 0) return [];
      if (states.length > 1) throw new Error(`Expected one generation request state, got ${states.length}`);
      return evaluateGeneration(adapterSpec, states[0]);
    },
  });
}
