import type { RunEntry } from '../activities/run-specs/schemas';

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

/** Where a suite reads and writes; workers must see the same paths (shared disk for fleets). */
export interface SuitePaths {
  outputPath: string;
  localPath: string;
  suite: string;
}

export interface SuiteOptions {
  numThreads: number;
  maxConcurrentRuns: number;
  requestBatchSize: number;
  skipCompletedRuns: boolean;
  exitOnError: boolean;
  dryRun: boolean;
  disableCache: boolean;
  /** Folder laid out like shared/data, used when a canonical download is unreachable. */
  dataMirror?: string;
  modelTaskQueue: string;
}

export interface SuiteWorkflowInput {
  paths: SuitePaths;
  entries: RunEntry[];
  expansion: ExpansionOptions;
  options: SuiteOptions;
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

export interface RunWorkflowInput {
  run: RunRef;
  options: SuiteOptions;
  /** The suite workflow to send progress signals to. */
  parentWorkflowId?: string;
}

export interface RunOutcome {
  runName: string;
  status: 'completed' | 'skipped' | 'failed';
  error?: string;
  numInstances?: number;
  numRequests?: number;
}

export interface SuiteResult {
  suite: string;
  outputDir: string;
  runs: RunOutcome[];
  failedRuns: string[];
}

export type RunStage = 'pending' | 'loading scenario' | 'adapting' | 'executing requests' | 'computing metrics' | 'writing outputs' | 'done' | 'failed' | 'skipped';

export interface RunProgress {
  runName: string;
  stage: RunStage;
  requestsTotal: number;
  requestsDone: number;
  cachedHits: number;
}

export interface SuiteProgress {
  suite: string;
  stage: 'expanding run entries' | 'running' | 'done';
  runsTotal: number;
  runsDone: number;
  runsFailed: number;
  runsSkipped: number;
  requestsTotal: number;
  requestsDone: number;
  cachedHits: number;
  /** Progress of runs in flight (bounded by maxConcurrentRuns). */
  active: RunProgress[];
  failed: Array<{ runName: string; error: string }>;
}

export function suiteWorkflowId(suite: string): string {
  return `helm:${suite}`;
}

export function runWorkflowId(suite: string, runName: string): string {
  return `helm:${suite}/${runName}`;
}
