/**
 * Scale benchmark of helm-ts: many tiny MMLU runs with simple/model1 through the real CLI, to
 * measure orchestration (SuiteWorkflow → ShardWorkflows → RunWorkflows) rather than the model.
 *
 *   npm run build && node dist/scripts/bench-scale.js [options]
 *
 * Two modes:
 *   (default)        embedded: one `helm-run` with its own dev server and in-process worker.
 *                    Prints wall time, runs/s, peak RSS of helm-run and of the dev server, checks
 *                    that every run wrote HELM's five files, and reads the history length and size
 *                    of the suite workflow, every shard workflow and a sample of run workflows.
 *   --workers 1,2,4  fleet: for each K, a dev server started by this script (fresh --local-path),
 *                    K `helm-worker` processes and `helm-run --temporal-address ...`; one row per K.
 *                    With --model-latency-ms the runs call a model server instead of simple/model1:
 *                    the fake OpenAI-compatible server of the durability tests, in its own process,
 *                    answering each request after L ms and serving at most --model-capacity at once
 *                    (a vLLM server's slots or an API's concurrency limit). Each worker runs at most
 *                    --worker-model-batches request batches at once, so throughput should grow with
 *                    K until K x B reaches the model's capacity, then stay flat.
 *
 * Options of this script:
 *   --runs N               run specs in the suite (default 10000; 500 with --workers). Run entries
 *                          are mmlu:subject=<s>,model=simple/model1,max_train_instances=<k>,
 *                          num_train_trials=<t>,num_outputs=<n> (k 0..5, t 1..2, n 1.., subjects
 *                          fastest): every entry names a distinct run, each with -m requests x t.
 *   --mmlu-full            instead of --runs: the 57 MMLU subjects, full test sets (-m 100000)
 *   -m N                   --max-eval-instances of helm-run (default 2; 100000 with --mmlu-full)
 *   --workers K[,K...]     fleet mode with these worker counts
 *   --max-concurrent-runs C   passed to helm-run (default: helm-run's 4 embedded, 8 x K with --workers)
 *   --model-latency-ms L   fleet mode only: runs use model=fake/echo answering after L ms per request
 *   --model-capacity N     requests the fake model serves at once, the rest queue (default: no limit)
 *   --worker-model-batches B   --max-concurrent-model-batches of each helm-worker (default: its 8)
 *   --split-roles          fleet mode: one `helm-worker --role cpu` (workflows, scenario/adapt/metrics)
 *                          plus K `helm-worker --role models` (request batches) instead of K workers
 *                          doing both; K counts the model workers
 *   --history-sample N     run workflows whose history is read, evenly spread (default 20)
 *   --data-mirror DIR      MMLU data (<DIR>/mmlu/{dev,test}); default $HELM_DATA_MIRROR, else
 *                          <project>/../shared/data
 *   --temporal-port PORT   dev server port (default: a free port)
 *   --keep                 keep the temp working dir(s)
 *   --verbose              show helm-run's output (otherwise in <tmp>/helm-run.log)
 * Any other argument is passed through to the measured helm-run.
 *
 * Prints a table and a line `SCALE_JSON {...}` per measured suite. Exits 1 if a helm-run failed,
 * a run is missing one of its five files, or a history is over Temporal's warning thresholds.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { ModelRegistry } from '../core/models/registry';
import { runEntriesToRunSpecs } from '../core/run-specs/run-entries';
import type { RunEntry } from '../core/run-specs/schemas';
import { MMLU_SUBJECTS } from '../core/scenarios/mmlu-subjects';
import { RUN_FILES } from '../core/outputs/paths';
import { startDevServer, stopDevServer } from '../infra/dev-server';
import { RUNS_PER_SHARD, runWorkflowId, shardWorkflowId, suiteWorkflowId } from '../workflows/types';
import { FAKE_MODEL, startFakeModelProcess, writeFakeModelProdEnv, type FakeModelStats } from '../test/helpers/fake-model-server';
import {
  HELM_WORKER,
  PROJECT_ROOT,
  UsageError,
  flagValue,
  positiveInt,
  splitOwnFlags,
  descendants,
  formatTable,
  freePort,
  machineDescription,
  mib,
  printHelp,
  quarterPeaks,
  readProcTable,
  runCli,
  stopProcess,
  stopServer,
  tail,
  vmRssKb,
  type CliResult,
} from './bench-common';

const SUITE = 'scale';
/** Temporal's default per-workflow limits (dynamic config limit.historyCount/Size.{warn,error}). */
const HISTORY_COUNT_WARN = 10_240;
const HISTORY_COUNT_ERROR = 51_200;
const HISTORY_SIZE_WARN = 10 * 2 ** 20;
const HISTORY_SIZE_ERROR = 50 * 2 ** 20;
const LIMITS_TEXT = `warn ${HISTORY_COUNT_WARN} events / ${HISTORY_SIZE_WARN / 2 ** 20} MiB, error ${HISTORY_COUNT_ERROR} events / ${HISTORY_SIZE_ERROR / 2 ** 20} MiB`;

