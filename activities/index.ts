import type { WorkerContext } from './context';
import { createExecuteRequestBatch } from './execute-request-batch';
import { createExpandRunEntries, readPlannedRuns } from './expand-run-entries';
import { createFinishRun } from './finish-run';
import { createPrepareRun } from './prepare-run';
import { createRunSmallRuns } from './run-small-runs';
import { writeSuiteRunSpecs } from './write-suite-run-specs';
import { summarizeSuite } from './summarize-suite';
import { requireSuitePlugins } from '../core/plugins/load-plugins';
import type { SuitePaths } from '../core/outputs/paths';

/**
 * Every activity's first argument is the suite's paths (or a run's, which extend them); before any
 * work, the worker checks it has loaded the plugins the suite was started with.
 */
function checkingPlugins<A extends [SuitePaths, ...unknown[]], R>(activity: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    requireSuitePlugins(args[0].plugins, args[0].suite);
    return activity(...args);
  };
}
import { failFastOnLocalFaults } from './local-faults';
import { failInputErrorsAtOnce } from './input-errors';

/**
 * The activities of the pipeline. A run has three: prepareRun (scenario + adaptation),
 * executeRequestBatch (many, on the model task queue) and finishRun (metrics + HELM's files), or
 * small runs all three in one runSmallRuns with others of their shard. Each
 * is a thin wrapper that reads its inputs from the run's work folder, calls the stages' pure
 * functions and writes its outputs back.
 */
export function createActivities(context: WorkerContext) {
  return failInputErrorsAtOnce({
    expandRunEntries: failFastOnLocalFaults(checkingPlugins(createExpandRunEntries(context))),
    readPlannedRuns: failFastOnLocalFaults(checkingPlugins(readPlannedRuns)),
    prepareRun: failFastOnLocalFaults(checkingPlugins(createPrepareRun(context))),
    executeRequestBatch: failFastOnLocalFaults(checkingPlugins(createExecuteRequestBatch(context))),
    finishRun: failFastOnLocalFaults(checkingPlugins(createFinishRun(context))),
    runSmallRuns: failFastOnLocalFaults(checkingPlugins(createRunSmallRuns(context))),
    writeSuiteRunSpecs: failFastOnLocalFaults(checkingPlugins(writeSuiteRunSpecs)),
    summarizeSuite: failFastOnLocalFaults(checkingPlugins(summarizeSuite)),
  });
}

export type HelmActivities = ReturnType<typeof createActivities>;
export { WorkerContext } from './context';
