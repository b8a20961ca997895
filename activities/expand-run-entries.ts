import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { runEntriesToRunSpecs, runEntriesToRunSpecsYielding } from '../core/run-specs/run-entries';
import { RunEntries, type RunEntry, type RunSpec } from '../core/run-specs/schemas';
import { HelmInputError } from '../core/common/errors';
import { nextTurn } from '../core/common/next-turn';
import { loadModelTaskQueues, modelTaskQueueFor } from '../core/models/task-queues';
import { getScenario, scenarioName } from '../core/scenarios/registry';
import { declarativeRunSpecFunctions } from '../core/scenarios/declarative/include-paths';
import { RUN_FILES, plannedRunsFile, runDir, suiteDir } from '../core/outputs/paths';
import { readJsonLines, writeJsonLines, writeRunSpec } from './work-files';
import type { ExecutionPaths, ExpansionOptions, ExpansionSummary, PlannedRun, SuitePaths } from '../workflows/types';

/** Skipped runs listed in the summary at most (the count is exact). */
const MAX_LISTED_SKIPS = 200;

export interface ExpansionResult {
  toRun: PlannedRun[];
  skippedRunNames: string[];
}

/** True when HELM's five run files are all present (HELM's --skip-completed-runs test). */
export function isRunComplete(dir: string): boolean {
  return RUN_FILES.every((file) => fs.existsSync(path.join(dir, file)));
}

/**
 * Run entries → run specs, validated before any run starts: unknown scenarios, models and
 * unavailable clients or tokenizers fail here, with the message the user sees.
 */
export function expandSuite(
  context: WorkerContext,
  paths: SuitePaths,
  entries: RunEntry[],
  expansion: ExpansionOptions,
  options: { skipCompletedRuns: boolean; disableCache: boolean },
): { specs: RunSpec[]; result: ExpansionResult } {
  const specs = runEntriesToRunSpecs(entries, expansion, context.registry(paths), declarativeRunSpecFunctions(paths.includePaths));
  return { specs, result: planRuns(context, paths, specs, options) };
}

/** The runs to start: each run spec checked (scenario, client, tokenizer), duplicates and completed runs left out. */
function planRuns(context: WorkerContext, paths: SuitePaths, specs: RunSpec[], options: { skipCompletedRuns: boolean; disableCache: boolean }): ExpansionResult {
  const checkedDeployments = new Set<string>();
  for (const spec of specs) {
    getScenario(spec.scenario_spec.class_name);
    const deployment = spec.adapter_spec.model_deployment;
    if (!checkedDeployments.has(deployment)) {
      checkedDeployments.add(deployment);
      // The client first: "model weights not available" says more than a missing tokenizer.
      context.modelClient(paths, deployment, options.disableCache);
      context.windowService(paths, deployment);
    }
  }
  const routes = loadModelTaskQueues(paths.localPath);
  const result: ExpansionResult = { toRun: [], skippedRunNames: [] };
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) continue; // the same run twice in one suite runs once
    seen.add(spec.name);
    if (options.skipCompletedRuns && isRunComplete(runDir({ ...paths, runName: spec.name }))) {
      result.skippedRunNames.push(spec.name);
    } else {
      const scenario = scenarioName(getScenario(spec.scenario_spec.class_name), spec.scenario_spec.args);
      const queue = modelTaskQueueFor(routes, spec.adapter_spec.model_deployment, '');
      result.toRun.push({ runName: spec.name, model: spec.adapter_spec.model, scenario, ...(queue ? { modelTaskQueue: queue } : {}) });
    }
  }
  return result;
}

export function createExpandRunEntries(context: WorkerContext) {
  return async function expandRunEntries(
    paths: ExecutionPaths,
    entriesOrFile: RunEntry[] | string,
    expansion: ExpansionOptions,
    options: { skipCompletedRuns: boolean; disableCache: boolean },
  ): Promise<ExpansionSummary> {
    const entries = typeof entriesOrFile === 'string' ? readEntriesFile(entriesOrFile) : entriesOrFile;
    const specs = await runEntriesToRunSpecsYielding(entries, expansion, context.registry(paths), 200, declarativeRunSpecFunctions(paths.includePaths));
    const result = planRuns(context, paths, specs, options);
    // HELM always creates these, even when nothing runs.
    fs.mkdirSync(path.join(suiteDir(paths), 'eval_cache'), { recursive: true });
    fs.mkdirSync(path.join(paths.outputPath, 'scenario_instances'), { recursive: true });
    for (const [i, spec] of specs.entries()) {
      writeRunSpec({ ...paths, runName: spec.name }, spec);
      if (i % 200 === 199) await nextTurn();
    }
    writeJsonLines(plannedRunsFile(paths), result.toRun);
    Context.current().log.info(`${entries.length} entries produced ${specs.length} run specs`);
    return {
      numRunSpecs: specs.length,
      numToRun: result.toRun.length,
      numSkipped: result.skippedRunNames.length,
      skippedRunNames: result.skippedRunNames.slice(0, MAX_LISTED_SKIPS),
    };
  };
}

/** Entries too many for a workflow payload travel as a file (see client/helm-run.ts). */
export function readEntriesFile(file: string): RunEntry[] {
  if (!fs.existsSync(file)) throw new HelmInputError(`Run entries file ${file} is missing: workers must see helm-run's --output-path`);
  return RunEntries.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).entries;
}

/** Inline entries above this many bytes of JSON go to a file instead (Temporal warns from 512 KB). */
export const INLINE_ENTRIES_LIMIT = 256 * 1024;

/** The slice [start, end) of the suite's planned runs, for one shard. */
export async function readPlannedRuns(paths: ExecutionPaths, start: number, end: number): Promise<PlannedRun[]> {
  return readJsonLines<PlannedRun>(plannedRunsFile(paths)).slice(start, end);
}
