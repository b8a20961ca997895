import { ActivityFailure, ApplicationFailure, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { HelmActivities } from '../activities';
import { ACTIVITY_RETRY } from './retry';
import type { RunProgress, RunWorkflowInput } from './types';

export const runProgressQuery = defineQuery<RunProgress>('progress');

const cpu = proxyActivities<HelmActivities>({
  startToCloseTimeout: '2h',
  // Activities heartbeat every 5 s while alive (activities/keep-alive.ts); a dead worker is
  // noticed within this and its task retried elsewhere. Longer than the model batches' 30 s because
  // adaptation and metrics are synchronous stretches that hold the event loop (and its heartbeats).
  heartbeatTimeout: '2m',
  retry: ACTIVITY_RETRY,
});

/**
 * One run spec: prepare (load scenario, adapt) → request batches (in parallel, on the model task
 * queue, heartbeating) → finish (metrics, output files). Only names and counts cross this boundary; instances,
 * request states and results live in the run's work folder.
 */
export async function runWorkflow(input: RunWorkflowInput): Promise<RunProgress> {
  const { run, options } = input;
  const progress: RunProgress = { runName: run.runName, stage: 'preparing', requestsTotal: 0, requestsDone: 0, cachedHits: 0 };
  // Workflow time: deterministic, and the run's wall-clock duration as the user saw it.
  const started = Date.now();
  setHandler(runProgressQuery, () => progress);

  const model = proxyActivities<HelmActivities>({
    taskQueue: options.modelTaskQueue,
    startToCloseTimeout: '6h',
    heartbeatTimeout: '30s',
    retry: ACTIVITY_RETRY,
  });

  try {
    // Summaries name each step in the Temporal UI's event history.
    const { numRequests } = await cpu.prepareRun.executeWithOptions({ summary: 'prepare: load scenario, adapt prompts and requests' }, [
      run,
      { dataMirror: options.dataMirror },
    ]);
    progress.requestsTotal = numRequests;

    progress.stage = 'executing requests';
    if (!options.dryRun) {
      const batches: Array<{ index: number; start: number; end: number }> = [];
      for (let start = 0, index = 0; start < numRequests; start += options.requestBatchSize, index++) {
        batches.push({ index, start, end: Math.min(numRequests, start + options.requestBatchSize) });
      }
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < batches.length) {
          const batch = batches[next++];
          const result = await model.executeRequestBatch.executeWithOptions(
            { summary: `requests ${batch.start}–${batch.end - 1} of ${numRequests} (batch ${batch.index + 1}/${batches.length})` },
            [run, batch, { disableCache: options.disableCache, requestCache: options.requestCache }],
          );
          progress.requestsDone += result.completed;
          progress.cachedHits += result.cachedHits;
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(options.numThreads, batches.length)) }, lane));
    }

    progress.stage = 'computing metrics';
    const finished = await cpu.finishRun.executeWithOptions(
      { summary: options.dryRun ? 'finish: metrics (dry run), the five run files' : 'finish: metrics, the five run files' },
      [run, { dryRun: options.dryRun }],
    );
    progress.stage = 'done';
    progress.instances = finished.instances;
    progress.mainMetric = finished.mainMetric;
    progress.seconds = (Date.now() - started) / 1000;
    return progress;
  } catch (error) {
    progress.stage = 'failed';
    // Surface the activity's own message (e.g. a HelmInputError) rather than "Activity task failed".
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      throw ApplicationFailure.create({
        message: error.cause.message,
        type: error.cause.type ?? 'RunFailed',
        nonRetryable: true,
        cause: error,
      });
    }
    throw error;
  }
}
