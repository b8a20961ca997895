import { Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { keepAlive } from './keep-alive';
import { finishRunFiles, type FinishedRunFiles } from './run-stages';
import type { RunRef } from '../workflows/types';

/**
 * Everything after the model: metrics into the work folder, then HELM's five files into the run
 * folder. One activity for the same reason as prepareRun.
 */
export function createFinishRun(context: WorkerContext) {
  return async function finishRun(run: RunRef, options: { dryRun: boolean }): Promise<FinishedRunFiles> {
    return keepAlive(async () => {
      const finished = finishRunFiles(context, run, options);
      for (const message of finished.unavailableMetrics) Context.current().log.warn(`${run.runName}: ${message}`);
      return finished;
    });
  };
}