interface ScaleOptions {
  runs: number | undefined;
  mmluFull: boolean;
  maxEvalInstances: number | undefined;
  workers: number[] | undefined;
  maxConcurrentRuns: number | undefined;
  modelLatencyMs: number | undefined;
  modelCapacity: number | undefined;
  workerModelBatches: number | undefined;
  splitRoles: boolean;
  historySample: number;
  dataMirror: string;
  temporalPort: number | undefined;
  keep: boolean;
  verbose: boolean;
  passThrough: string[];
}

function parseArgs(argv: readonly string[]): ScaleOptions {
  const options: ScaleOptions = {
    runs: undefined,
    mmluFull: false,
    maxEvalInstances: undefined,
    workers: undefined,
    maxConcurrentRuns: undefined,
    modelLatencyMs: undefined,
    modelCapacity: undefined,
    workerModelBatches: undefined,
    splitRoles: false,
    historySample: 20,
    dataMirror: process.env.HELM_DATA_MIRROR ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data'),
    temporalPort: undefined,
    keep: false,
    verbose: false,
    passThrough: [],
  };
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  const own = [
    '--runs',
    '--workers',
    '--max-concurrent-runs',
    '--model-latency-ms',
    '--model-capacity',
    '--worker-model-batches',
    '--history-sample',
    '--data-mirror',
    '--temporal-port',
    '--max-eval-instances',
  ];
  argv = splitOwnFlags(argv, own);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--runs':
        options.runs = positiveInt(value(i++, arg), arg);
        break;
      case '--mmlu-full':
        options.mmluFull = true;
        break;
      case '-m':
      case '--max-eval-instances':
        options.maxEvalInstances = positiveInt(value(i++, arg), arg);
        break;
      case '--workers':
        options.workers = value(i++, arg)
          .split(',')
          .map((k) => positiveInt(k, arg));
        break;
      case '--max-concurrent-runs':
        options.maxConcurrentRuns = positiveInt(value(i++, arg), arg);
        break;
      case '--model-latency-ms':
        options.modelLatencyMs = positiveInt(value(i++, arg), arg);
        break;
      case '--model-capacity':
        options.modelCapacity = positiveInt(value(i++, arg), arg);
        break;
      case '--worker-model-batches':
        options.workerModelBatches = positiveInt(value(i++, arg), arg);
        break;
      case '--history-sample':
        options.historySample = positiveInt(value(i++, arg), arg);
        break;
      case '--data-mirror':
        options.dataMirror = path.resolve(value(i++, arg));
        break;
      case '--temporal-port':
        options.temporalPort = positiveInt(value(i++, arg), arg);
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--split-roles':
        options.splitRoles = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '-h':
      case '--help':
        printHelp(__filename);
        process.exit(0);
        break;
      default:
        options.passThrough.push(arg);
    }
  }
  if (options.mmluFull && options.runs !== undefined) throw new UsageError('--mmlu-full and --runs exclude each other');
  if (!options.workers && (options.modelLatencyMs !== undefined || options.modelCapacity !== undefined || options.workerModelBatches !== undefined || options.splitRoles)) {
    throw new UsageError('--model-latency-ms, --model-capacity, --worker-model-batches and --split-roles need --workers');
  }
  if (options.modelLatencyMs === undefined && options.modelCapacity !== undefined) throw new UsageError('--model-capacity needs --model-latency-ms');
  return options;
}

