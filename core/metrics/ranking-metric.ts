/**
 * HELM's `RankingMetric` (ranking_metrics.py) for `ranking_binary` runs (MS MARCO): the model's
 * Yes/No answers and their logprobs order a query's passages, and the ranking is scored with the
 * trec_eval measures HELM asks pytrec_eval for (RR, success, recall, NDCG at cutoffs). The trec_eval
 * measures are ported here (`trecEvalMeasure`); values are checked against pytrec_eval on goldens.
 */
import { RequestState, ScenarioState } from '../adaptation/schemas';
import { pyFloat, toNumber } from '../common/py-number';
import { AdapterSpec } from '../run-specs/schemas';
import { MetricInterface, MetricResult, MetricServices, runTrialLoop } from './metric';
import { metricName } from './metric-name';
import { pyStrip } from './py-text';
import { Stat } from './stat';

export interface RankingMetricArgs {
  method: string;
  measure_names: string[];
  correct_output: string;
  wrong_output: string;
  rank?: number | null;
  multiple_relevance_values?: boolean;
}

const SUPPORTED_MEASURES = ['recip_rank', 'success', 'recall', 'ndcg_cut'];
const BINARY_MEASURES = ['recip_rank', 'recall', 'success'];
const MISSING_RESULT_TEXT = 'missing';

interface RankingObject {
  referenceIndex: number;
  relevance: number | null;
  rank: number | null;
  modelOutput: string;
  modelLogprob: number;
  modelRelevance?: number;
}

/** `parse_measure_name`: "recall.10" → ["recall", 10]. */
export function parseMeasureName(measure: string): [string, number | null] {
  if (!measure.includes('.')) return [measure, null];
  const parts = measure.split('.');
  if (parts.length !== 2 || !/^\s*[+-]?\d+\s*$/.test(parts[1])) throw new Error(`RankingMetric: bad measure name ${JSON.stringify(measure)}`);
  return [parts[0], Number.parseInt(parts[1].trim(), 10)];
}

/** `measure_to_metric_name`: ndcg_cut.10 → NDCG@10, recip_rank.10 → RR@10, recall.5 → Recall@5. */
export function measureToMetricName(measure: string): string {
  const [name, k] = parseMeasureName(measure);
  const base = name === 'ndcg_cut' ? 'NDCG' : name === 'recip_rank' ? 'RR' : name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
  return `${base}${k ? `@${k}` : ''}`;
}

/** C's `strcmp` order (UTF-8 bytes) of two document names. */
function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

/**
 * One trec_eval measure (relevance level 1) of one query: the run's documents ranked by score,
 * ties by document name descending; a document is relevant when its qrels value is ≥ 1.
 * `undefined` when pytrec_eval reports nothing for the query (no judged document); an empty run scores 0.
 */
export function trecEvalMeasure(qrels: ReadonlyMap<string, number>, run: ReadonlyMap<string, number>, measure: string, k: number | null): number | undefined {
  if (qrels.size === 0) return undefined;
  const ranked = [...run.entries()].sort((a, b) => b[1] - a[1] || compareBytes(b[0], a[0])).map(([doc]) => qrels.get(doc));
  const relevant = (rel: number | undefined): boolean => rel !== undefined && rel >= 1;
  const numRel = [...qrels.values()].filter((r) => r >= 1).length;
  const cutoff = k ?? ranked.length;
  const top = ranked.slice(0, cutoff);
  switch (measure) {
    case 'recip_rank': {
      const first = ranked.findIndex(relevant);
      return first < 0 ? 0 : 1 / (first + 1);
    }
    case 'success':
      return top.some(relevant) ? 1 : 0;
    case 'recall':
      return numRel === 0 ? 0 : top.filter(relevant).length / numRel;
    case 'ndcg_cut': {
      let dcg = 0;
      top.forEach((rel, i) => {
        if (rel !== undefined && rel > 0) dcg += rel / Math.log2(i + 2);
      });
      let ideal = 0;
      [...qrels.values()]
        .filter((r) => r > 0)
        .sort((a, b) => b - a)
        .slice(0, cutoff)
        .forEach((rel, i) => {
          ideal += rel / Math.log2(i + 2);
        });
      return ideal > 0 ? dcg / ideal : 0;
    }
    default:
      throw new Error(`RankingMetric: trec_eval measure ${measure} is not ported`);
  }
}

export class RankingMetric implements MetricInterface {
  private readonly rank: number | null;
  private readonly multipleRelevanceValues: boolean;

  constructor(private readonly args: RankingMetricArgs) {
    if (args.method !== 'ranking_binary') throw new Error(`RankingMetric: method must be ranking_binary, got ${args.method}`);
    for (const measure of args.measure_names) {
      if (!SUPPORTED_MEASURES.includes(parseMeasureName(measure)[0])) throw new Error(`RankingMetric: measure ${measure} is not supported`);
    }
    if (args.rank !== undefined && args.rank !== null && args.rank < 0) throw new Error('RankingMetric: rank must be ≥ 0');
    this.rank = args.rank ?? null;
    this.multipleRelevanceValues = args.multiple_relevance_values ?? false;
  }

