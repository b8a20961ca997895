import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { keepAlive } from './keep-alive';
import { computeRunMetrics } from './compute-run-metrics';
import { runOutputsComplete, writeRunOutputs } from './write-run-outputs';
import { pythonJsonParse } from '../core/common/python-json';
import { toNumber } from '../core/common/py-number';
import { StatJson } from '../core/metrics/schemas';
import type { MainMetric, RunRef } from '../workflows/types';

/**
 * The stat a run's one-line report leads with: the first of these HELM metrics the run has, on its
 * test split (else valid), unperturbed. HELM's summarizer picks a group's main metric from the
 * schema; the run alone does not know its group, so this is an ordered guess.
 */
const HEADLINE_METRICS = [
  'exact_match',
  'quasi_exact_match',
  'final_number_exact_match',
  'math_equiv_chain_of_thought',
  'math_equiv',
  'f1_score',
  'rouge_l',
  'bleu_4',
  'bits_per_byte',
];

export function headline(stats: StatJson[]): { instances?: number; mainMetric?: MainMetric } {
  const find = (name: string, split: string): StatJson | undefined =>
    stats.find((s) => s.name.name === name && s.name.split === split && !s.name.perturbation && s.name.sub_split === undefined && s.count > 0);
  const split = find('num_instances', 'test') ? 'test' : 'valid';
  const instances = find('num_instances', split);
  const mean = (s: StatJson): number | undefined => (s.mean === undefined ? undefined : toNumber(s.mean));
  for (const name of HEADLINE_METRICS) {
    const stat = find(name, split);
    const value = stat ? mean(stat) : undefined;
    if (stat && value !== undefined) return { instances: instances ? mean(instances) : undefined, mainMetric: { name, split, value } };
  }
  return { instances: instances ? mean(instances) : undefined };
}

function readHeadline(dir: string): { instances?: number; mainMetric?: MainMetric } {
  try {
    const parsed = StatJson.array().safeParse(pythonJsonParse(fs.readFileSync(path.join(dir, 'stats.json'), 'utf8')));
    return parsed.success ? headline(parsed.data) : {};
  } catch {
    return {}; // a report line without a number is better than a failed run
  }
}

/**
 * Everything after the model: metrics into the work folder, then HELM's five files into the run
 * folder. One activity for the same reason as prepareRun; a retry redoes the (pure) metrics and
 * rewrites the same bytes, and finds the run complete if the work folder is already gone.
 */
export function createFinishRun(context: WorkerContext) {
  return async function finishRun(
    run: RunRef,
    options: { dryRun: boolean },
  ): Promise<{ numStats: number; runDir: string; unavailableMetrics: string[]; instances?: number; mainMetric?: MainMetric }> {
    return keepAlive(async () => {
      // A retry after the files were moved has no work folder left to compute from.
      const metrics = runOutputsComplete(run) ? { numStats: 0, unavailableMetrics: [] } : computeRunMetrics(context, run, options);
      for (const message of metrics.unavailableMetrics) Context.current().log.warn(`${run.runName}: ${message}`);
      const { runDir } = writeRunOutputs(run);
      return { numStats: metrics.numStats, runDir, unavailableMetrics: metrics.unavailableMetrics, ...readHeadline(runDir) };
    });
  };
}
