import { ParentClosePolicy, defineQuery, executeChild, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { HelmActivities } from '../activities';
import { ACTIVITY_RETRY } from './retry';
import { shardWorkflow } from './shard-workflow';
import { summarizeWorkflow } from './summarize-workflow';
import {
  MAX_LISTED_FAILURES,
  RUNS_PER_SHARD,
  addCounts,
  emptyCounts,
  shardWorkflowId,
  type SuiteProgress,
  type SuiteResult,
  type SuiteWorkflowInput,
} from './types';

export const suiteProgressQuery = defineQuery<SuiteProgress>('progress');

const { expandRunEntries, writeSuiteRunSpecs } = proxyActivities<HelmActivities>({
  startToCloseTimeout: '30m',
  retry: { ...ACTIVITY_RETRY, maximumAttempts: 5 },
});

/**
 * A helm-run invocation: expand run entries into run specs (listed on disk), then shards of up to
 * RUNS_PER_SHARD runs one after another, each running its runs as child RunWorkflows with
 * deterministic ids (`helm:<suite>/<run name>`), so re-running the command attaches to, or
 * resumes, the same work. Ends with runs/<suite>/run_specs.json.
 */
export async function suiteWorkflow(input: SuiteWorkflowInput): Promise<SuiteResult> {
  const { options } = input;
  const paths = { ...input.paths, executionId: workflowInfo().firstExecutionRunId };
  const progress: SuiteProgress = {
    suite: paths.suite,
    stage: 'expanding run entries',
    runsTotal: 0,
    runsSkipped: 0,
    finished: emptyCounts(),
    activeShards: [],
    failed: [],
  };
  setHandler(suiteProgressQuery, () => progress);

  const expansion = await expandRunEntries(paths, input.entriesFile ?? input.entries, input.expansion, {
    skipCompletedRuns: options.skipCompletedRuns,
    disableCache: options.disableCache,
    dataMirror: options.dataMirror,
  });
  progress.stage = 'running';
  // Entries without their data (named, with the message) count as failed runs; the rest go on.
  const failedEntries = expansion.failedEntries ?? [];
  progress.failed.push(...failedEntries.slice(0, MAX_LISTED_FAILURES));
  progress.runsTotal = expansion.numToRun + expansion.numSkipped + failedEntries.length;
  progress.runsSkipped = expansion.numSkipped;

  for (let shardIndex = 0, start = 0; start < expansion.numToRun; shardIndex++, start += RUNS_PER_SHARD) {
    const workflowId = shardWorkflowId(paths.suite, shardIndex);
    progress.activeShards = [workflowId];
    const result = await executeChild(shardWorkflow, {
      workflowId,
      args: [{ paths, options, shardIndex, start, end: Math.min(expansion.numToRun, start + RUNS_PER_SHARD) }],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      memo: { suite: paths.suite, shardIndex },
      staticSummary: `runs ${start + 1}–${Math.min(expansion.numToRun, start + RUNS_PER_SHARD)} of ${expansion.numToRun}`,
    });
    progress.finished = addCounts(progress.finished, result);
    progress.failed.push(...result.failed.slice(0, MAX_LISTED_FAILURES - progress.failed.length));
    progress.activeShards = [];
  }

  progress.stage = 'writing run_specs.json';
  await writeSuiteRunSpecs(paths);
  if (options.summarize) {
    progress.stage = 'summarizing';
    await executeChild(summarizeWorkflow, {
      workflowId: `helm:${paths.suite}#summarize`,
      args: [input.paths],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
    });
  }
  progress.stage = 'done';
  return {
    suite: paths.suite,
    outputDir: `${paths.outputPath}/runs/${paths.suite}`,
    runsTotal: progress.runsTotal,
    runsCompleted: progress.finished.runsDone,
    runsSkipped: progress.runsSkipped,
    runsFailed: progress.finished.runsFailed + failedEntries.length,
    failed: progress.failed,
  };
}
