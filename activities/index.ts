import type { WorkerContext } from './context';
import { createAdaptRun } from './adapt-run';
import { createComputeRunMetrics } from './compute-run-metrics';
import { createExecuteRequestBatch } from './execute-request-batch';
import { createExpandRunEntries, readPlannedRuns } from './expand-run-entries';
import { loadScenario } from './load-scenario';
import { writeRunOutputs } from './write-run-outputs';
import { writeSuiteRunSpecs } from './write-suite-run-specs';
import { summarizeSuite } from './summarize-suite';

/**
 * The activities of the pipeline, one per stage; each is a thin wrapper that reads its inputs
 * from the run's work folder, calls the stage's pure functions and writes its outputs back.
 */
export function createActivities(context: WorkerContext) {
  return {
    expandRunEntries: createExpandRunEntries(context),
    readPlannedRuns,
    loadScenario,
    adaptRun: createAdaptRun(context),
    executeRequestBatch: createExecuteRequestBatch(context),
    computeRunMetrics: createComputeRunMetrics(context),
    writeRunOutputs,
    writeSuiteRunSpecs,
    summarizeSuite,
  };
}

export type HelmActivities = ReturnType<typeof createActivities>;
export { WorkerContext } from './context';
