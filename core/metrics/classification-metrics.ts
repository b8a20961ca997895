import { pyFloat, toNumber } from '../common/py-number';
import { RequestState, ScenarioState } from '../adaptation/schemas';
import { CORRECT_TAG } from '../scenarios/schemas';
import { MetricInterface, MetricResult, ScenarioIndex, addContext, numTrainTrials } from './metric';
import { MetricContext, contextKey, contextOf, metricName } from './metric-name';
import { pyStrip } from './py-text';
import { normalizeText } from './scoring';
import { Average, ScoreName, labelSetScore, pySortedStrings } from './sklearn-f1';
import { Stat, StatMap, mergeStat } from './stat';

/**
 * HELM's `EvaluateInstancesMetric.evaluate`: per train trial, the generation request states of all
 * instances grouped by context, one `evaluateInstances` call per context, each stat collapsed to
 * its mean per trial and merged across trials. No per-instance or worst-case stats.
 */
export function evaluateInstancesLoop(
  scenarioState: ScenarioState,
  evaluateInstances: (requestStates: RequestState[]) => Stat[],
): MetricResult {
  const index = new ScenarioIndex(scenarioState);
  const globalStats: StatMap = new Map();
  for (let trial = 0; trial < numTrainTrials(scenarioState.adapter_spec); trial++) {
    const groups = new Map<string, { context: MetricContext; states: RequestState[] }>();
    for (const instance of index.instances) {
      const key = contextKey(instance);
      const group = groups.get(key) ?? { context: contextOf(instance), states: [] };
      group.states.push(...index.requestStates(trial, instance, undefined));
      groups.set(key, group);
    }
    const trialStats: StatMap = new Map();
    for (const { context, states } of groups.values()) {
      for (const stat of evaluateInstances(states)) mergeStat(trialStats, addContext(stat, context));
    }
    for (const stat of trialStats.values()) mergeStat(globalStats, stat.takeMean());
  }
  return { aggregatedStats: [...globalStats.values()], perInstanceStats: [] };
}

const AVERAGE_OPTIONS: readonly Average[] = ['micro', 'macro', 'weighted', null];
const SCORE_OPTIONS: readonly ScoreName[] = ['f1', 'precision', 'recall'];

const normalizeLabel = (text: string): string => normalizeText(text, false);

export interface ClassificationMetricArgs {
  averages?: Average[] | null;
  labels?: string[] | null;
  scores?: ScoreName[] | null;
  delimiter?: string | null;
}

/** HELM's `ClassificationMetric` (generation adapter): population F1/precision/recall. */
export class ClassificationMetric implements MetricInterface {
  readonly averages: Average[];
  readonly scores: ScoreName[];
  readonly labels: string[] | null;
  readonly delimiter: string | null;

  constructor(args: ClassificationMetricArgs = {}) {
    // Python `x or default`: an empty list also means the default.
    this.averages = args.averages && args.averages.length > 0 ? args.averages : ['macro', 'micro'];
    for (const a of this.averages) {
      if (!AVERAGE_OPTIONS.includes(a)) throw new Error(`Each value in \`averages\` must be set to one of ['micro', 'macro', 'weighted', None].`);
    }
    this.scores = args.scores && args.scores.length > 0 ? args.scores : ['f1'];
    for (const s of this.scores) {
      if (!SCORE_OPTIONS.includes(s)) throw new Error(`Each value in \`scores\` must be set to one of ['f1', 'precision', 'recall'].`);
    }
    this.labels = args.labels ?? null;
    this.delimiter = args.delimiter ?? null;
  }

  private isMultiLabel(): boolean {
    return this.delimiter !== null && this.delimiter !== '';
  }

