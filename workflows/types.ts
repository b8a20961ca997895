import type { ExecutionPaths, RunRef, SuitePaths } from '../core/outputs/paths';
import type { RunEntry } from '../core/run-specs/schemas';

export type { ExecutionPaths, RunRef, SuitePaths };

/** Task queues: CPU work (workflows, scenario/adapt/metrics activities) and model calls. */
export const DEFAULT_TASK_QUEUE = 'helm';
export const DEFAULT_MODEL_TASK_QUEUE = 'helm-models';

/** helm-run's options that shape run specs (HELM's flags of the same names). */
export interface ExpansionOptions {
  modelsToRun?: string[];
  groupsToRun?: string[];
  priority?: number;
  maxEvalInstances: number;
  numTrainTrials?: number;
}

export interface SuiteOptions {
  numThreads: number;
  maxConcurrentRuns: number;
  requestBatchSize: number;
  skipCompletedRuns: boolean;
  exitOnError: boolean;
  dryRun: boolean;
  disableCache: boolean;
  /**
   * The suite's shared request cache: a PostgreSQL URL without its password (helm-run --cache-url);
   * every worker opens it, with the password it was given. Unset: the SQLite files of the local path.
   */
  requestCache?: string;
  /** Folder laid out like shared/data, used when a canonical download is unreachable. */
  dataMirror?: string;
  modelTaskQueue: string;
  /** Run helm-summarize (a SummarizeWorkflow) when the suite's runs are done. */
  summarize?: boolean;
}

export interface SuiteWorkflowInput {
  paths: SuitePaths;
  /** The run entries, inline when small… */
  entries: RunEntry[];
  /** …or, for large suites, a JSON file of them under the output path (payloads are capped at 2 MB). */
  entriesFile?: string;
  expansion: ExpansionOptions;
  options: SuiteOptions;
}

export interface RunWorkflowInput {
  run: RunRef;
  options: SuiteOptions;
}

/** One run to execute, as expandRunEntries lists them (one JSON line each) for the shards. */
export interface PlannedRun {
  runName: string;
  model: string;
  scenario: string;
  /** Set when <local-path>/model_task_queues.yaml routes this run's deployment to its own queue. */
  modelTaskQueue?: string;
}

/** What expandRunEntries returns: counts only; the run list itself stays on disk. */
export interface ExpansionSummary {
  numRunSpecs: number;
  numToRun: number;
  /** Runs skipped by --skip-completed-runs (capped list; the count is complete). */
  numSkipped: number;
  skippedRunNames: string[];
}

/** Runs per shard workflow: keeps every workflow history far below Temporal's limits. */
export const RUNS_PER_SHARD = 1000;

export interface ShardWorkflowInput {
  paths: ExecutionPaths;
  options: SuiteOptions;
  shardIndex: number;
  /** Positions [start, end) in the planned-runs list. */
  start: number;
  end: number;
}

export interface RunFailure {
  runName: string;
  error: string;
}

/** Counters of finished runs, summed from run results. */
export interface RunCounts {
  runsDone: number;
  runsFailed: number;
  requestsTotal: number;
  requestsDone: number;
  cachedHits: number;
}

export function emptyCounts(): RunCounts {
  return { runsDone: 0, runsFailed: 0, requestsTotal: 0, requestsDone: 0, cachedHits: 0 };
}

export function addCounts(a: RunCounts, b: RunCounts): RunCounts {
  return {
    runsDone: a.runsDone + b.runsDone,
    runsFailed: a.runsFailed + b.runsFailed,
    requestsTotal: a.requestsTotal + b.requestsTotal,
    requestsDone: a.requestsDone + b.requestsDone,
    cachedHits: a.cachedHits + b.cachedHits,
  };
}

/** At most this many failures are carried in results and queries (the counts stay exact). */
export const MAX_LISTED_FAILURES = 200;

export interface ShardResult extends RunCounts {
  failed: RunFailure[];
}

export interface ShardProgress extends ShardResult {
  runsTotal: number;
  /** Names of the runs in flight (at most maxConcurrentRuns). */
  activeRuns: string[];
}

export interface SuiteResult {
  suite: string;
  outputDir: string;
  runsTotal: number;
  runsCompleted: number;
  runsSkipped: number;
  runsFailed: number;
  failed: RunFailure[];
}

/** 'preparing' = loading the scenario and adapting; 'computing metrics' includes writing the files. */
export type RunStage = 'preparing' | 'executing requests' | 'computing metrics' | 'done' | 'failed';

export interface RunProgress {
  runName: string;
  stage: RunStage;
  requestsTotal: number;
  requestsDone: number;
  cachedHits: number;
}

/**
 * The suite's own view: finished shards' counters and the ids of the shards in flight; a client
 * adds the shards' and their runs' progress queries for the live picture (see client/suite-progress.ts).
 */
export interface SuiteProgress {
  suite: string;
  stage: 'expanding run entries' | 'running' | 'writing run_specs.json' | 'summarizing' | 'done';
  runsTotal: number;
  runsSkipped: number;
  finished: RunCounts;
  activeShards: string[];
  failed: RunFailure[];
}

export function suiteWorkflowId(suite: string): string {
  return `helm:${suite}`;
}

export function runWorkflowId(suite: string, runName: string): string {
  return `helm:${suite}/${runName}`;
}

export function shardWorkflowId(suite: string, shardIndex: number): string {
  return `helm:${suite}#shard-${shardIndex}`;
}
