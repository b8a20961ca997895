import type { AppsProblemLookup } from './apps-metric';
import type { CodeProblemLookup } from './reference-metrics';
import { toNumber } from '../common/py-number';
import { RequestState, ScenarioState } from '../adaptation/schemas';
import { AdapterSpec } from '../run-specs/schemas';
import { Instance, PerturbationDescription } from '../scenarios/schemas';
import { MetricContext, contextKey, contextOf, withContext } from './metric-name';
import { Stat, StatMap, mergeStat } from './stat';
import { computeWorstCaseMetrics } from './worst-case';

/** What metrics may ask of the outside world (HELM's MetricService, tokenizer part). */
export interface MetricServices {
  /** Number of tokens of `text` with the deployment's tokenizer (window service). */
  countTokens(text: string): number;
  /** Tokens of `text` (needed by BasicReferenceMetric for separate/ranking adapters). */
  tokenize?(text: string): string[];
  /** A code instance's test cases (HumanEval's problem record), for `code_eval_acc` and `pass`. */
  codeProblem?: CodeProblemLookup;
  /** An APPS instance's problem folder (its input_output.json), for APPSMetric. */
  appsProblem?: AppsProblemLookup;
}

export interface PerInstanceStatsEntry {
  instanceId: string;
  perturbation?: PerturbationDescription;
  trainTrialIndex: number;
  stats: Stat[];
}

export interface MetricResult {
  aggregatedStats: Stat[];
  perInstanceStats: PerInstanceStatsEntry[];
  /** Parts of the metric left out for want of a third-party model or service (see MetricUnavailableError). */
  unavailable?: string[];
}

export interface MetricInterface {
  evaluate(scenarioState: ScenarioState, services: MetricServices): MetricResult;
}

/** `add_context`: a fresh stat renamed with the context, holding the old stat's values. */
export function addContext(stat: Stat, context: MetricContext): Stat {
  return new Stat(withContext(stat.name, context)).merge(stat);
}

/** Python `Instance` objects hash by identity; equal JSON stands in for "same object". */
/** Keys of instance objects already seen: each request state's instance is keyed many times. */
const instanceKeys = new WeakMap<Instance, string>();

export function instanceKey(instance: Instance): string {
  let key = instanceKeys.get(instance);
  if (key === undefined) {
    key = JSON.stringify(instance);
    instanceKeys.set(instance, key);
  }
  return key;
}

/** `ScenarioState.instances` and `get_request_states` (HELM's derived indices). */
export class ScenarioIndex {
  readonly instances: Instance[] = [];
  private readonly byKey = new Map<string, RequestState[]>();

  constructor(readonly state: ScenarioState) {
    const seen = new Set<string>();
    for (const rs of state.request_states) {
      const key = instanceKey(rs.instance);
      if (!seen.has(key)) {
        seen.add(key);
        this.instances.push(rs.instance);
      }
      const mapKey = ScenarioIndex.key(rs.train_trial_index, key, rs.reference_index);
      const list = this.byKey.get(mapKey);
      if (list === undefined) this.byKey.set(mapKey, [rs]);
      else list.push(rs);
    }
  }

  private static key(trial: number, instance: string, referenceIndex: number | undefined): string {
    return JSON.stringify([trial, instance, referenceIndex ?? null]);
  }

  requestStates(trial: number, instance: Instance, referenceIndex: number | undefined): RequestState[] {
    return this.byKey.get(ScenarioIndex.key(trial, instanceKey(instance), referenceIndex)) ?? [];
  }
}

export function numTrainTrials(adapterSpec: AdapterSpec): number {
  return toNumber(adapterSpec.num_train_trials);
}

function instanceId(instance: Instance): string {
  if (instance.id === undefined) throw new Error('Metric evaluation needs instance ids; an instance has none');
  return instance.id;
}

/** The hooks of HELM's `Metric` (per request state) and `ReferenceMetric` (per instance). */
export interface TrialHooks {
  /** Stats of one instance (before context is added); [] when it has no request states. */
  evaluateInstance(adapterSpec: AdapterSpec, index: ScenarioIndex, trial: number, instance: Instance): Stat[];
  deriveStats?(stats: Stat[]): Stat[];
  derivePerInstanceStats?(perInstance: Stat[][]): Stat[];
}

/**
 * The trial loop shared by `Metric.evaluate` and `ReferenceMetric.evaluate`: per-instance stats
 * with the instance's context, merged per trial, derived stats per context, worst-case stats,
 * then each trial stat collapsed to its mean and merged across trials.
 */
export function runTrialLoop(scenarioState: ScenarioState, hooks: TrialHooks): MetricResult {
  if (scenarioState.adapter_spec.method === 'language_modeling') {
    throw new Error('Metric cannot handle the language_modeling adapter; use LanguageModelingMetric');
  }
  const adapterSpec = scenarioState.adapter_spec;
  const index = new ScenarioIndex(scenarioState);
  const globalStats: StatMap = new Map();
  const allPerInstance: PerInstanceStatsEntry[] = [];

  for (let trial = 0; trial < numTrainTrials(adapterSpec); trial++) {
    const results = index.instances.map((instance) => {
      const context = contextOf(instance);
      return hooks.evaluateInstance(adapterSpec, index, trial, instance).map((s) => addContext(s, context));
    });

    index.instances.forEach((instance, i) => {
      const id = instanceId(instance);
      if (results[i].length > 0) {
        allPerInstance.push({ instanceId: id, perturbation: instance.perturbation, trainTrialIndex: trial, stats: results[i] });
      }
    });

    const trialStats: StatMap = new Map();
    for (const stats of results) for (const stat of stats) mergeStat(trialStats, stat);

    if (hooks.deriveStats !== undefined) {
      const byContext = new Map<string, { context: MetricContext; stats: Stat[] }>();
      for (const stat of trialStats.values()) {
        const key = contextKey(stat.name);
        const group = byContext.get(key) ?? { context: contextOf(stat.name), stats: [] };
        group.stats.push(stat);
        byContext.set(key, group);
      }
      for (const { context, stats } of byContext.values()) {
        for (const stat of hooks.deriveStats(stats)) mergeStat(trialStats, addContext(stat, context));
      }
    }

    if (hooks.derivePerInstanceStats !== undefined) {
      const byContext = new Map<string, { context: MetricContext; perInstance: Map<string, Stat[]> }>();
      index.instances.forEach((instance, i) => {
        for (const stat of results[i]) {
          const key = contextKey(instance);
          const group = byContext.get(key) ?? { context: contextOf(instance), perInstance: new Map<string, Stat[]>() };
          byContext.set(key, group);
          const iKey = instanceKey(instance);
          group.perInstance.set(iKey, [...(group.perInstance.get(iKey) ?? []), stat]);
        }
      });
      for (const { context, perInstance } of byContext.values()) {
        for (const stat of hooks.derivePerInstanceStats([...perInstance.values()])) {
          mergeStat(trialStats, addContext(stat, context));
        }
      }
    }

    const worst = computeWorstCaseMetrics(
      index.instances.map((instance, i) => ({ instanceId: instanceId(instance), stats: results[i] })),
    );
    for (const stat of worst) mergeStat(trialStats, stat);

    for (const stat of trialStats.values()) mergeStat(globalStats, stat.takeMean());
  }
  return { aggregatedStats: [...globalStats.values()], perInstanceStats: allPerInstance };
}

