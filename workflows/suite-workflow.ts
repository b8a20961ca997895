import {
  ApplicationFailure,
  ParentClosePolicy,
  defineQuery,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { HELM_MODEL, HELM_SCENARIO, HELM_SUITE } from '../infra/search-attributes';
import type { HelmActivities } from '../activities';
import { runProgressSignal, runWorkflow } from './run-workflow';
import { runWorkflowId, type RunOutcome, type RunProgress, type SuiteProgress, type SuiteResult, type SuiteWorkflowInput } from './types';

export const suiteProgressQuery = defineQuery<SuiteProgress>('progress');

const { expandRunEntries, writeSuiteRunSpecs } = proxyActivities<HelmActivities>({
  startToCloseTimeout: '30m',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['HelmInputError'] },
});

/**
 * A helm-run invocation: expand run entries into run specs, then one child RunWorkflow per run
 * spec with bounded parallelism and deterministic ids (`helm:<suite>/<run name>`), so that
 * re-running the command attaches to, or resumes, the same work.
 */
export async function suiteWorkflow(input: SuiteWorkflowInput): Promise<SuiteResult> {
  const { options } = input;
  const paths = { ...input.paths, executionId: workflowInfo().firstExecutionRunId };
  const progress: SuiteProgress = {
    suite: paths.suite,
    stage: 'expanding run entries',
    runsTotal: 0,
    runsDone: 0,
    runsFailed: 0,
    runsSkipped: 0,
    requestsTotal: 0,
    requestsDone: 0,
    cachedHits: 0,
    active: [],
    failed: [],
  };
  const active = new Map<string, RunProgress>();
  const finished = { requestsTotal: 0, requestsDone: 0, cachedHits: 0 };
  setHandler(suiteProgressQuery, () => {
    const inFlight = [...active.values()];
    return {
      ...progress,
      requestsTotal: finished.requestsTotal + inFlight.reduce((n, r) => n + r.requestsTotal, 0),
      requestsDone: finished.requestsDone + inFlight.reduce((n, r) => n + r.requestsDone, 0),
      cachedHits: finished.cachedHits + inFlight.reduce((n, r) => n + r.cachedHits, 0),
      active: inFlight,
    };
  });
  setHandler(runProgressSignal, (run) => {
    if (active.has(run.runName)) active.set(run.runName, run);
  });

  const expansion = await expandRunEntries(paths, input.entries, input.expansion, {
    skipCompletedRuns: options.skipCompletedRuns,
    disableCache: options.disableCache,
  });

  progress.stage = 'running';
  progress.runsTotal = expansion.runNames.length + expansion.skippedRunNames.length;
  progress.runsSkipped = expansion.skippedRunNames.length;
  const outcomes: RunOutcome[] = expansion.skippedRunNames.map((runName) => ({ runName, status: 'skipped' }));

  let next = 0;
  let abort: ApplicationFailure | undefined;
  const lane = async (): Promise<void> => {
    while (next < expansion.runNames.length && !abort) {
      const runName = expansion.runNames[next++];
      active.set(runName, { runName, stage: 'pending', requestsTotal: 0, requestsDone: 0, cachedHits: 0 });
      try {
        const result = await executeChild(runWorkflow, {
          workflowId: runWorkflowId(paths.suite, runName),
          args: [{ run: { ...paths, runName }, options, parentWorkflowId: workflowInfo().workflowId }],
          parentClosePolicy: ParentClosePolicy.TERMINATE,
          typedSearchAttributes: [
            { key: HELM_SUITE, value: paths.suite },
            { key: HELM_MODEL, value: expansion.modelByRun[runName] ?? '' },
            { key: HELM_SCENARIO, value: expansion.scenarioByRun[runName] ?? '' },
          ],
          memo: { runName, suite: paths.suite },
        });
        finished.requestsTotal += result.requestsTotal;
        finished.requestsDone += result.requestsDone;
        finished.cachedHits += result.cachedHits;
        progress.runsDone++;
        outcomes.push({ runName, status: 'completed', numRequests: result.requestsTotal });
      } catch (error) {
        const message = describeFailure(error);
        progress.runsFailed++;
        progress.failed.push({ runName, error: message });
        outcomes.push({ runName, status: 'failed', error: message });
        if (options.exitOnError) {
          abort = ApplicationFailure.create({ message: `Run ${runName} failed: ${message}`, type: 'RunFailed', nonRetryable: true });
        }
      } finally {
        active.delete(runName);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.maxConcurrentRuns) }, lane));
  if (abort) throw abort;
  await writeSuiteRunSpecs(paths);
  progress.stage = 'done';

  return {
    suite: paths.suite,
    outputDir: `${paths.outputPath}/runs/${paths.suite}`,
    runs: outcomes,
    failedRuns: outcomes.filter((o) => o.status === 'failed').map((o) => o.runName),
  };
}

/** The innermost cause carries the real message (e.g. the HelmInputError from an activity). */
function describeFailure(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
