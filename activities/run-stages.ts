import fs from 'node:fs';
import path from 'node:path';
import type { WorkerContext } from './context';
import { adaptRun } from './adapt-run';
import { loadScenario, type LoadScenarioOptions } from './load-scenario';
import { computeRunMetrics, withResult } from './compute-run-metrics';
import { runOutputsComplete, writeRunOutputs } from './write-run-outputs';
import { readJsonLines, readRunSpec } from './work-files';
import { acceptResult, type BatchResultLine, type RequestBatch } from './batch-results';
import type { RequestState } from '../core/adaptation/schemas';
import type { RequestResult } from '../core/models/schemas';
import { asLocalFileError } from '../core/common/file-errors';
import { pythonJsonParse } from '../core/common/python-json';
import { toNumber } from '../core/common/py-number';
import { StatJson } from '../core/metrics/schemas';
import { batchResultsFile, runDir, workFile } from '../core/outputs/paths';
import type { MainMetric, RunRef } from '../workflows/types';

/**
 * A run's three stages as plain functions (no Temporal): the activities wrap them one each, the
 * small-run groups call all three in a row, and scripts/bench-floor.ts times them with no
 * orchestration at all.
 */

/** Load the scenario, then adapt: the run's instances and request states in its work folder. */
export async function prepareRunFiles(context: WorkerContext, run: RunRef, options: LoadScenarioOptions): Promise<{ numInstances: number; numRequests: number }> {
  const { numInstances } = await loadScenario(run, options);
  const { numRequests } = adaptRun(context, run);
  return { numInstances, numRequests };
}

/** Request states are re-read by every batch of a run; keep the last few files parsed. */
const requestStateMemo = new Map<string, { mtimeMs: number; states: RequestState[] }>();

function requestStates(run: RunRef): RequestState[] {
  const file = workFile(run, 'requestStates');
  const { mtimeMs } = fs.statSync(file);
  const memo = requestStateMemo.get(file);
  if (memo && memo.mtimeMs === mtimeMs) return memo.states;
  const states = readJsonLines<RequestState>(file);
  requestStateMemo.set(file, { mtimeMs, states });
  while (requestStateMemo.size > 4) requestStateMemo.delete(requestStateMemo.keys().next().value as string);
  return states;
}

/** Results already written by an earlier attempt of this batch (a retry resumes after them). */
function completedResults(file: string): Map<number, RequestResult> {
  const done = new Map<number, RequestResult>();
  if (!fs.existsSync(file)) return done;
  const text = fs.readFileSync(file, 'utf8');
  // Drop a torn last line so new lines start on a clean boundary.
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline !== text.length - 1) fs.truncateSync(file, lastNewline + 1);
  for (const line of readJsonLines<BatchResultLine>(file)) done.set(line.i, line.result);
  return done;
}

export interface ExecuteOptions {
  disableCache: boolean;
  requestCache?: string;
}

export interface ExecuteHooks {
  /** Called after each new result with the batch's count so far (throttle it yourself). */
  onResult?: (completed: number) => void;
  /** Stops before the next request (cancellation); the caller decides what that means. */
  stopped?: () => boolean;
}

/**
 * Runner step 10 for one slice of requests: call the model (through the request cache) and append
 * each result to the batch's JSONL file at once, so a killed worker loses at most the call in flight
 * and a retry skips what is already written.
 */
