import { AdapterSpec } from '../run-specs/schemas';
import { RequestState, ScenarioState } from '../adaptation/schemas';
import { computeCalibrationMetrics } from './calibration-metrics';
import { computeLanguageModelingMetrics, computePerplexityMetrics } from './language-modeling';
import { MetricInterface, MetricResult, MetricServices, runTrialLoop } from './metric';
import { computeReferenceMetrics } from './reference-metrics';
import { computeRequestStateMetrics } from './request-state-metrics';
import { Stat } from './stat';

/**
 * HELM's `BasicGenerationMetric(names)`: request-state, reference (`names`, `@k`, `max_prob`) and
 * language-modeling stats per generation request state; perplexity and calibration derived.
 */
export class BasicGenerationMetric implements MetricInterface {
  constructor(readonly names: readonly string[]) {}

  evaluateGeneration(adapterSpec: AdapterSpec, requestState: RequestState, services: MetricServices): Stat[] {
    const stats = computeRequestStateMetrics(adapterSpec, requestState, services);
    if (requestState.instance.references.length > 0) {
      stats.push(...computeReferenceMetrics(this.names, adapterSpec, requestState, services.codeProblem));
    }
    stats.push(...computeLanguageModelingMetrics(requestState));
    return stats;
  }

  evaluate(scenarioState: ScenarioState, services: MetricServices): MetricResult {
    return runTrialLoop(scenarioState, {
      evaluateInstance: (adapterSpec, index, trial, instance) => {
        const states = index.requestStates(trial, instance, undefined);
        if (states.length === 0) return [];
        if (states.length > 1) throw new Error(`Expected one generation request state, got ${states.length}`);
        return this.evaluateGeneration(adapterSpec, states[0], services);
      },
      deriveStats: (stats) => computePerplexityMetrics(stats),
      derivePerInstanceStats: (perInstance) => computeCalibrationMetrics(perInstance),
    });
  }
}
