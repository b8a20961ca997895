import { Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { keepAlive } from './keep-alive';
import type { RequestBatch } from './batch-results';
import { executeRequests } from './run-stages';
import type { RunRef } from '../workflows/types';

export type { RequestBatch } from './batch-results';

/**
 * One slice of a run's requests on the model task queue, heartbeating its progress; a killed
 * worker loses at most the call in flight, and the retry skips the results already written.
 */
export function createExecuteRequestBatch(context: WorkerContext) {
  return async function executeRequestBatch(
    run: RunRef,
    batch: RequestBatch,
    options: { disableCache: boolean; requestCache?: string },
  ): Promise<{ completed: number; cachedHits: number }> {
    const activity = Context.current();
    let completed = 0;
    let lastHeartbeat = 0;
    return keepAlive(async () => {
      const result = await executeRequests(context, run, batch, options, {
        stopped: () => activity.cancellationSignal.aborted,
        onResult: (done) => {
          completed = done;
          if (Date.now() - lastHeartbeat > 1000) {
            activity.heartbeat({ completed: done });
            lastHeartbeat = Date.now();
          }
        },
      });
      activity.heartbeat({ completed: result.done });
      if (activity.cancellationSignal.aborted) throw new Error('Request batch cancelled');
      return { completed: result.completed, cachedHits: result.cachedHits };
    }, () => ({ completed }));
  };
}
