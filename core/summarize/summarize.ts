import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DisplayJob, DisplayMessage } from './display-worker';
import { writeFileReplacing, writeFileReplacingAsync, writeJson, writeJsonListStreaming } from './files';
import { removeAtomicTempFiles } from '../common/atomic-write';
import { LocalFileError } from '../common/file-errors';
import { validateSuiteName } from '../outputs/suite-name';
import { HelmInputError } from '../common/errors';
import { pyAdd } from '../metrics/py-math';
import type { PyNumber } from '../common/py-number';
import { fastJsonDumps } from './fast-json';
import { ModelRegistry } from '../models/registry';
import { GroupedRuns, groupTables, reportMissingStats, groupsMetadata, indexTables, modelMetadataFor, type SummarizeContext } from './group-tables';
import { computeRunDisplayJson, type DisplayOutcome } from './run-display';
import { readSuiteRuns, type Run, type SkippedRun } from './runs';
import { SchemaIndex, fixUpSchema, readSchema, validateSchema } from './schema';
import { withDeclarativeRunGroups } from './declarative-groups';
import type { Schema } from './schema-format';
import { tableJson, tableToLatex } from './table';
import { typedRunSpec } from './python-types';

export interface SummarizeOptions {
  /** `-o/--output-path` as given (it appears in runs.json paths and table links). */
  outputPath: string;
  suite?: string;
  release?: string;
  suites?: string[];
  schemaPath: string;
  schemaValidation: 'error' | 'warn' | 'off';
  localPath: string;
  verbose: boolean;
  skipCompletedRunDisplayJson: boolean;
  /** `-n/--num-threads`: display files written concurrently (default 8). */
  numThreads?: number;
  /** Today's date as YYYY-MM-DD (summary.json). */
  date?: string;
}

export interface SummarizeHooks {
  info: (message: string) => void;
  warn: (message: string) => void;
  /** Progress of a stage over items (reading runs, display files). */
  progress?: (stage: string, done: number, total: number) => void;
}

export interface SummarizeResult {
  releasePath: string;
  runs: number;
  skipped: SkippedRun[];
  displayFailures: SkippedRun[];
  groupsWritten: number;
}

/** `os.path.join` (no normalisation, unlike path.join: the paths are written into HELM's files). */
export function pyJoin(...parts: string[]): string {
  return parts.reduce((acc, part) => (part.startsWith('/') || acc === '' ? part : acc.endsWith('/') ? acc + part : `${acc}/${part}`), '');
}


/** costs.json: token and request sums of split-less stats per deployment (HELM's cost report). */
export function costReport(runs: Run[]): Record<string, Record<string, PyNumber>> {
  const fields = ['num_prompt_tokens', 'num_completion_tokens', 'num_completions', 'num_requests'];
  const costs: Record<string, Record<string, PyNumber>> = {};
  for (const run of runs) {
    const deployment = run.runSpec.adapter_spec.model_deployment;
    for (const stat of run.stats) {
      if (!fields.includes(stat.name.name) || stat.name.split) continue;
      const entry = (costs[deployment] ??= {});
      entry[stat.name.name] = pyAdd(entry[stat.name.name] ?? 0, stat.sum);
    }
  }
  for (const entry of Object.values(costs)) {
    entry.total_tokens = pyAdd(entry.num_prompt_tokens ?? 0, entry.num_completion_tokens ?? 0);
  }
  return costs;
}

/** schema.json: the fixed-up schema plus the registered models the runs use (registry order). */
export function schemaJson(schema: Schema, runs: Run[], registry: ModelRegistry): Record<string, unknown> {
  const used = new Set(runs.map((run) => modelMetadataFor(registry, run.runSpec.adapter_spec).name));
  const models = registry
    .allModelNames()
    .filter((name) => used.has(name))
    .map((name) => {
      const m = registry.getModelMetadata(name);
      return {
        name: m.name,
        display_name: m.display_name,
        short_display_name: m.display_name,
        description: m.description,
        creator_organization: m.creator_organization_name,
        access: m.access,
        todo: false,
        release_date: m.release_date,
        num_parameters: m.num_parameters,
      };
    });
  return { ...schema, models };
}

/**
 * HELM's summarize pipeline over every run folder of the suite(s): schema.json, the per-run display
 * files, summary.json, runs.json, run_specs.json, runs_to_run_suites.json, groups.json,
 * groups_metadata.json, groups/ (JSON and LaTeX tables) and costs.json, each written atomically.
 */
