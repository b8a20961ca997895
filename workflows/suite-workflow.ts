import {
  ApplicationFailure,
  ParentClosePolicy,
  condition,
  defineQuery,
  defineSignal,
  executeChild,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { HelmActivities } from '../activities';
import { HELM_RUNS_DONE, HELM_RUNS_FAILED, HELM_RUNS_TOTAL, HELM_STATUS, HELM_SUITE, type SuiteStatus } from '../infra/search-attributes';
import { ACTIVITY_RETRY } from './retry';
import { shardWorkflow } from './shard-workflow';
import { summarizeWorkflow } from './summarize-workflow';
import {
  MAX_LISTED_FAILURES,
  RECENT_RUNS_KEPT,
  RUNS_PER_SHARD,
  SUITE_RUNS_FAILED,
  addCounts,
  emptyCounts,
  shardWorkflowId,
  type ShardCounts,
  type SuiteProgress,
  type SuiteResult,
  type SuiteWorkflowInput,
} from './types';

export const suiteProgressQuery = defineQuery<SuiteProgress>('progress');
/** Shards report their counts as runs finish, so the suite's search attributes follow them. */
export const shardCountsSignal = defineSignal<[ShardCounts]>('shardCounts');

const { expandRunEntries, writeSuiteRunSpecs } = proxyActivities<HelmActivities>({
  startToCloseTimeout: '30m',
  retry: { ...ACTIVITY_RETRY, maximumAttempts: 5 },
});

/** At most this many failed run names go into the failure message (all are in its details, capped). */
const NAMED_IN_MESSAGE = 10;

/**
 * A helm-run invocation: expand run entries into run specs (listed on disk), then shards of up to
 * RUNS_PER_SHARD runs one after another, each running its runs as child RunWorkflows with
 * deterministic ids (`helm:<suite>/<run name>`), so re-running the command attaches to, or
 * resumes, the same work. Ends with runs/<suite>/run_specs.json.
 *
 * Its state is kept in search attributes as runs finish (HelmStatus, HelmRunsTotal/Done/Failed),
 * readable with no worker running. A suite with failed runs writes run_specs.json (and summarizes)
 * like any other, then fails with SuiteRunsFailed, whose details are the SuiteResult: failed runs
 * make the suite look failed in the Temporal UI and `helm-suite list`, never "Completed".
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
  // Counts of the shard in flight, as its last signal said (its result replaces them).
  const liveShards = new Map<number, ShardCounts>();
  let countsChanged = false;
  setHandler(shardCountsSignal, (counts) => {
    liveShards.set(counts.shardIndex, counts);
    countsChanged = true;
  });

  const publish = (status: SuiteStatus): void => {
    let done = progress.finished.runsDone + progress.runsSkipped;
    let failed = progress.finished.runsFailed;
    for (const shard of liveShards.values()) {
      done += shard.runsDone;
      failed += shard.runsFailed;
    }
    upsertSearchAttributes([
      { key: HELM_SUITE, value: paths.suite },
      { key: HELM_STATUS, value: status },
      { key: HELM_RUNS_TOTAL, value: progress.runsTotal },
      { key: HELM_RUNS_DONE, value: done },
      { key: HELM_RUNS_FAILED, value: failed },
    ]);
  };

  let running = false;
  try {
    publish('expanding');
    const expansion = await expandRunEntries(paths, input.entriesFile ?? input.entries, input.expansion, {
      skipCompletedRuns: options.skipCompletedRuns,
      disableCache: options.disableCache,
      dataMirror: options.dataMirror,
    });
    progress.stage = 'running';
    // Entries without their data and runs of scenario classes helm-ts lacks (named, with the
    // message) count as failed runs; the rest go on.
    const failedEntries = expansion.failedEntries ?? [];
    const numFailedEntries = expansion.numFailedEntries ?? failedEntries.length;
    progress.failed.push(...failedEntries.slice(0, MAX_LISTED_FAILURES));
    progress.finished.runsFailed += numFailedEntries;
    progress.runsTotal = expansion.numToRun + expansion.numSkipped + numFailedEntries;
    progress.runsSkipped = expansion.numSkipped;
    publish('running');

    // One upsert per workflow task however many shard signals it brings.
    running = true;
    const reporter = (async () => {
      while (running) {
        await condition(() => countsChanged || !running);
        if (!running) return;
        countsChanged = false;
        publish('running');
      }
      // A cancelled suite rejects the pending condition; the catch below reports the cancellation.
    })().catch(() => undefined);

    for (let shardIndex = 0, start = 0; start < expansion.numToRun; shardIndex++, start += RUNS_PER_SHARD) {
      const workflowId = shardWorkflowId(paths.suite, shardIndex);
      progress.activeShards = [workflowId];
      const result = await executeChild(shardWorkflow, {
        workflowId,
        args: [{ paths, options, shardIndex, start, end: Math.min(expansion.numToRun, start + RUNS_PER_SHARD) }],
        parentClosePolicy: ParentClosePolicy.TERMINATE,
        typedSearchAttributes: [{ key: HELM_SUITE, value: paths.suite }],
        memo: { suite: paths.suite, shardIndex },
        staticSummary: `runs ${start + 1}–${Math.min(expansion.numToRun, start + RUNS_PER_SHARD)} of ${expansion.numToRun}`,
      });
      liveShards.delete(shardIndex);
      progress.recent = [...(progress.recent ?? []), ...(result.recent ?? []).map((run) => ({ ...run, shard: workflowId }))].slice(-RECENT_RUNS_KEPT);
      progress.finished = addCounts(progress.finished, result);
      progress.failed.push(...result.failed.slice(0, MAX_LISTED_FAILURES - progress.failed.length));
      progress.activeShards = [];
      countsChanged = true;
    }
    running = false;
    await reporter;

    progress.stage = 'writing run_specs.json';
    publish('finishing');
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
    const result: SuiteResult = {
      suite: paths.suite,
      outputDir: `${paths.outputPath}/runs/${paths.suite}`,
      runsTotal: progress.runsTotal,
      runsCompleted: progress.finished.runsDone,
      runsSkipped: progress.runsSkipped,
      runsFailed: progress.finished.runsFailed,
      failed: progress.failed,
    };
    if (result.runsFailed === 0) {
      publish('completed');
      return result;
    }
    publish('completed with failures');
    const named = result.failed.slice(0, NAMED_IN_MESSAGE).map((f) => f.runName);
    const more = result.runsFailed > named.length ? ` and ${result.runsFailed - named.length} more` : '';
    throw ApplicationFailure.create({
      type: SUITE_RUNS_FAILED,
      message: `${result.runsFailed} of ${result.runsTotal} runs failed: ${named.join(', ')}${more}`,
      nonRetryable: true,
      details: [result],
    });
  } catch (error) {
    running = false;
    if (isCancellation(error)) publish('cancelled');
    else if (!(error instanceof ApplicationFailure && error.type === SUITE_RUNS_FAILED)) publish('failed');
    throw error;
  }
}