// ---------------------------------------------------------------------------------------------
// the suite

/**
 * N run entries over subjects x max_train_instances x num_train_trials x num_outputs (subjects
 * varying fastest). Each expander adds `,<key>=<value>` to the run name, so names are distinct;
 * cost stays tiny: MMLU's dev split has 5 examples per subject (k ≤ 5 keeps few-shot draws
 * fillable), num_outputs only changes the completions simple/model1 returns per request.
 */
export function scaleRunEntries(n: number, model = 'simple/model1'): RunEntry[] {
  const entries: RunEntry[] = [];
  for (let outputs = 1; entries.length < n; outputs++) {
    for (const trials of [1, 2]) {
      for (let k = 0; k <= 5; k++) {
        for (const subject of MMLU_SUBJECTS) {
          if (entries.length === n) return entries;
          entries.push({
            description: `mmlu:subject=${subject},model=${model},max_train_instances=${k},num_train_trials=${trials},num_outputs=${outputs}`,
            priority: 1,
          });
        }
      }
    }
  }
  return entries;
}

function fullMmluEntries(): RunEntry[] {
  return MMLU_SUBJECTS.map((subject) => ({ description: `mmlu:subject=${subject},model=simple/model1`, priority: 1 }));
}

function writeConf(file: string, entries: readonly RunEntry[]): void {
  fs.writeFileSync(file, 'entries: [\n' + entries.map((e) => `  {description: "${e.description}", priority: ${e.priority}}`).join(',\n') + '\n]\n');
}

/** The run names helm-run will produce for these entries (the same expansion code, in-process). */
function expectedRunNames(entries: RunEntry[], maxEvalInstances: number, localPath: string): string[] {
  return runEntriesToRunSpecs(entries, { maxEvalInstances }, ModelRegistry.load(localPath)).map((spec) => spec.name);
}

interface FileCheck {
  complete: number;
  missing: Array<{ run: string; files: string[] }>;
}

function checkRunFiles(suiteDir: string, runNames: readonly string[]): FileCheck {
  const check: FileCheck = { complete: 0, missing: [] };
  for (const run of runNames) {
    const files = RUN_FILES.filter((f) => !fs.existsSync(path.join(suiteDir, run, f)));
    if (files.length === 0) check.complete++;
    else check.missing.push({ run, files });
  }
  return check;
}

// ---------------------------------------------------------------------------------------------
// Temporal histories

interface HistoryFigure {
  workflowId: string;
  events: number;
  bytes: number;
  status: string;
}

interface HistoryReport {
  suite: HistoryFigure | undefined;
  shards: HistoryFigure[];
  runsSampled: HistoryFigure[];
  describeMs: number;
  errors: string[];
}

async function describeWorkflow(client: Client, workflowId: string): Promise<HistoryFigure> {
  const d = await client.workflow.getHandle(workflowId).describe();
  return { workflowId, events: d.historyLength, bytes: d.historySize ?? 0, status: d.status.name };
}