export async function summarize(options: SummarizeOptions, hooks: SummarizeHooks): Promise<SummarizeResult> {
  let suites: string[];
  let releasePath: string;
  let suitePaths: string[];
  if (options.suite !== undefined && (options.release !== undefined || options.suites !== undefined)) {
    throw new HelmInputError('If --suite is specified, then --release and --suites must NOT be specified.');
  }
  // Names become folders under the output path: nothing may point outside it.
  for (const name of [options.suite, ...(options.suites ?? [])]) if (name !== undefined) validateSuiteName(name, '--suite');
  if (options.release !== undefined) validateSuiteName(options.release, '--release');
  if (options.release !== undefined || options.suites !== undefined) {
    if (options.release === undefined || options.suites === undefined) {
      throw new HelmInputError('If --release is specified, then --suites must also be specified and vice versa');
    }
    suites = options.suites;
    releasePath = pyJoin(options.outputPath, 'releases', options.release);
    suitePaths = suites.map((s) => pyJoin(options.outputPath, 'runs', s));
  } else {
    const suite = options.suite ?? 'default';
    suites = [suite];
    releasePath = pyJoin(options.outputPath, 'runs', suite);
    suitePaths = [releasePath];
  }
  let schema = readSchema(options.schemaPath, hooks.warn);
  const registry = ModelRegistry.load(options.localPath);

  // Read runs (a later suite wins the run → suite mapping; both copies stay in the run list).
  const runs: Run[] = [];
  const skipped: SkippedRun[] = [];
  const runsToRunSuites: Record<string, string> = {};
  suites.forEach((suite, i) => {
    const suiteRuns = readSuiteRuns(
      suitePaths[i],
      (s) => {
        skipped.push(s);
        hooks.warn(s.reason);
      },
      (done, total) => hooks.progress?.(`Reading runs of ${suite}`, done, total),
    );
    for (const run of suiteRuns) {
      if (Object.hasOwn(runsToRunSuites, run.runSpec.name)) {
        hooks.warn(`Run entry ${run.runSpec.name} is present in two different Run Suites. Defaulting to the latest assigned suite: ${suite}`);
      }
      runsToRunSuites[run.runSpec.name] = suite;
      runs.push(run);
    }
  });
  hooks.info(`Read ${runs.length} runs from ${suitePaths.join(', ')}`);
  const grouped = new GroupedRuns(runs);
  fs.mkdirSync(releasePath, { recursive: true });

  schema = fixUpSchema(withDeclarativeRunGroups(schema, runs), hooks.warn);
  const index = new SchemaIndex(schema);
  checkMetricsDefined(runs, index, options.schemaPath, hooks.warn);
  if (options.schemaValidation !== 'off') {
    const messages = validateSchema(schema, options.schemaPath);
    for (const m of messages) hooks.warn(`Schema validation ${m.severity}: ${m.text}`);
    if (options.schemaValidation === 'error' && messages.some((m) => m.severity === 'error')) {
      throw new HelmInputError(`Schema validation failed with ${messages.length} error(s):\n${messages.map((m) => m.text).join('\n')}`);
    }
  }
  writeJson(pyJoin(releasePath, 'schema.json'), schemaJson(schema, runs, registry));

  // Per-run display files; a run whose files are corrupt is reported and left as it was.
  const displayFailures: SkippedRun[] = [];
  const outcomes: Record<DisplayOutcome, number> = { written: 0, 'skipped-complete': 0, 'skipped-missing': 0 };
  const onFailure = (runPath: string, name: string, message: string) => {
    displayFailures.push({ folder: runPath, reason: message });
    hooks.warn(`Display files of ${name} not written: ${message}`);
  };
  const threads = Math.min(options.numThreads ?? 8, os.availableParallelism(), Math.ceil(runs.length / 32));
  try {
    if (threads > 1 && fs.existsSync(DISPLAY_WORKER)) {
      await displayInWorkers(runs, schema, options.skipCompletedRunDisplayJson, threads, {
        done: (outcome, count) => {
          outcomes[outcome] += 1;
          hooks.progress?.('Writing display files', count, runs.length);
        },
        failed: onFailure,
      });
    } else await displayInProcess();
  } catch (error) {
    // A fault (disk full) stops the stage with writes of other runs in flight: once they have all
    // stopped, none of their temporary files may stay behind.
    for (const run of runs) removeAtomicTempFiles(run.runPath, true);
    throw error;
  }
  hooks.info(`Display files: ${outcomes.written} written, ${outcomes['skipped-complete']} already complete, ${outcomes['skipped-missing']} without scenario_state.json or per_instance_stats.json`);

  async function displayInProcess(): Promise<void> {
    // Computing is synchronous; writes and renames go to the thread pool, a bounded number at once,
    // overlapping with the next runs' parsing.
    const pending = new Set<Promise<void>>();
    const maxPending = Math.max(4, options.numThreads ?? 8) * 3;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i];
      try {
        const { outcome, files } = computeRunDisplayJson(run.runPath, run.runSpec, index, options.skipCompletedRunDisplayJson);
        outcomes[outcome] += 1;
        for (const [file, text] of files) {
          const write: Promise<void> = writeFileReplacingAsync(file, text).finally(() => pending.delete(write));
          pending.add(write);
        }
      } catch (error) {
        if (!(error instanceof HelmInputError)) throw error;
        onFailure(run.runPath, run.runSpec.name, error.message);
      }
      try {
        while (pending.size >= maxPending) await Promise.race(pending);
      } catch (error) {
        await Promise.allSettled(pending);
        throw error;
      }
      hooks.progress?.('Writing display files', i + 1, runs.length);
    }
    const settled = await Promise.allSettled(pending);
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw failure.reason;
  }

  const summary = options.release !== undefined ? { release: options.release, suites } : { suites, suite: suites[0] };
  writeJson(pyJoin(releasePath, 'summary.json'), { ...summary, date: options.date ?? localDate() });
  writeJsonListStreaming(
    pyJoin(releasePath, 'runs.json'),
    runs.map((run) => ({ run_path: run.runPath, run_spec: typedRunSpec(run.runSpecJson), stats: run.statsJson })),
  );
  writeJsonListStreaming(pyJoin(releasePath, 'run_specs.json'), runs.map((run) => typedRunSpec(run.runSpecJson)));
  writeJson(pyJoin(releasePath, 'runs_to_run_suites.json'), runsToRunSuites);

  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    if (!warned.has(message)) hooks.warn(message);
    warned.add(message);
  };
  const ctx: SummarizeContext = { index, registry, grouped, verbose: options.verbose, releasePath, warn: hooks.warn, warnOnce, missingStats: new Map() };
  writeJson(pyJoin(releasePath, 'groups.json'), indexTables(ctx).map(tableJson));
  writeJson(pyJoin(releasePath, 'groups_metadata.json'), groupsMetadata(ctx));
  const groupsPath = pyJoin(releasePath, 'groups');
  let groupsWritten = 0;
  for (const [g, group] of schema.run_groups.entries()) {
    hooks.progress?.('Writing group tables', g + 1, schema.run_groups.length);
    const tables = groupTables(ctx, group);
    if (tables.length === 0) continue;
    for (const table of tables) {
      const base = `${group.name}_${table.name ?? 'None'}`;
      const latexPath = pyJoin(groupsPath, 'latex', `${base}.tex`);
      table.links.push({ text: 'LaTeX', href: latexPath });
      writeFileReplacing(latexPath, tableToLatex(table, `${table.name ?? 'None'} (${group.name})`));
      const jsonPath = pyJoin(groupsPath, 'json', `${base}.json`);
      table.links.push({ text: 'JSON', href: jsonPath });
      writeFileReplacing(jsonPath, fastJsonDumps(tableJson(table)));
    }
    writeJson(pyJoin(groupsPath, `${group.name}.json`), tables.map(tableJson));
    groupsWritten += 1;
  }
  reportMissingStats(ctx);
  writeJson(pyJoin(releasePath, 'costs.json'), costReport(runs));
  return { releasePath, runs: runs.length, skipped, displayFailures, groupsWritten };
}

