import { ApplicationFailure, Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { keepAlive } from './keep-alive';
import { executeRequests, finishRunFiles, prepareRunFiles, readHeadline } from './run-stages';
import { runOutputsComplete } from './write-run-outputs';
import { HelmInputError } from '../core/common/errors';
import { asLocalFileError } from '../core/common/file-errors';
import { runDir } from '../core/outputs/paths';
import type { ExecutionPaths, SmallRunOutcome } from '../workflows/types';

export interface SmallRunsOptions {
  dataMirror?: string;
  disableCache: boolean;
  requestCache?: string;
  dryRun: boolean;
  /** A run with more requests than this is handed back (`deferred`) to run as its own RunWorkflow. */
  maxRequests: number;
}

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
  return async function runSmallRuns(paths: ExecutionPaths, runNames: string[], options: SmallRunsOptions): Promise<SmallRunOutcome[]> {
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
            const { numRequests } = await prepareRunFiles(context, run, { dataMirror: options.dataMirror });
            if (numRequests > options.maxRequests) {
              outcomes.push({ runName, status: 'deferred' });
            } else {
              let cachedHits = 0;
              if (!options.dryRun && numRequests > 0) {
                ({ cachedHits } = await executeRequests(context, run, { index: 0, start: 0, end: numRequests }, options, {
                  stopped: () => activity.cancellationSignal.aborted,
                }));
                if (activity.cancellationSignal.aborted) throw new Error('Small runs cancelled');
              }
              const finished = finishRunFiles(context, run, { dryRun: options.dryRun });
              for (const message of finished.unavailableMetrics) activity.log.warn(`${runName}: ${message}`);
              outcomes.push({
                runName,
                status: 'done',
                requests: numRequests,
                cachedHits,
                seconds: (Date.now() - started) / 1000,
                instances: finished.instances,
                mainMetric: finished.mainMetric,
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
