import { Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { keepAlive } from './keep-alive';
import { computeRunMetrics } from './compute-run-metrics';
import { runOutputsComplete, writeRunOutputs } from './write-run-outputs';
import type { RunRef } from '../workflows/types';

/**
 * Everything after the model: metrics into the work folder, then HELM's five files into the run
 * folder. One activity for the same reason as prepareRun; a retry redoes the (pure) metrics and
 * rewrites the same bytes, and finds the run complete if the work folder is already gone.
 */
export function createFinishRun(context: WorkerContext) {
  return async function finishRun(run: RunRef, options: { dryRun: boolean }): Promise<{ numStats: number; runDir: string; unavailableMetrics: string[] }> {
    return keepAlive(async () => {
      // A retry after the files were moved has no work folder left to compute from.
      const metrics = runOutputsComplete(run) ? { numStats: 0, unavailableMetrics: [] } : computeRunMetrics(context, run, options);
      for (const message of metrics.unavailableMetrics) Context.current().log.warn(`${run.runName}: ${message}`);
      return { numStats: metrics.numStats, runDir: writeRunOutputs(run).runDir, unavailableMetrics: metrics.unavailableMetrics };
    });
  };
}
