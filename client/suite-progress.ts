import type { Client } from '@temporalio/client';
import {
  addCounts,
  runWorkflowId,
  suiteWorkflowId,
  type RunCounts,
  type RunProgress,
  type ShardFinishedRun,
  type ShardProgress,
  type SuiteProgress,
} from '../workflows/types';

/** What the progress bars show: the suite's, its running shard's and its running runs' queries combined. */
export interface LiveProgress extends RunCounts {
  suite: string;
  stage: SuiteProgress['stage'];
  runsTotal: number;
  runsSkipped: number;
  /** Runs (not skipped) whose request count is known: finished ones and running ones past preparation. */
  runsPrepared: number;
  /** Runs in flight whose progress was not read (too many to query each): their requests are not counted yet. */
  runsUnsampled: number;
  /** The last finished runs of the finished shards and the running one, for per-run lines. */
  recent: ShardFinishedRun[];
}

const MAX_RUN_QUERIES = 16;
/** A query that takes longer than this has no worker to answer it (or a busy one): skip this poll. */
const QUERY_DEADLINE_MS = 5_000;

async function query<T>(client: Client, workflowId: string): Promise<T | undefined> {
  try {
    return await client.connection.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => client.workflow.getHandle(workflowId).query<T>('progress'));
  } catch {
    // Not started yet, just finished, or no worker polling at the moment: the next poll tells.
    return undefined;
  }
}

export async function liveProgress(client: Client, suite: string): Promise<LiveProgress | undefined> {
  const suiteProgress = await query<SuiteProgress>(client, suiteWorkflowId(suite));
  if (!suiteProgress) return undefined;
  let counts = suiteProgress.finished;
  let runsPrepared = suiteProgress.finished.runsDone + suiteProgress.finished.runsFailed;
  let runsUnsampled = 0;
  const recent: LiveProgress['recent'] = [...(suiteProgress.recent ?? [])];
  for (const shardId of suiteProgress.activeShards) {
    const shard = await query<ShardProgress>(client, shardId);
    if (!shard) continue;
    counts = addCounts(counts, shard);
    runsPrepared += shard.runsDone + shard.runsFailed;
    recent.push(...(shard.recent ?? []).map((run) => ({ ...run, shard: shardId })));
    // Request-level detail only while few runs are in flight: queries cost the workers work.
    const sampled = shard.activeRuns.length <= MAX_RUN_QUERIES ? shard.activeRuns : [];
    runsUnsampled += shard.activeRuns.length - sampled.length;
    const runs = await Promise.all(sampled.map((name) => query<RunProgress>(client, runWorkflowId(suite, name))));
    for (const run of runs) {
      if (!run) continue;
      if (run.stage !== 'preparing') runsPrepared++;
      counts = addCounts(counts, { runsDone: 0, runsFailed: 0, requestsTotal: run.requestsTotal, requestsDone: run.requestsDone, cachedHits: run.cachedHits });
    }
  }
  return {
    ...counts,
    suite,
    stage: suiteProgress.stage,
    runsTotal: suiteProgress.runsTotal,
    runsSkipped: suiteProgress.runsSkipped,
    runsPrepared,
    runsUnsampled,
    recent,
  };
}

/** True while some runs' request counts are still unknown, so the request total can only grow. */
export function requestTotalIsPartial(progress: LiveProgress): boolean {
  return progress.stage === 'expanding run entries' || progress.runsPrepared < progress.runsTotal - progress.runsSkipped;
}
