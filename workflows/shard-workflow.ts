import {
  ApplicationFailure,
  ParentClosePolicy,
  condition,
  defineQuery,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { HELM_MODEL, HELM_SCENARIO, HELM_SUITE } from '../infra/search-attributes';
import type { HelmActivities } from '../activities';
import { ACTIVITY_RETRY, innermostMessage } from './retry';
import { runWorkflow } from './run-workflow';
import {
  MAX_LISTED_FAILURES,
  RECENT_RUNS_KEPT,
  runWorkflowId,
  type FinishedRun,
  type ShardCounts,
  type ShardProgress,
  type ShardResult,
  type ShardWorkflowInput,
} from './types';

export const shardProgressQuery = defineQuery<ShardProgress>('progress');

const { readPlannedRuns } = proxyActivities<HelmActivities>({ startToCloseTimeout: '5m', retry: ACTIVITY_RETRY });

/**
 * How often at most a shard tells its suite its counts: the suite's search attributes follow the
 * runs within this, at a few history events per report however fast runs finish.
 */
const REPORT_EVERY = '5s';

/**
 * Up to RUNS_PER_SHARD runs of a suite, at most maxConcurrentRuns at a time, each a child
 * RunWorkflow with a deterministic id. Sharding keeps each history small, so a suite of
 * 10,000 runs stays far from Temporal's 51,200-event limit without continue-as-new.
 */
export async function shardWorkflow(input: ShardWorkflowInput): Promise<ShardResult> {
  const { paths, options } = input;
  const planned = await readPlannedRuns(paths, input.start, input.end);
  const active = new Set<string>();
  const progress: ShardResult = { runsDone: 0, runsFailed: 0, requestsTotal: 0, requestsDone: 0, cachedHits: 0, failed: [] };
  const recent: FinishedRun[] = [];
  let finishedRuns = 0;
  setHandler(shardProgressQuery, () => ({ ...progress, runsTotal: planned.length, activeRuns: [...active], recent }));
  const finished = (run: Omit<FinishedRun, 'seq'>): void => {
    recent.push({ ...run, seq: ++finishedRuns });
    if (recent.length > RECENT_RUNS_KEPT) recent.shift();
  };

  // Counts to the suite as runs finish, at most every REPORT_EVERY; the last ones travel in the result.
  const parent = workflowInfo().parent;
  let lanesDone = false;
  let reported = 0;
  const reporter = (async () => {
    if (!parent) return;
    const suite = getExternalWorkflowHandle(parent.workflowId, parent.runId);
    while (!lanesDone) {
      await condition(() => finishedRuns > reported || lanesDone);
      if (lanesDone) return;
      reported = finishedRuns;
      const counts: ShardCounts = { shardIndex: input.shardIndex, runsDone: progress.runsDone, runsFailed: progress.runsFailed };
      // A suite that is closing does not need the report.
      await suite.signal('shardCounts', counts).catch(() => undefined);
      await condition(() => lanesDone, REPORT_EVERY);
    }
    // Cancellation rejects the pending condition; the lanes report it.
  })().catch(() => undefined);

  let next = 0;
  let abort: ApplicationFailure | undefined;
  const lane = async (): Promise<void> => {
    while (next < planned.length && !abort) {
      const { runName, model, scenario, modelTaskQueue } = planned[next++];
      active.add(runName);
      try {
        const result = await executeChild(runWorkflow, {
          workflowId: runWorkflowId(paths.suite, runName),
          args: [{ run: { ...paths, runName }, options: modelTaskQueue ? { ...options, modelTaskQueue } : options }],
          parentClosePolicy: ParentClosePolicy.TERMINATE,
          typedSearchAttributes: [
            { key: HELM_SUITE, value: paths.suite },
            { key: HELM_MODEL, value: model },
            { key: HELM_SCENARIO, value: scenario },
          ],
          memo: { runName, suite: paths.suite },
          staticSummary: `${scenario} × ${model}`,
        });
        progress.runsDone++;
        progress.requestsTotal += result.requestsTotal;
        progress.requestsDone += result.requestsDone;
        progress.cachedHits += result.cachedHits;
        finished({
          runName,
          ok: true,
          instances: result.instances,
          requests: result.requestsTotal,
          seconds: result.seconds,
          mainMetric: result.mainMetric,
        });
      } catch (error) {
        // A cancelled suite is not a failed run: stop, and let the cancellation reach the suite.
        if (isCancellation(error)) throw error;
        const message = innermostMessage(error);
        // Replay-safe; reaches the worker's pino log with the shard's workflow id.
        log.warn(`Run ${runName} failed: ${message}`, { runName, runWorkflowId: runWorkflowId(paths.suite, runName), scenario, model });
        progress.runsFailed++;
        if (progress.failed.length < MAX_LISTED_FAILURES) progress.failed.push({ runName, error: message.slice(0, 2000) });
        finished({ runName, ok: false, error: message.slice(0, 500) });
        if (options.exitOnError) {
          abort = ApplicationFailure.create({ message: `Run ${runName} failed: ${message}`, type: 'RunFailed', nonRetryable: true });
        }
      } finally {
        active.delete(runName);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.maxConcurrentRuns) }, lane));
  } finally {
    lanesDone = true;
  }
  await reporter;
  if (abort) throw abort;
  return { ...progress, recent };
}
