import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RequestState } from '../../../core/adaptation/schemas';
import { pyFloat } from '../../../core/common/py-number';
import { RankingMetric, type RankingMetricArgs, measureToMetricName, trecEvalMeasure } from '../../../core/metrics/ranking-metric';
import { defaultAdapterSpec } from '../../../core/run-specs/schemas';

interface Case {
  args: RankingMetricArgs;
  references: string[][];
  completions: Array<{ text: string; logprob: number }>;
  stats?: Array<{ name: string; sum: number; count: number }>;
  error?: string;
}

// HELM's RankingMetric with pytrec_eval on the same rankings (scripts/helm-reference/ranking-metric-goldens.py).
const CASES = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/metrics/ranking_metric.json'), 'utf8')) as Case[];

function requestStates(c: Case): RequestState[] {
  const instance = { input: { text: 'q' }, references: c.references.map((tags, i) => ({ output: { text: `passage ${i}` }, tags })), id: 'id0', split: 'valid' };
  return c.completions.map((completion, i) => ({
    instance,
    reference_index: i,
    train_trial_index: 0,
    request: { model: 'simple/model1', model_deployment: 'simple/model1', prompt: 'p' },
    result: { success: true, embedding: [], completions: [{ text: completion.text, logprob: pyFloat(completion.logprob), tokens: [] }], cached: false },
    num_train_instances: 0,
    prompt_truncated: false,
  })) as unknown as RequestState[];
}

describe('RankingMetric', () => {
  const adapterSpec = defaultAdapterSpec({ method: 'ranking_binary' });

  it(`gives HELM's stats (pytrec_eval's trec_eval values) on ${CASES.length} golden rankings`, () => {
    let scored = 0;
    for (const c of CASES) {
      const metric = new RankingMetric(c.args);
      if (c.error !== undefined) {
        expect(() => metric.evaluateReferences(adapterSpec, requestStates(c))).toThrow(/pytrec_eval returns no/);
        continue;
      }
      const stats = metric.evaluateReferences(adapterSpec, requestStates(c)).map((s) => {
        const json = s.toJson() as { name: { name: string }; sum: unknown; count: number };
        return { name: json.name.name, sum: typeof json.sum === 'object' && json.sum !== null ? (json.sum as { py_float: number }).py_float : json.sum, count: json.count };
      });
      expect(stats).toEqual(c.stats);
      scored++;
    }
    expect(scored).toBeGreaterThan(30);
  });

  it("names measures as HELM's measure_to_metric_name", () => {
    expect(['recip_rank.10', 'ndcg_cut.5', 'success.1', 'recall.20', 'map'].map(measureToMetricName)).toEqual(['RR@10', 'NDCG@5', 'Success@1', 'Recall@20', 'Map']);
  });

  it("ranks trec_eval's way: ties by document name descending", () => {
    const qrels = new Map([['q1', 1]]);
    expect(trecEvalMeasure(qrels, new Map([['q1', 5], ['q2', 5]]), 'recip_rank', null)).toBe(0.5);
    expect(trecEvalMeasure(qrels, new Map([['q1', 5], ['q0', 5]]), 'recip_rank', null)).toBe(1);
  });
});
