import type { ExecutionPaths, RunRef, SuitePaths } from '../core/outputs/paths';
import type { RunEntry } from '../core/run-specs/schemas';

export type { ExecutionPaths, RunRef, SuitePaths };

/** Task queues: CPU work (workflows, scenario/adapt/metrics activities) and model calls. */
export const DEFAULT_TASK_QUEUE = 'helm';
export const DEFAULT_MODEL_TASK_QUEUE = 'helm-models';

/**
 * The workflow task queue of a suite run on the embedded server: its own, so the in-process worker
 * of one helm-run only ever works on its own suite (never on another, stuck suite of the same
 * --local-path, whose arguments it was not given). Fleets (--temporal-address) share DEFAULT_TASK_QUEUE.
 */
export function embeddedTaskQueue(suite: string): string {
  return `${DEFAULT_TASK_QUEUE}/${suite}`;
}

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
  /**
   * Up to this many small runs share one runSmallRuns activity instead of a RunWorkflow each
   * (helm-run --small-run-group-size); unset or 0: every run is its own RunWorkflow.
   */
  smallRunGroupSize?: number;
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
  /**
   * Runs that fail without starting (capped list): entries without their data (runName = the
   * entry's description) and run specs whose scenario class helm-ts lacks.
   */
  failedEntries?: RunFailure[];
  /** How many there are in all (the list above is capped). */
  numFailedEntries?: number;
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
  /** The shard's last finished runs (at most RECENT_RUNS_KEPT), for clients' per-run lines. */
  recent?: FinishedRun[];
}

export interface ShardProgress extends ShardResult {
  runsTotal: number;
  /** Names of the runs in flight (at most maxConcurrentRuns). */
  activeRuns: string[];
  /** The last runs to finish, newest last (seq counts every finished run of the shard). */
  recent: FinishedRun[];
}

/** A finished run as the suite's progress lists it: with the shard it ran in. */
export interface ShardFinishedRun extends FinishedRun {
  shard: string;
}

/** What a client prints when a run ends (helm-run's per-run lines). */
export interface FinishedRun {
  /** 1 for the shard's first finished run, 2 for the next, … */
  seq: number;
  runName: string;
  ok: boolean;
  /** Evaluation instances (HELM's num_instances), requests and wall-clock seconds of the run. */
  instances?: number;
  requests?: number;
  seconds?: number;
  mainMetric?: MainMetric;
  error?: string;
}

/** What runSmallRuns reports of each run of its group. */
export type SmallRunOutcome =
  | {
      runName: string;
      status: 'done';
      requests: number;
      cachedHits: number;
      seconds: number;
      instances?: number;
      mainMetric?: MainMetric;
    }
  | { runName: string; status: 'failed'; error: string }
  /** More requests than a group runs inline: the shard gives it a RunWorkflow of its own. */
  | { runName: string; status: 'deferred' };

/** The run's headline number, e.g. exact_match on the test split. */
export interface MainMetric {
  name: string;
  split: string;
  value: number;
}

/** A shard's counts so far, signalled to its suite as runs finish (throttled), for its search attributes. */
export interface ShardCounts {
  shardIndex: number;
  runsDone: number;
  runsFailed: number;
}

/** Finished runs kept in a shard's progress for clients to print (the counts stay exact). */
export const RECENT_RUNS_KEPT = 64;

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
  /** Set when the run is done. */
  instances?: number;
  seconds?: number;
  mainMetric?: MainMetric;
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
  /** The last runs of the shards that have finished (clients print a line per run). */
  recent?: ShardFinishedRun[];
}

/** The failure type of a suite whose runs (some of them) failed; its details carry the SuiteResult. */
export const SUITE_RUNS_FAILED = 'SuiteRunsFailed';

/**
 * What helm-run writes into a suite execution's memo at start: enough to tell a second helm-run
 * whether it asks for the same suite (the fingerprint) and, if not, what the running one is.
 */
export interface SuiteMemo {
  suite: string;
  /** sha256 of the arguments that decide what a suite computes (client/suite-fingerprint.ts). */
  fingerprint?: string;
  entries: number;
  /** The first few run entry descriptions. */
  entriesPreview?: string[];
  entriesFile?: string;
  outputPath: string;
  localPath?: string;
  /** Models of the suite's runs (the first few). */
  models?: string[];
  /** `user@host` of the helm-run that started it. */
  startedBy?: string;
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
