import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { ExpansionProblems, runEntriesToRunSpecsYielding, type RunEntriesOptions } from '../core/run-specs/run-entries';
import { RunEntries, type RunEntry, type RunSpec } from '../core/run-specs/schemas';
import { HelmInputError } from '../core/common/errors';
import { nextTurn } from '../core/common/next-turn';
import { loadModelTaskQueues, modelTaskQueueFor } from '../core/models/task-queues';
import { getScenario, scenarioName, scenarioRegistry } from '../core/scenarios/registry';
import { declarativeRunSpecFunctions } from '../core/scenarios/declarative/include-paths';
import { plannedRunsFile, runDir, suiteDir, suiteWorkDir } from '../core/outputs/paths';
import { runFilesProblem } from '../core/outputs/run-files';
import { removeAtomicTempFiles } from '../core/common/atomic-write';
import { toNumber } from '../core/common/py-number';
import { checkTrainTrials } from '../core/common/run-limits';
import { readJsonLines, writeJsonLines, writeRunSpec } from './work-files';
import type { ExecutionPaths, ExpansionOptions, ExpansionSummary, PlannedRun, RunFailure, SuitePaths } from '../workflows/types';

/** Skipped runs listed in the summary at most (the count is exact). */
const MAX_LISTED_SKIPS = 200;

export interface ExpansionResult {
  toRun: PlannedRun[];
  skippedRunNames: string[];
  /** Runs --skip-completed-runs runs again: their folder has files, but not five sound ones. */
  unsoundRuns: Array<{ runName: string; problem: string }>;
}


export interface ExpandOptions {
  skipCompletedRuns: boolean;
  disableCache: boolean;
  /** Where run spec functions copy the files they read from when offline (see RunSpecContext). */
  dataMirror?: string;
}

/** The expansion options with the run spec functions' context (output path, data mirror). */
function withContext(paths: SuitePaths, expansion: ExpansionOptions, options: ExpandOptions, failedEntries: RunFailure[]): RunEntriesOptions {
  return {
    ...expansion,
    context: { outputPath: paths.outputPath, mirrorDir: options.dataMirror },
    suiteFunctions: declarativeRunSpecFunctions(paths.includePaths),
    // An entry whose run spec function lacks its data (RAFT's instructions) fails alone, named.
    onMissingData: (description, error) => failedEntries.push({ runName: description, error: error.message }),
  };
}

/**
 * Run entries → run specs, validated before any run starts: unknown run spec functions, models and
 * unavailable clients or tokenizers fail here, all of them in one message. A run spec whose
 * scenario class helm-ts lacks does not stop the suite: it becomes a failed run (see
 * unimplementedScenarioFailures), so the rest of a conf such as HELM Classic's still runs.
 * `specs` are the run specs that can run.
 */
export async function expandSuite(
  context: WorkerContext,
  paths: SuitePaths,
  entries: RunEntry[],
  expansion: ExpansionOptions,
  options: ExpandOptions,
): Promise<{ specs: RunSpec[]; result: ExpansionResult; failedEntries: RunFailure[]; unimplemented: UnimplementedScenarios }> {
  const problems = new ExpansionProblems();
  const failedEntries: RunFailure[] = [];
  const expanded = await runEntriesToRunSpecsYielding(entries, withContext(paths, expansion, options, failedEntries), context.registry(paths), 200, problems);
  problems.throwIfAny();
  const { runnable, unimplemented } = splitByScenarioClass(expanded);
  failedEntries.push(...unimplementedScenarioFailures(unimplemented));
  return { specs: runnable, result: planRuns(context, paths, runnable, options), failedEntries, unimplemented };
}

/** Run names per scenario class helm-ts does not have, in the order the classes first appear. */
export type UnimplementedScenarios = Map<string, string[]>;

/** The run specs whose scenario class is registered, and the run names of the others by class. */
export function splitByScenarioClass(specs: RunSpec[]): { runnable: RunSpec[]; unimplemented: UnimplementedScenarios } {
  const runnable: RunSpec[] = [];
  const unimplemented: UnimplementedScenarios = new Map();
  for (const spec of specs) {
    const className = spec.scenario_spec.class_name;
    if (scenarioRegistry.has(className)) runnable.push(spec);
    else unimplemented.set(className, [...(unimplemented.get(className) ?? []), spec.name]);
  }
  return { runnable, unimplemented };
}

/** The message a run gets when its scenario class is missing. */
export function unimplementedScenarioMessage(className: string): string {
  return `scenario class ${className} is not implemented in helm-ts yet`;
}

