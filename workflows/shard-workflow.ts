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
  type PlannedRun,
  type RunProgress,
  type SmallRunOutcome,
  type ShardCounts,
  type ShardProgress,
  type ShardResult,
  type ShardWorkflowInput,
} from './types';

export const shardProgressQuery = defineQuery<ShardProgress>('progress');

const { readPlannedRuns } = proxyActivities<HelmActivities>({ startToCloseTimeout: '5m', retry: ACTIVITY_RETRY });

// Like a run's own activities: heartbeats every 5 s, and as long as a model batch may take.
const smallRuns = proxyActivities<HelmActivities>({ startToCloseTimeout: '6h', heartbeatTimeout: '2m', retry: ACTIVITY_RETRY });

type WorkItem = { kind: 'workflow'; run: PlannedRun } | { kind: 'group'; runs: PlannedRun[] };

/**
 * The shard's work in planned order: without grouping, one RunWorkflow per run. With
 * smallRunGroupSize, the runs on the suite's own model queue go in groups, small enough that every
 * lane gets a few (no lane idles at the end) and at most smallRunGroupSize; runs routed to a model
 * queue of their own keep their RunWorkflow, whose batches go to that queue's workers. Executions
 * started before grouping existed have no smallRunGroupSize in their input: they replay as before.
 */
function plan(planned: PlannedRun[], options: ShardWorkflowInput['options']): WorkItem[] {
  const limit = options.smallRunGroupSize ?? 0;
  if (limit <= 0) return planned.map((run) => ({ kind: 'workflow', run }));
  const groupable = planned.filter((run) => !run.modelTaskQueue).length;
  const size = Math.max(1, Math.min(limit, Math.ceil(groupable / (Math.max(1, options.maxConcurrentRuns) * 4))));
  const items: WorkItem[] = [];
  let group: PlannedRun[] = [];
  for (const run of planned) {
    if (run.modelTaskQueue) {
      items.push({ kind: 'workflow', run });
      continue;
    }
    if (group.length === 0) items.push({ kind: 'group', runs: group });
    group.push(run);
    if (group.length === size) group = [];
  }
  return items;
}

function groupSummary(group: PlannedRun[]): string {
  const first = group[0].runName;
  return group.length === 1 ? `small run: ${first}` : `${group.length} small runs: ${first} …`;
}

/**
 * How often at most a shard tells its suite its counts: the suite's search attributes follow the
 * runs within this, at a few history events per report however fast runs finish.
 */
const REPORT_EVERY = '5s';

/**
 * Up to RUNS_PER_SHARD runs of a suite, at most maxConcurrentRuns at a time, each a child
 * RunWorkflow with a deterministic id, or (small runs) several in one runSmallRuns activity. Sharding keeps each history small, so a suite of
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

  let abort: ApplicationFailure | undefined;
  const failedRun = (planned: PlannedRun, message: string): void => {
    const { runName, scenario, model } = planned;
    // Replay-safe; reaches the worker's pino log with the shard's workflow id.
    log.warn(`Run ${runName} failed: ${message}`, { runName, runWorkflowId: runWorkflowId(paths.suite, runName), scenario, model });
    progress.runsFailed++;
    if (progress.failed.length < MAX_LISTED_FAILURES) progress.failed.push({ runName, error: message.slice(0, 2000) });
    finished({ runName, ok: false, error: message.slice(0, 500) });
    if (options.exitOnError) {
      abort = ApplicationFailure.create({ message: `Run ${runName} failed: ${message}`, type: 'RunFailed', nonRetryable: true });
    }
  };

  const succeededRun = (runName: string, run: Omit<RunProgress, 'runName' | 'stage'>): void => {
    progress.runsDone++;
    progress.requestsTotal += run.requestsTotal;
    progress.requestsDone += run.requestsDone;
    progress.cachedHits += run.cachedHits;
    finished({ runName, ok: true, instances: run.instances, requests: run.requestsTotal, seconds: run.seconds, mainMetric: run.mainMetric });
  };

  /** One run as its own child RunWorkflow. */
  const runAsWorkflow = async (planned: PlannedRun): Promise<void> => {
    const { runName, model, scenario, modelTaskQueue } = planned;
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
      succeededRun(runName, result);
    } catch (error) {
      // A cancelled suite is not a failed run: stop, and let the cancellation reach the suite.
      if (isCancellation(error)) throw error;
      failedRun(planned, innermostMessage(error));
    } finally {
      active.delete(runName);
    }
  };

  /** Several small runs in one activity; runs too big for it, and every run of a group that failed as a whole, go on as workflows. */
  const runAsGroup = async (group: PlannedRun[]): Promise<void> => {
    for (const { runName } of group) active.add(runName);
    let outcomes: SmallRunOutcome[];
    try {
      outcomes = await smallRuns.runSmallRuns.executeWithOptions({ summary: groupSummary(group) }, [
        paths,
        group.map((run) => run.runName),
        {
          dataMirror: options.dataMirror,
          disableCache: options.disableCache,
          requestCache: options.requestCache,
          dryRun: options.dryRun,
          maxRequests: options.requestBatchSize,
        },
      ]);
    } catch (error) {
      if (isCancellation(error)) throw error;
      // Each run then fails or succeeds on its own, with its own retries, as without grouping.
      log.warn(`A group of ${group.length} small runs failed (${innermostMessage(error)}); running them one workflow each`);
      outcomes = group.map((run) => ({ runName: run.runName, status: 'deferred' }));
    } finally {
      for (const { runName } of group) active.delete(runName);
    }
    for (const [i, outcome] of outcomes.entries()) {
      const planned = group[i];
      if (outcome.status === 'done') {
        succeededRun(outcome.runName, { ...outcome, requestsTotal: outcome.requests, requestsDone: outcome.requests });
      } else if (outcome.status === 'failed') {
        failedRun(planned, outcome.error);
      } else if (!abort) {
        await runAsWorkflow(planned);
      }
    }
  };

  const work = plan(planned, options);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < work.length && !abort) {
      const item = work[next++];
      if (item.kind === 'workflow') await runAsWorkflow(item.run);
      else await runAsGroup(item.runs);
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