export async function executeRequests(
  context: WorkerContext,
  run: RunRef,
  batch: RequestBatch,
  options: ExecuteOptions,
  hooks: ExecuteHooks = {},
  /** A small run's request states, kept in memory (else read from the work folder). */
  inMemoryStates?: RequestState[],
): Promise<{ completed: number; cachedHits: number; done: number; results: Map<number, RequestResult> }> {
  const spec = readRunSpec(run);
  const client = context.modelClient(run, spec.adapter_spec.model_deployment, options.disableCache, options.requestCache);
  const states = inMemoryStates ?? requestStates(run);
  const file = batchResultsFile(run, batch.index);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const done = completedResults(file);
  let cachedHits = 0;
  const todo: number[] = [];
  for (let i = batch.start; i < batch.end; i++) if (!done.has(i)) todo.push(i);
  let next = 0;
  let failure: { error: unknown } | undefined;
  // One lane per request the client takes at once (one for most clients: --num-threads is the
  // parallelism users set); a lane stops taking requests once any lane has failed.
  const lane = async (): Promise<void> => {
    while (next < todo.length && failure === undefined && !hooks.stopped?.()) {
      const i = todo[next++];
      try {
        const result = acceptResult(await client.makeRequest(states[i].request), i);
        if (result.cached) cachedHits++;
        appendResult(file, { i, result });
        done.set(i, result);
        hooks.onResult?.(done.size);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(client.requestsInFlight ?? 1, todo.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure.error;
  return { completed: batch.end - batch.start, cachedHits, done: done.size, results: done };
}

/**
 * One small append per call: a result lost with a killed worker would cost a model call again
 * (with --disable-cache); the append is cheap next to the call itself.
 */
function appendResult(file: string, line: BatchResultLine): void {
  try {
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
  } catch (error) {
    // A torn last line is dropped by the next attempt (completedResults).
    throw asLocalFileError(error, file, 'append to') ?? error;
  }
}

/**
 * The stat a run's one-line report leads with: the first of these HELM metrics the run has, on its
 * test split (else valid), unperturbed. HELM's summarizer picks a group's main metric from the
 * schema; the run alone does not know its group, so this is an ordered guess.
 */
const HEADLINE_METRICS = [
  'exact_match',
  'quasi_exact_match',
  'final_number_exact_match',
  'math_equiv_chain_of_thought',
  'math_equiv',
  'f1_score',
  'rouge_l',
  'bleu_4',
  // Dyck and synthetic_reasoning_natural (schema_classic's main metrics); they also have bits_per_byte.
  'exact_match_indicator',
  'f1_set_match',
  'bits_per_byte',
];

export function headline(stats: StatJson[]): { instances?: number; mainMetric?: MainMetric } {
  const find = (name: string, split: string): StatJson | undefined =>
    stats.find((s) => s.name.name === name && s.name.split === split && !s.name.perturbation && s.name.sub_split === undefined && s.count > 0);
  const split = find('num_instances', 'test') ? 'test' : 'valid';
  const instances = find('num_instances', split);
  const mean = (s: StatJson): number | undefined => (s.mean === undefined ? undefined : toNumber(s.mean));
  for (const name of HEADLINE_METRICS) {
    const stat = find(name, split);
    const value = stat ? mean(stat) : undefined;
    if (stat && value !== undefined) return { instances: instances ? mean(instances) : undefined, mainMetric: { name, split, value } };
  }
  return { instances: instances ? mean(instances) : undefined };
}

export function readHeadline(dir: string): { instances?: number; mainMetric?: MainMetric } {
  try {
    const parsed = StatJson.array().safeParse(pythonJsonParse(fs.readFileSync(path.join(dir, 'stats.json'), 'utf8')));
    return parsed.success ? headline(parsed.data) : {};
  } catch {
    return {}; // a report line without a number is better than a failed run
  }
}

export interface FinishedRunFiles {
  numStats: number;
  runDir: string;
  unavailableMetrics: string[];
  instances?: number;
  mainMetric?: MainMetric;
}

/**
 * Metrics into the work folder, then HELM's five files into the run folder. A retry redoes the
 * (pure) metrics and rewrites the same bytes, and finds the run complete if the work folder is
 * already gone.
 */
export function finishRunFiles(context: WorkerContext, run: RunRef, options: { dryRun: boolean }, inMemoryStates?: RequestState[]): FinishedRunFiles {
  // A retry after the files were moved has no work folder left to compute from.
  if (runOutputsComplete(run)) return { numStats: 0, runDir: runDir(run), unavailableMetrics: [], ...readHeadline(runDir(run)) };
  const metrics = computeRunMetrics(context, run, options, inMemoryStates);
  const written = writeRunOutputs(run);
  return { numStats: metrics.numStats, runDir: written.runDir, unavailableMetrics: metrics.unavailableMetrics, ...headline(metrics.stats) };
}

export interface SmallRunOptions extends ExecuteOptions {
  dataMirror?: string;
  dryRun: boolean;
  /** More requests than this: the run is handed back undone (`deferred`). */
  maxRequests: number;
}

export type SmallRunResult = { deferred: true } | ({ deferred: false; requests: number; cachedHits: number } & FinishedRunFiles);

/**
 * A whole small run in one go: the three stages with the instances and request states kept in
 * memory between them (only the run spec, scenario.json, the results as they arrive and HELM's
 * files touch the disk). Killed midway, it starts again from the scenario: the results already
 * appended are not requested again.
 */
export async function runSmallRun(context: WorkerContext, run: RunRef, options: SmallRunOptions, hooks: ExecuteHooks = {}): Promise<SmallRunResult> {
  const { instances } = await loadScenario(run, { dataMirror: options.dataMirror, inMemory: true });
  const { requestStates: states, numRequests } = adaptRun(context, run, { instances });
  if (numRequests > options.maxRequests) return { deferred: true };
  let cachedHits = 0;
  let filled = states;
  if (!options.dryRun) {
    const executed = await executeRequests(context, run, { index: 0, start: 0, end: numRequests }, options, hooks, states);
    if (hooks.stopped?.()) throw new Error(`Run ${run.runName} stopped`);
    cachedHits = executed.cachedHits;
    filled = states.map((state, i) => withResult(state, executed.results.get(i)!));
  }
  return { deferred: false, requests: numRequests, cachedHits, ...finishRunFiles(context, run, { dryRun: options.dryRun }, filled) };
}