async function readHistories(address: string, numRuns: number, runNames: readonly string[], sample: number): Promise<HistoryReport> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const report: HistoryReport = { suite: undefined, shards: [], runsSampled: [], describeMs: 0, errors: [] };
  const start = Date.now();
  const attempt = async (id: string, mayBeGrouped = false): Promise<HistoryFigure | undefined> => {
    try {
      return await describeWorkflow(client, id);
    } catch (error) {
      // A small run that went through a runSmallRuns activity has no RunWorkflow of its own.
      if (mayBeGrouped && error instanceof WorkflowNotFoundError) return undefined;
      report.errors.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  try {
    report.suite = await attempt(suiteWorkflowId(SUITE));
    for (let i = 0; i * RUNS_PER_SHARD < numRuns; i++) {
      const shard = await attempt(shardWorkflowId(SUITE, i));
      if (shard) report.shards.push(shard);
    }
    const step = Math.max(1, Math.floor(runNames.length / sample));
    for (let i = 0; i < runNames.length && report.runsSampled.length < sample; i += step) {
      const run = await attempt(runWorkflowId(SUITE, runNames[i]), true);
      if (run) report.runsSampled.push(run);
    }
  } finally {
    report.describeMs = Date.now() - start;
    await connection.close();
  }
  return report;
}

function largest(figures: readonly HistoryFigure[]): HistoryFigure | undefined {
  return figures.reduce<HistoryFigure | undefined>((best, f) => (best === undefined || f.events > best.events ? f : best), undefined);
}

function overWarn(f: HistoryFigure | undefined): boolean {
  return f !== undefined && (f.events > HISTORY_COUNT_WARN || f.bytes > HISTORY_SIZE_WARN);
}

function historyText(f: HistoryFigure | undefined): string {
  return f === undefined ? 'n/a' : `${f.events} events, ${(f.bytes / 1024).toFixed(0)} KiB (${f.workflowId}, ${f.status})`;
}

/** Warning/error lines of a log (pino JSON lines or Temporal's), grouped by message. */
function logWarnings(file: string, max = 8): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    let msg: string | undefined;
    if (line.startsWith('{')) {
      try {
        const rec: unknown = JSON.parse(line);
        if (typeof rec === 'object' && rec !== null) {
          const level = 'level' in rec ? rec.level : undefined;
          const m = 'msg' in rec ? rec.msg : undefined;
          const isWarn = (typeof level === 'number' && level >= 40) || level === 'warn' || level === 'error';
          if (isWarn) msg = `${String(level)}: ${String(m)}`.slice(0, 200);
        }
      } catch {
        // not JSON after all
      }
    } else if (/\b(WARN|ERROR|warn|error)\b/.test(line)) {
      msg = line.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, '').slice(0, 200);
    }
    if (msg !== undefined) counts.set(msg, (counts.get(msg) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, max).map(([m, c]) => `${c}x ${m}`);
}

/** Activity attempts beyond the first in the runs' histories, with the reasons (fleet mode). */
interface RetryReport {
  retries: number;
  reasons: string[];
}

