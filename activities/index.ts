import type { WorkerContext } from './context';
import { createExecuteRequestBatch } from './execute-request-batch';
import { createExpandRunEntries, readPlannedRuns } from './expand-run-entries';
import { createFinishRun } from './finish-run';
import { createPrepareRun } from './prepare-run';
import { writeSuiteRunSpecs } from './write-suite-run-specs';
import { summarizeSuite } from './summarize-suite';
import { failInputErrorsAtOnce } from './input-errors';

/**
 * The activities of the pipeline. A run has three: prepareRun (scenario + adaptation),
 * executeRequestBatch (many, on the model task queue) and finishRun (metrics + HELM's files). Each
 * is a thin wrapper that reads its inputs from the run's work folder, calls the stages' pure
 * functions and writes its outputs back.
 */
export function createActivities(context: WorkerContext) {
  return failInputErrorsAtOnce({
    expandRunEntries: createExpandRunEntries(context),
    readPlannedRuns,
    prepareRun: createPrepareRun(context),
    executeRequestBatch: createExecuteRequestBatch(context),
    finishRun: createFinishRun(context),
    writeSuiteRunSpecs,
    summarizeSuite,
  });
}

export type HelmActivities = ReturnType<typeof createActivities>;
export { WorkerContext } from './context';
