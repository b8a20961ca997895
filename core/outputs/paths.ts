import path from 'node:path';
import type { PluginRef } from '../plugins/plugin-ref';
import { HelmInputError } from '../common/errors';
import { validateSuiteName } from './suite-name';

/** Where a suite reads and writes; workers must see the same paths (shared disk for fleets). */
export interface SuitePaths {
  outputPath: string;
  /**
   * `--output-path` as typed (`outputPath` is resolved). HELM writes this string into perturbation
   * descriptions that name their downloaded word lists.
   */
  outputPathAsGiven?: string;
  localPath: string;
  suite: string;
  /** --enable-local-huggingface-models folders, registered as huggingface/<folder name>. */
  localHuggingFaceModels?: string[];
  /** --plugins modules: every worker of the suite must have loaded them (helm-worker --plugins). */
  plugins?: PluginRef[];
  /** Folders of declarative scenarios (--include-path, <local-path>/include_paths.yaml), absolute. */
  includePaths?: string[];
}

/**
 * A suite execution's paths: `executionId` (the suite workflow's first run id) keeps each
 * execution's intermediate files apart, so a resumed execution continues its own work while a
 * fresh `helm-run` of a finished suite starts clean.
 */
export interface ExecutionPaths extends SuitePaths {
  executionId: string;
}

/** Small reference to one run's files; everything big stays on disk. */
export interface RunRef extends ExecutionPaths {
  runName: string;
}

/** HELM's five run files, in the order HELM writes them; all present = run complete. */
export const RUN_FILES = ['run_spec.json', 'scenario.json', 'scenario_state.json', 'stats.json', 'per_instance_stats.json'] as const;

/**
 * `target` itself, once checked to lie inside `root`: every path helm-ts writes under the output
 * path goes through here, so no suite or run name can reach outside it (defence in depth behind the
 * CLIs' name checks).
 */
export function insideRoot(root: string, target: string, what: string): string {
  const relative = path.relative(path.resolve(root), path.resolve(target));
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new HelmInputError(`${what} ${target} is not inside ${root}; names must not contain path components`);
  }
  return target;
}

export function suiteDir(paths: SuitePaths): string {
  validateSuiteName(paths.suite);
  return insideRoot(paths.outputPath, path.join(paths.outputPath, 'runs', paths.suite), 'The suite folder');
}

/** `<output>/runs/<suite>/<run name>`: HELM's run directory (the name already has '/' → '_'). */
export function runDir(run: SuitePaths & { runName: string }): string {
  const dir = suiteDir(run);
  return insideRoot(dir, path.join(dir, run.runName), 'The run folder');
}

/**
 * Intermediate files of a run (run spec, instances, request states, batch results, stats) live
 * outside HELM's tree so a half-done run never looks like a HELM run directory.
 */
export function workDir(run: RunRef): string {
  const dir = executionWorkDir(run);
  return insideRoot(dir, path.join(dir, run.runName), 'The run work folder');
}

/** `<output>/work/<suite>/<execution id>/`: all intermediate files of one suite execution. */
export function executionWorkDir(paths: ExecutionPaths): string {
  const dir = suiteWorkDir(paths);
  return insideRoot(dir, path.join(dir, paths.executionId), 'The execution work folder');
}

/** `<output>/work/<suite>/`: the work folders of every execution of a suite, and large entry files. */
export function suiteWorkDir(paths: SuitePaths): string {
  validateSuiteName(paths.suite);
  return insideRoot(paths.outputPath, path.join(paths.outputPath, 'work', paths.suite), 'The suite work folder');
}

export const WORK_FILES = {
  runSpec: 'run_spec.json',
  instances: 'instances.json',
  scenario: 'scenario.json',
  requestStates: 'request_states.json',
  stats: 'stats.json',
  perInstanceStats: 'per_instance_stats.json',
  resultsDir: 'results',
} as const;

export function workFile(run: RunRef, name: keyof typeof WORK_FILES): string {
  return path.join(workDir(run), WORK_FILES[name]);
}

export function batchResultsFile(run: RunRef, batchIndex: number): string {
  return path.join(workDir(run), WORK_FILES.resultsDir, `batch-${String(batchIndex).padStart(6, '0')}.jsonl`);
}

/** The runs a suite execution will run, one JSON line each, read by its shards. */
export function plannedRunsFile(paths: ExecutionPaths): string {
  return path.join(executionWorkDir(paths), 'planned-runs.jsonl');
}