async function activityRetries(address: string, runNames: readonly string[]): Promise<RetryReport> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const report: RetryReport = { retries: 0, reasons: [] };
  try {
    for (const name of runNames) {
      const history = await client.workflow.getHandle(runWorkflowId(SUITE, name)).fetchHistory();
      for (const event of history.events ?? []) {
        if ((event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1) report.retries++;
        const failure = event.activityTaskFailedEventAttributes?.failure ?? event.activityTaskTimedOutEventAttributes?.failure;
        if (failure?.message) report.reasons.push(`${name}: ${failure.message}`.slice(0, 300));
      }
    }
  } finally {
    await connection.close();
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// workers

class TreesRssSampler {
  peakKb = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly roots: readonly number[]) {}
  start(): void {
    this.timer = setInterval(() => {
      const table = readProcTable();
      let kb = 0;
      for (const root of this.roots) for (const pid of descendants(table, root)) kb += vmRssKb(pid);
      this.peakKb = Math.max(this.peakKb, kb);
    }, 200);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

async function waitForLog(file: string, pattern: RegExp, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (pattern.test(fs.readFileSync(file, 'utf8'))) return true;
    } catch {
      // not created yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

interface Suite {
  label: string;
  /** The model deployment of every run: simple/model1, or the fake model server's. */
  model: string;
  entries: RunEntry[];
  maxEvalInstances: number;
}

function planSuite(options: ScaleOptions): Suite {
  if (options.mmluFull) {
    return { label: '57 MMLU subjects, full test sets', model: 'simple/model1', entries: fullMmluEntries(), maxEvalInstances: options.maxEvalInstances ?? 100_000 };
  }
  const runs = options.runs ?? (options.workers ? 500 : 10_000);
  const m = options.maxEvalInstances ?? 2;
  if (options.modelLatencyMs !== undefined) {
    const capacity = options.modelCapacity === undefined ? 'no limit' : `${options.modelCapacity} at once`;
    return {
      label: `${runs} MMLU runs (-m ${m}) on ${FAKE_MODEL}: ${options.modelLatencyMs} ms per request, ${capacity}`,
      model: FAKE_MODEL,
      entries: scaleRunEntries(runs, FAKE_MODEL),
      maxEvalInstances: m,
    };
  }
  return { label: `${runs} tiny MMLU runs (-m ${m})`, model: 'simple/model1', entries: scaleRunEntries(runs), maxEvalInstances: m };
}

function prepare(suite: Suite, options: ScaleOptions, modelBaseUrl?: string): { workDir: string; confPath: string; runNames: string[] } {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-scale-'));
  // The fake model is a keyless vLLM deployment in this suite's prod_env.
  if (modelBaseUrl !== undefined) writeFakeModelProdEnv(path.join(workDir, 'prod_env'), modelBaseUrl);
  const confPath = path.join(workDir, 'scale.conf');
  writeConf(confPath, suite.entries);
  const runNames = expectedRunNames(suite.entries, suite.maxEvalInstances, path.join(workDir, 'prod_env'));
  const distinct = new Set(runNames).size;
  process.stdout.write(`work dir: ${workDir}\n${suite.entries.length} run entries -> ${runNames.length} run specs, ${distinct} distinct run names\n`);
  if (distinct !== runNames.length) throw new Error(`the generator yields duplicate run names (${runNames.length - distinct})`);
  return { workDir, confPath, runNames };
}

function helmRunArgs(confPath: string, suite: Suite, options: ScaleOptions, extra: string[]): string[] {
  return ['--conf-paths', confPath, '--suite', SUITE, '-m', String(suite.maxEvalInstances), '--data-mirror', options.dataMirror, ...extra, ...options.passThrough];
}

async function embedded(options: ScaleOptions, machine: string): Promise<number> {
  const suite = planSuite(options);
  const { workDir, confPath, runNames } = prepare(suite, options);
  const port = options.temporalPort ?? (await freePort());
  const common = ['--data-mirror', options.dataMirror, '--temporal-port', String(port)];
  let exitCode = 0;
  let measured: CliResult | undefined;
  let histories: HistoryReport | undefined;
  try {
    process.stdout.write('warm-up (starts the dev server): 1 run, -m 1 ...\n');
    const warmup = await runCli(
      workDir,
      ['--run-entries', `mmlu:subject=${MMLU_SUBJECTS[0]},model=simple/model1`, '--suite', 'warmup', '-m', '1', '--disable-cache', '-o', 'warmup_output', ...common],
      'warmup.log',
      options.verbose,
    );
    if (warmup.code !== 0) throw new Error(`warm-up failed (exit ${warmup.code}):\n${tail(warmup.logPath, 30)}`);
    const extra = ['--temporal-port', String(port)];
    if (options.maxConcurrentRuns !== undefined) extra.push('--max-concurrent-runs', String(options.maxConcurrentRuns));
    const args = helmRunArgs(confPath, suite, options, extra);
    process.stdout.write(`measured run: helm-run ${args.join(' ')}\n`);
    measured = await runCli(workDir, args, 'helm-run.log', options.verbose);
    if (measured.code !== 0) {
      process.stderr.write(`helm-run failed (exit ${measured.code}):\n${tail(measured.logPath, 30)}\n`);
      exitCode = measured.code;
    }
    histories = await readHistories(`127.0.0.1:${port}`, runNames.length, runNames, options.historySample);
  } finally {
    await stopServer(workDir);
  }

  const files = checkRunFiles(path.join(workDir, 'benchmark_output', 'runs', SUITE), runNames);
  const largestShard = largest(histories.shards);
  const largestRun = largest(histories.runsSampled);
  const serverWarnings = logWarnings(path.join(workDir, 'prod_env', 'temporal', 'dev-server.log'));
  const helmRunWarnings = logWarnings(measured.logPath);
  const rows: Array<[string, string]> = [
    ['suite', suite.label],
    ['run specs (distinct names)', `${runNames.length} (${new Set(runNames).size})`],
    ['runs with all five files', `${files.complete} / ${runNames.length}`],
    ['wall time (suite)', `${measured.wallS.toFixed(1)} s (dev server already up)`],
    ['runs/s', (files.complete / measured.wallS).toFixed(2)],
    ['peak RSS helm-run (+ worker)', `${mib(measured.rss.helmRunKb)} (${measured.rss.helmRunProcesses} process(es))`],
    ['peak RSS dev server', mib(measured.rss.serverKb)],
    ['peak RSS both (same sample)', mib(measured.rss.totalKb)],
    ['peak RSS by quarter, helm-run', quarterPeaks(measured.rss.timeline, 'helmRunKb')],
    ['peak RSS by quarter, server', quarterPeaks(measured.rss.timeline, 'serverKb')],
    ['history: suite workflow', historyText(histories.suite)],
    ['history: largest shard', `${historyText(largestShard)} of ${histories.shards.length} shard(s)`],
    ['history: largest sampled run', largestRun ? `${historyText(largestRun)} of ${histories.runsSampled.length} sampled` : 'none: the sampled runs ran in runSmallRuns groups'],
    ['Temporal limits', LIMITS_TEXT],
    ['helm-run exit code', String(measured.code)],
  ];
  if (files.missing.length > 0) rows.push(['incomplete runs (first 5)', files.missing.slice(0, 5).map((m) => `${m.run} [${m.files.join(' ')}]`).join('; ')]);
  for (const e of histories.errors.slice(0, 5)) rows.push(['describe error', e]);
  for (const w of helmRunWarnings) rows.push(['helm-run warning', w]);
  for (const w of serverWarnings) rows.push(['dev-server warning', w]);
  process.stdout.write('\n' + formatTable(rows) + '\n\n');
  const summary = {
    mode: 'embedded',
    runs: runNames.length,
    complete_runs: files.complete,
    max_eval_instances: suite.maxEvalInstances,
    wall_s: Number(measured.wallS.toFixed(2)),
    runs_per_s: Number((files.complete / measured.wallS).toFixed(3)),
    peak_rss_helm_run_mib: Number((measured.rss.helmRunKb / 1024).toFixed(1)),
    peak_rss_server_mib: Number((measured.rss.serverKb / 1024).toFixed(1)),
    peak_rss_total_mib: Number((measured.rss.totalKb / 1024).toFixed(1)),
    rss_timeline_mib: measured.rss.timeline.map((p) => [p.atS, Math.round(p.helmRunKb / 1024), Math.round(p.serverKb / 1024)]),
    suite_history_events: histories.suite?.events ?? null,
    suite_history_bytes: histories.suite?.bytes ?? null,
    max_shard_history_events: largestShard?.events ?? null,
    max_shard_history_bytes: largestShard?.bytes ?? null,
    shards: histories.shards.length,
    max_sampled_run_history_events: largestRun?.events ?? null,
    describe_ms: histories.describeMs,
    helm_run_warnings: helmRunWarnings,
    server_warnings: serverWarnings,
    exit_code: measured.code,
    helm_run_args: options.passThrough,
    machine,
  };
  process.stdout.write(`SCALE_JSON ${JSON.stringify(summary)}\n`);
  if (exitCode === 0 && (files.missing.length > 0 || [histories.suite, ...histories.shards].some(overWarn))) exitCode = 1;
  if (options.keep) process.stdout.write(`kept ${workDir}\n`);
  else fs.rmSync(workDir, { recursive: true, force: true });
  return exitCode;
}

interface FleetRow {
  workers: number;
  /** --max-concurrent-runs of the measured helm-run. */
  concurrentRuns: number;
  wallS: number;
  complete: number;
  runs: number;
  code: number;
  helmRunKb: number;
  workersKb: number;
  serverKb: number;
  workerStartS: number;
  /** The fake model's counters, when the runs called it. */
  model: FakeModelStats | undefined;
  /** Activity retries in the runs' histories (each may repeat the model calls in flight). */
  retries: RetryReport | undefined;
}

async function fleetOnce(k: number, suite: Suite, options: ScaleOptions, machine: string): Promise<FleetRow> {
  // A fresh model server per K: its counters are this row's, and no queue carries over.
  const model = suite.model === FAKE_MODEL ? await startFakeModelProcess(options.modelLatencyMs, options.modelCapacity) : undefined;
  const { workDir, confPath, runNames } = prepare(suite, options, model?.baseUrl);
  const localPath = path.join(workDir, 'prod_env');
  const port = options.temporalPort ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const workers: number[] = [];
  const concurrent = options.maxConcurrentRuns ?? 8 * k;
  const workerArgs = ['--temporal-address', address];
  if (options.workerModelBatches !== undefined) workerArgs.push('--max-concurrent-model-batches', String(options.workerModelBatches));
  let measured: CliResult | undefined;
  let modelStats: FakeModelStats | undefined;
  let retries: RetryReport | undefined;
  const sampler = new TreesRssSampler(workers);
  let workerStartS = 0;
  try {
    const server = await startDevServer({ localPath, port });
    process.stdout.write(`K=${k}: dev server ${server.address} (pid ${server.pid}); starting ${options.splitRoles ? `1 cpu + ${k} models` : k} helm-worker(s)\n`);
    const t0 = Date.now();
    // With --split-roles: worker 0 takes the workflows and CPU activities, workers 1..K the model batches.
    const roles = options.splitRoles ? ['cpu', ...Array.from({ length: k }, () => 'models')] : Array.from({ length: k }, () => undefined);
    for (const [i, role] of roles.entries()) {
      const logPath = path.join(workDir, `worker-${i}.log`);
      const fd = fs.openSync(logPath, 'w');
      const args = role ? [...workerArgs, '--role', role] : workerArgs;
      const child = spawn(process.execPath, [HELM_WORKER, ...args], { cwd: workDir, stdio: ['ignore', fd, fd] });
      fs.closeSync(fd);
      if (child.pid === undefined) throw new Error('could not spawn helm-worker');
      workers.push(child.pid);
    }
    for (let i = 0; i < workers.length; i++) {
      if (!(await waitForLog(path.join(workDir, `worker-${i}.log`), /polling/, 120_000))) {
        throw new Error(`helm-worker ${i} did not start polling:\n${tail(path.join(workDir, `worker-${i}.log`), 20)}`);
      }
    }
    workerStartS = (Date.now() - t0) / 1000;
    sampler.start();
    const args = helmRunArgs(confPath, suite, options, ['--temporal-address', address, '--max-concurrent-runs', String(concurrent)]);
    process.stdout.write(`K=${k}: measured run: helm-run ${args.join(' ')}\n`);
    measured = await runCli(workDir, args, 'helm-run.log', options.verbose);
    if (measured.code !== 0) process.stderr.write(`helm-run failed (exit ${measured.code}):\n${tail(measured.logPath, 30)}\n`);
    modelStats = await model?.stats();
    retries = await activityRetries(address, runNames).catch((error: unknown) => {
      process.stderr.write(`could not read the runs' histories: ${String(error)}\n`);
      return undefined;
    });
  } finally {
    sampler.stop();
    for (const pid of workers) await stopProcess(pid);
    await stopDevServer(localPath);
    await model?.stop();
  }
  const files = checkRunFiles(path.join(workDir, 'benchmark_output', 'runs', SUITE), runNames);
  for (const m of files.missing.slice(0, 5)) process.stderr.write(`incomplete: ${m.run} [${m.files.join(' ')}]\n`);
  const row: FleetRow = {
    workers: k,
    concurrentRuns: concurrent,
    wallS: measured.wallS,
    complete: files.complete,
    runs: runNames.length,
    code: measured.code,
    helmRunKb: measured.rss.helmRunKb,
    workersKb: sampler.peakKb,
    serverKb: measured.rss.serverKb,
    workerStartS,
    model: modelStats,
    retries,
  };
  for (const reason of retries?.reasons.slice(0, 5) ?? []) process.stderr.write(`K=${k}: activity failure: ${reason}\n`);
  // The model clients' own retries (HTTP 429/5xx, network errors) are logged by the workers.
  for (let i = 0; i < workers.length; i++) {
    for (const line of logWarnings(path.join(workDir, `worker-${i}.log`), 3)) process.stderr.write(`K=${k}: worker ${i}: ${line}\n`);
  }
  const modelJson = modelStats && { calls: modelStats.calls, distinct: modelStats.distinct, max_serving: modelStats.maxServing, max_in_flight: modelStats.maxInFlight };
  process.stdout.write(
    `SCALE_JSON ${JSON.stringify({ mode: 'workers', suite: suite.label, ...row, model: modelJson, worker_model_batches: options.workerModelBatches ?? null, machine })}\n`,
  );
  if (options.keep) process.stdout.write(`kept ${workDir}\n`);
  else fs.rmSync(workDir, { recursive: true, force: true });
  return row;
}

async function fleet(options: ScaleOptions, machine: string, ks: readonly number[]): Promise<number> {
  const suite = planSuite(options);
  const rows: FleetRow[] = [];
  for (const k of ks) rows.push(await fleetOnce(k, suite, options, machine));
  const withModel = rows.some((r) => r.model !== undefined);
  const columns = ['workers', 'C', 'runs complete', 'wall', 'runs/s', 'speed-up vs first'];
  if (withModel) columns.push('model requests/s', 'model calls (distinct)', 'most served at once');
  columns.push('activity retries', 'peak RSS helm-run', 'peak RSS workers (sum)', 'peak RSS server', 'worker start-up');
  const lines = rows.map((r) => {
    const cells = [String(r.workers), String(r.concurrentRuns), `${r.complete}/${r.runs}`, `${r.wallS.toFixed(1)} s`, (r.complete / r.wallS).toFixed(2), `${(rows[0].wallS / r.wallS).toFixed(2)}x`];
    if (withModel) cells.push(r.model ? (r.model.calls / r.wallS).toFixed(1) : '-', r.model ? `${r.model.calls} (${r.model.distinct})` : '-', r.model ? String(r.model.maxServing) : '-');
    cells.push(r.retries ? String(r.retries.retries) : '?', mib(r.helmRunKb), mib(r.workersKb), mib(r.serverKb), `${r.workerStartS.toFixed(1)} s`);
    return `| ${cells.join(' | ')} |`;
  });
  const batches =
    (options.workerModelBatches === undefined ? '' : `, --max-concurrent-model-batches ${options.workerModelBatches} per worker`) +
    (options.splitRoles ? '; workers = `--role models` workers, plus one `--role cpu` worker' : '');
  process.stdout.write(`\n${suite.label}${batches}\n| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|\n${lines.join('\n')}\n\n`);
  return rows.every((r) => r.code === 0 && r.complete === r.runs) ? 0 : 1;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(options.dataMirror, 'mmlu', 'test'))) {
    throw new UsageError(`no MMLU data at ${options.dataMirror}/mmlu/test (give --data-mirror DIR or HELM_DATA_MIRROR)`);
  }
  if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'client', 'helm-run.js'))) {
    throw new UsageError('dist/ is missing: run `npm run build` first');
  }
  const machine = machineDescription();
  process.stdout.write(`helm-ts scale benchmark\nmachine: ${machine}\n`);
  return options.workers ? fleet(options, machine, options.workers) : embedded(options, machine);
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench-scale: ${error instanceof Error ? (error instanceof UsageError ? error.message : error.stack) : String(error)}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