  private rankingObject(rs: RequestState): RankingObject {
    if (rs.reference_index === undefined) throw new Error('RankingMetric needs reference request states');
    const reference = rs.instance.references[rs.reference_index];
    let relevance: number | null = null;
    let rank: number | null = null;
    for (const tag of reference.tags) {
      const value = (): number => {
        const parts = tag.split('=');
        if (parts.length !== 2) throw new Error(`RankingMetric: tag ${JSON.stringify(tag)} is not key=value`);
        return Number.parseInt(parts[1], 10);
      };
      if (tag.includes('relevance')) relevance = value();
      else if (tag.includes('rank')) rank = value();
    }
    if (rs.result === undefined || rs.result === null) throw new Error('RankingMetric: a request state has no result');
    const completion = rs.result.completions[0];
    return {
      referenceIndex: rs.reference_index,
      relevance,
      rank,
      modelOutput: completion === undefined ? MISSING_RESULT_TEXT : completion.text,
      modelLogprob: completion === undefined ? 0 : toNumber(completion.logprob),
    };
  }

  /** `compute_model_relevance_binary_ranking`: Yes before No before anything else, then by logprob (stable). */
  private rankObjects(objects: RankingObject[]): RankingObject[] {
    const standardize = (text: string): string => pyStrip(text).toLowerCase();
    const score = (o: RankingObject): [number, number] => {
      const output = standardize(o.modelOutput);
      if (output === standardize(this.args.correct_output)) return [2, o.modelLogprob];
      if (output === standardize(this.args.wrong_output)) return [1, -1 * o.modelLogprob];
      return [0, -1 * o.modelLogprob];
    };
    const sorted = objects
      .map((o, i) => ({ o, i, s: score(o) }))
      .sort((a, b) => b.s[0] - a.s[0] || (b.s[1] > a.s[1] ? 1 : b.s[1] < a.s[1] ? -1 : 0) || a.i - b.i)
      .map(({ o }) => o);
    sorted.forEach((o, i) => {
      o.modelRelevance = sorted.length - i;
    });
    return sorted;
  }

  private computeMeasures(trueRelevances: Map<string, number>, runRelevances: Map<string, number>, suffix: string): Stat[] {
    return this.args.measure_names.map((measure) => {
      const [name, k] = parseMeasureName(measure);
      let qrels = trueRelevances;
      let run = runRelevances;
      if (BINARY_MEASURES.includes(name) && this.multipleRelevanceValues) {
        // binarize_dict: relevance 1 becomes 0 (not relevant), higher values stay.
        qrels = new Map([...qrels].map(([d, v]) => [d, v === 1 ? 0 : v]));
      }
      if (name === 'recip_rank' && k) {
        // limit_relevance_dict: the k best-scored documents (stable), scored by trec_eval's plain recip_rank.
        run = new Map([...run.entries()].map((e, i) => ({ e, i })).sort((a, b) => b.e[1] - a.e[1] || a.i - b.i).slice(0, k).map(({ e }) => e));
      }
      const score = trecEvalMeasure(qrels, run, name, name === 'recip_rank' ? null : k);
      if (score === undefined) throw new Error(`RankingMetric: pytrec_eval returns no ${measure} for a query without judged references (HELM fails the same way)`);
      return new Stat(metricName(`${measureToMetricName(measure)}${suffix}`)).add(pyFloat(score));
    });
  }

  evaluateReferences(_adapterSpec: AdapterSpec, states: readonly RequestState[]): Stat[] {
    const objects = this.rankObjects(states.map((rs) => this.rankingObject(rs)));
    const q = (o: RankingObject): string => `q${o.referenceIndex}`;
    const trueRelevances = new Map(objects.filter((o) => o.relevance).map((o) => [q(o), o.relevance as number]));
    const runRelevances = (limit: number | null): Map<string, number> =>
      new Map(objects.filter((o) => limit === null || (o.rank !== null && o.rank !== 0 && o.rank <= limit)).map((o) => [q(o), o.modelRelevance as number]));
    const stats = this.computeMeasures(trueRelevances, runRelevances(null), '');
    if (this.rank) stats.push(...this.computeMeasures(trueRelevances, runRelevances(this.rank), ` (topk=${this.rank})`));
    for (const o of objects) stats.push(new Stat(metricName(`ref${o.referenceIndex}_rank`)).add(objects.length - (o.modelRelevance as number)));
    return stats;
  }

  evaluate(scenarioState: ScenarioState, _services: MetricServices): MetricResult {
    return runTrialLoop(scenarioState, {
      evaluateInstance: (adapterSpec, index, trial, instance) => {
        const states = instance.references.flatMap((_, i) => index.requestStates(trial, instance, i));
        return states.length === 0 ? [] : this.evaluateReferences(adapterSpec, states);
      },
    });
  }
}

