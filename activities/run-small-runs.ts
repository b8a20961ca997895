import { ApplicationFailure, Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { keepAlive } from './keep-alive';
import { readHeadline, runSmallRun, type SmallRunOptions } from './run-stages';
import { runOutputsComplete } from './write-run-outputs';
import { HelmInputError } from '../core/common/errors';
import { asLocalFileError } from '../core/common/file-errors';
import { runDir } from '../core/outputs/paths';
import type { ExecutionPaths, SmallRunOutcome } from '../workflows/types';

/** Errors that fail one run however often it is retried: bad input, a fatal model answer, a local disk fault. */
function permanentMessage(error: unknown): string | undefined {
  if (error instanceof HelmInputError) return error.message;
  if (error instanceof ApplicationFailure && error.nonRetryable) return error.message;
  return asLocalFileError(error)?.message;
}

/**
 * Several small runs of a shard, one after another, each through the same three stages a
 * RunWorkflow runs as activities. A tiny run's work is milliseconds while a child workflow and its
 * three activities cost a dozen round trips through Temporal, so grouping them is what lets small
 * suites go fast. Durability is the same: each run's outcome goes into the heartbeat details and a
 * retry skips what is done (and the files say so too); a permanent error fails that run only, as
 * it would fail its RunWorkflow; anything else retries the activity.
 */
export function createRunSmallRuns(context: WorkerContext) {
  return async function runSmallRuns(paths: ExecutionPaths, runNames: string[], options: SmallRunOptions): Promise<SmallRunOutcome[]> {
    const activity = Context.current();
    const earlier = activity.info.heartbeatDetails as SmallRunOutcome[] | undefined;
    const outcomes: SmallRunOutcome[] = Array.isArray(earlier) ? [...earlier] : [];
    return keepAlive(async () => {
      for (const runName of runNames.slice(outcomes.length)) {
        if (activity.cancellationSignal.aborted) throw new Error('Small runs cancelled');
        const run = { ...paths, runName };
        const started = Date.now();
        if (runOutputsComplete(run)) {
          // Finished by an attempt that died before its heartbeat.
          outcomes.push({ runName, status: 'done', requests: 0, cachedHits: 0, seconds: 0, ...readHeadline(runDir(run)) });
        } else {
          try {
            const result = await runSmallRun(context, run, options, { stopped: () => activity.cancellationSignal.aborted });
            if (result.deferred) {
              outcomes.push({ runName, status: 'deferred' });
            } else {
              for (const message of result.unavailableMetrics) activity.log.warn(`${runName}: ${message}`);
              outcomes.push({
                runName,
                status: 'done',
                requests: result.requests,
                cachedHits: result.cachedHits,
                seconds: (Date.now() - started) / 1000,
                instances: result.instances,
                mainMetric: result.mainMetric,
              });
            }
          } catch (error) {
            const message = permanentMessage(error);
            if (message === undefined) throw error;
            outcomes.push({ runName, status: 'failed', error: message });
          }
        }
        activity.heartbeat(outcomes);
      }
      return outcomes;
    }, () => outcomes);
  };
}
