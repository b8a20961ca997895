import { Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { keepAlive } from './keep-alive';
import { prepareRunFiles } from './run-stages';
import type { RunRef } from '../workflows/types';

/**
 * Everything before the model: load the scenario, then adapt. One activity rather than two
 * because both are short, local and idempotent; each activity costs a run two round trips through
 * Temporal and six history events, which dominated tiny runs (see scripts/README.md, bench-scale).
 */
export function createPrepareRun(context: WorkerContext) {
  return async function prepareRun(run: RunRef, options: { dataMirror?: string }): Promise<{ numInstances: number; numRequests: number }> {
    const activity = Context.current();
    return keepAlive(() =>
      prepareRunFiles(context, run, {
        dataMirror: options.dataMirror,
        onProgress: (bytes, total) => activity.heartbeat({ downloadedBytes: bytes, totalBytes: total }),
      }),
    );
  };
}