/** The compiled worker (absent when running the TypeScript sources, e.g. under vitest). */
const DISPLAY_WORKER = path.join(__dirname, 'display-worker.js');

/** The display stage on `threads` worker threads (HELM's --num-threads), runs dealt round-robin. */
function displayInWorkers(
  runs: Run[],
  schema: Schema,
  skipCompleted: boolean,
  threads: number,
  on: { done: (outcome: DisplayOutcome, count: number) => void; failed: (runPath: string, name: string, message: string) => void },
): Promise<void> {
  let count = 0;
  const shares: DisplayJob[] = Array.from({ length: threads }, () => ({ schema, skipCompleted, runs: [] }));
  runs.forEach((run, i) => shares[i % threads].runs.push({ runPath: run.runPath, runSpec: run.runSpec }));
  const workers: Worker[] = [];
  const finished = shares.map(
    (job) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(DISPLAY_WORKER, { workerData: job });
        workers.push(worker);
        worker.on('message', (message: DisplayMessage) => {
          if (message.kind === 'done') on.done(message.outcome, ++count);
          else if (message.kind === 'failed') on.failed(message.runPath, message.name, message.message);
          else reject(displayWorkerError(message));
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`display worker exited with code ${code}`))));
      }),
  );
  return Promise.all(finished).then(
    () => undefined,
    async (error: unknown) => {
      // Stop the other threads before the caller cleans up after them.
      await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
      throw error;
    },
  );
}

/** A worker thread's fatal error, with a local file fault (disk full…) kept recognisable. */
function displayWorkerError(message: { message: string; code?: string; file?: string }): Error {
  if (message.code !== undefined && message.file !== undefined) return new LocalFileError(message.code, message.file, message.message);
  return new Error(`display worker: ${message.message}`);
}

function localDate(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `check_metrics_defined`: stat names the schema does not define, once each. */
function checkMetricsDefined(runs: Run[], index: SchemaIndex, schemaPath: string, warn: (m: string) => void): void {
  const seen = new Map<string, { count: number; first: string }>();
  for (const run of runs) {
    for (const stat of run.stats) {
      const entry = seen.get(stat.name.name);
      if (entry) entry.count += 1;
      else seen.set(stat.name.name, { count: 1, first: run.runSpec.name });
    }
  }
  for (const [name, { count, first }] of seen) {
    if (!index.metric.has(name)) warn(`metric name ${name} undefined in ${schemaPath} but appears in ${count} run specs, including ${first}`);
  }
}
