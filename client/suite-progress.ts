import type { Client } from '@temporalio/client';
import {
  addCounts,
  runWorkflowId,
  suiteWorkflowId,
  type RunCounts,
  type RunProgress,
  type ShardProgress,
  type SuiteProgress,
} from '../workflows/types';

/** What the progress bars show: the suite's, its running shard's and its running runs' queries combined. */
export interface LiveProgress extends RunCounts {
  suite: string;
  stage: SuiteProgress['stage'];
  runsTotal: number;
  runsSkipped: number;
}

const MAX_RUN_QUERIES = 16;

async function query<T>(client: Client, workflowId: string): Promise<T | undefined> {
  try {
    return await client.workflow.getHandle(workflowId).query<T>('progress');
  } catch {
    // Not started yet, just finished, or no worker polling at the moment: the next poll tells.
    return undefined;
  }
}

export async function liveProgress(client: Client, suite: string): Promise<LiveProgress | undefined> {
  const suiteProgress = await query<SuiteProgress>(client, suiteWorkflowId(suite));
  if (!suiteProgress) return undefined;
  let counts = suiteProgress.finished;
  for (const shardId of suiteProgress.activeShards) {
    const shard = await query<ShardProgress>(client, shardId);
    if (!shard) continue;
    counts = addCounts(counts, shard);
    // Request-level detail only while few runs are in flight: queries cost the workers work.
    const sampled = shard.activeRuns.length <= MAX_RUN_QUERIES ? shard.activeRuns : [];
    const runs = await Promise.all(sampled.map((name) => query<RunProgress>(client, runWorkflowId(suite, name))));
    for (const run of runs) {
      if (run) counts = addCounts(counts, { runsDone: 0, runsFailed: 0, requestsTotal: run.requestsTotal, requestsDone: run.requestsDone, cachedHits: run.cachedHits });
    }
  }
  return { ...counts, suite, stage: suiteProgress.stage, runsTotal: suiteProgress.runsTotal, runsSkipped: suiteProgress.runsSkipped };
}