  evaluateInstances(requestStates: readonly RequestState[]): Stat[] {
    const yTrue: string[][] = [];
    const yPred: string[][] = [];
    for (const rs of requestStates) {
      if (rs.reference_index !== undefined) throw new Error('ClassificationMetric does not support multiple choice separate adapters');
      if (rs.request_mode === 'calibration') throw new Error('ClassificationMetric does not support calibration requests');
      if (rs.result === undefined) throw new Error('ClassificationMetric: request state has no result');
      if (rs.result.completions.length !== 1) throw new Error('Result must contain exactly one completion');
      if (rs.output_mapping !== undefined && Object.keys(rs.output_mapping).length > 0) {
        throw new Error('ClassificationMetric does not support multiple choice adapters');
      }
      const references = rs.instance.references.filter((r) => r.tags.includes(CORRECT_TAG));
      if (!this.isMultiLabel() && references.length !== 1) {
        throw new Error(`ClassificationMetric expects exactly one correct reference, got ${references.length}`);
      }
      yTrue.push(references.filter((r) => r.output.text !== '').map((r) => normalizeLabel(r.output.text)));
      const text = rs.result.completions[0].text;
      const predictions = this.isMultiLabel() ? text.split(this.delimiter as string) : [text];
      yPred.push(predictions.filter((p) => p !== '').map(normalizeLabel));
    }
    const classes = pySortedStrings(
      new Set(this.labels !== null && this.labels.length > 0 ? this.labels.map(normalizeLabel) : yTrue.flat()),
    );
    const stats: Stat[] = [];
    for (const average of this.averages) {
      for (const scoreName of this.scores) {
        const value = labelSetScore(scoreName, yTrue, yPred, classes, average);
        if (Array.isArray(value)) {
          value.forEach((v, i) => stats.push(new Stat(metricName(`classification_${classes[i]}_${scoreName}`)).add(pyFloat(v))));
        } else {
          stats.push(new Stat(metricName(`classification_${average ?? 'None'}_${scoreName}`)).add(pyFloat(value)));
        }
      }
    }
    return stats;
  }

  evaluate(scenarioState: ScenarioState): MetricResult {
    return evaluateInstancesLoop(scenarioState, (states) => this.evaluateInstances(states));
  }
}

/** HELM's `MultipleChoiceClassificationMetric`: macro/micro F1 of the mapped best completion. */
export class MultipleChoiceClassificationMetric implements MetricInterface {
  evaluateInstances(requestStates: readonly RequestState[]): Stat[] {
    const yTrue: string[] = [];
    const yPred: string[] = [];
    for (const rs of requestStates) {
      if (rs.request_mode === 'calibration') throw new Error('MultipleChoiceClassificationMetric does not support calibration requests');
      const golds = rs.instance.references.filter((r) => r.tags.includes(CORRECT_TAG));
      if (golds.length === 0) throw new Error('MultipleChoiceClassificationMetric are designed for multiple_choice_* adapters');
      if (rs.result === undefined) throw new Error('MultipleChoiceClassificationMetric: request state has no result');
      // Stable sort by descending logprob, first prediction only.
      const best = [...rs.result.completions].sort((a, b) => toNumber(b.logprob) - toNumber(a.logprob))[0];
      let pred = pyStrip(best.text);
      const mapping = rs.output_mapping;
      if (mapping !== undefined && Object.prototype.hasOwnProperty.call(mapping, pred)) pred = mapping[pred];
      yTrue.push(golds[0].output.text);
      yPred.push(pred);
    }
    const labels = pySortedStrings(new Set([...yTrue, ...yPred]));
    const t = yTrue.map((y) => [y]);
    const p = yPred.map((y) => [y]);
    return [
      new Stat(metricName('classification_macro_f1')).add(pyFloat(labelSetScore('f1', t, p, labels, 'macro') as number)),
      new Stat(metricName('classification_micro_f1')).add(pyFloat(labelSetScore('f1', t, p, labels, 'micro') as number)),
    ];
  }

  evaluate(scenarioState: ScenarioState): MetricResult {
    return evaluateInstancesLoop(scenarioState, (states) => this.evaluateInstances(states));
  }
}