/** One failed run per run spec whose scenario class is missing (a run name is listed once). */
export function unimplementedScenarioFailures(unimplemented: UnimplementedScenarios): RunFailure[] {
  const failures: RunFailure[] = [];
  for (const [className, runs] of unimplemented) {
    for (const runName of new Set(runs)) failures.push({ runName, error: unimplementedScenarioMessage(className) });
  }
  return failures;
}

/** One line per missing scenario class: how many runs it fails, and the first of them. */
export function describeUnimplemented(unimplemented: UnimplementedScenarios): string[] {
  return [...unimplemented].map(([className, runs]) => {
    const count = new Set(runs).size;
    return `${className}: ${count} run${count === 1 ? '' : 's'} (e.g. \`${runs[0]}\`) — not implemented in helm-ts yet`;
  });
}

/** The runs to start: each run spec checked (client, tokenizer), duplicates and completed runs left out. */
function planRuns(context: WorkerContext, paths: SuitePaths, specs: RunSpec[], options: ExpandOptions): ExpansionResult {
  const checkedDeployments = new Set<string>();
  for (const spec of specs) {
    checkTrainTrials(toNumber(spec.adapter_spec.num_train_trials), `Run ${spec.name}`);
    const deployment = spec.adapter_spec.model_deployment;
    if (!checkedDeployments.has(deployment)) {
      checkedDeployments.add(deployment);
      // The client first: "model weights not available" says more than a missing tokenizer.
      context.modelClient(paths, deployment, options.disableCache);
      context.windowService(paths, deployment);
    }
  }
  const routes = loadModelTaskQueues(paths.localPath);
  const result: ExpansionResult = { toRun: [], skippedRunNames: [], unsoundRuns: [] };
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) continue; // the same run twice in one suite runs once
    seen.add(spec.name);
    const problem = options.skipCompletedRuns ? runFilesProblem(runDir({ ...paths, runName: spec.name }), spec.name) : 'not checked';
    if (problem === undefined) {
      result.skippedRunNames.push(spec.name);
    } else {
      if (options.skipCompletedRuns && fs.existsSync(runDir({ ...paths, runName: spec.name }))) result.unsoundRuns.push({ runName: spec.name, problem });
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
    options: ExpandOptions,
  ): Promise<ExpansionSummary> {
    const entries = typeof entriesOrFile === 'string' ? readEntriesFile(entriesOrFile) : entriesOrFile;
    const { specs, result, failedEntries, unimplemented } = await expandSuite(context, paths, entries, expansion, options);
    const log = Context.current().log;
    for (const { runName, problem } of result.unsoundRuns.slice(0, MAX_LISTED_SKIPS)) {
      log.warn(`Run ${runName} is not complete (${problem}); running it again`);
    }
    removeLeftovers(paths);
    // HELM always creates these, even when nothing runs.
    fs.mkdirSync(path.join(suiteDir(paths), 'eval_cache'), { recursive: true });
    fs.mkdirSync(path.join(paths.outputPath, 'scenario_instances'), { recursive: true });
    for (const [i, spec] of specs.entries()) {
      writeRunSpec({ ...paths, runName: spec.name }, spec);
      if (i % 200 === 199) await nextTurn();
    }
    writeJsonLines(plannedRunsFile(paths), result.toRun);
    log.info(`${entries.length} entries produced ${specs.length + failedEntries.length} run specs`);
    for (const line of describeUnimplemented(unimplemented)) log.warn(`Failing without running: ${line}`);
    return {
      numRunSpecs: specs.length,
      numToRun: result.toRun.length,
      numSkipped: result.skippedRunNames.length,
      skippedRunNames: result.skippedRunNames.slice(0, MAX_LISTED_SKIPS),
      failedEntries: failedEntries.slice(0, MAX_LISTED_SKIPS),
      numFailedEntries: failedEntries.length,
    };
  };
}

/**
 * What earlier executions of this suite left when they were killed or ran out of disk: their work
 * folders (a new execution never resumes them) and writeFileAtomic's temporary files in the suite
 * and run folders. Safe here: this execution is the only one of the suite, and it has not started
 * any run yet.
 */
export function removeLeftovers(paths: ExecutionPaths): void {
  const work = suiteWorkDir(paths);
  if (fs.existsSync(work)) {
    for (const entry of fs.readdirSync(work, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== paths.executionId) fs.rmSync(path.join(work, entry.name), { recursive: true, force: true });
    }
  }
  const dir = suiteDir(paths);
  if (!fs.existsSync(dir)) return;
  removeAtomicTempFiles(dir);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeAtomicTempFiles(path.join(dir, entry.name));
  }
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
