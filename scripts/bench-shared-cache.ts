/**
 * The shared request cache (PostgreSQL) next to the default per-host SQLite files, in two parts.
 *
 * 1. Repeated model calls. For each N in --workers: N helm-worker processes standing for N hosts
 *    (each its own --local-path, so its own SQLite files) on a Temporal dev server, and two suites
 *    of the same MMLU entries on the fake model (a counting OpenAI-compatible server in its own
 *    process): "first", then "again" (a second suite over the same requests, as a re-evaluation or
 *    a resumed suite served by other hosts would be). Once with per-host SQLite, once with
 *    --cache-url on a throwaway PostgreSQL (a fresh database per cell). Counts model calls per
 *    suite and repeated ones (calls − distinct request bodies), and each suite's wall time.
 * 2. Cache throughput in one process through the backends' own getOrCompute: writes/s (a miss then
 *    an insert, what a worker does for a new request) and lookups/s (hits), --ops of each, with
 *    keys and values copied from a row the suites wrote (same sizes as real MMLU requests). SQLite
 *    on one local file (WAL, synchronous=NORMAL, as helm-ts opens it); PostgreSQL 15 with its
 *    default durability (fsync and synchronous commit on) over loopback, with a worker's pool
 *    (8 connections) and --concurrency callers in flight (SQLite's calls are synchronous:
 *    concurrency changes nothing there).
 *
 *   npm run build && node dist/scripts/bench-shared-cache.js [--workers 1,2,4] [--subjects a,b,c,d]
 *       [-m 50] [--delay-ms 20] [--batch-size 5] [--ops 3000] [--concurrency 1,8,32]
 *       [--only suites|throughput] [--data-mirror DIR] [--keep]
 *
 * Prints tables and `SHARED_CACHE_JSON {...}`; exits 1 if a suite failed or the shared cache let
 * a request reach the model twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startDevServer, stopDevServer } from '../infra/dev-server';
import { startLocalPostgres, type LocalPostgres } from '../infra/local-postgres';
import { PostgresRequestCaches, POSTGRES_CACHE_TABLE } from '../core/models/postgres-request-cache';
import { RequestCache, requestCacheKey } from '../core/models/request-cache';
import { FAKE_MODEL, startFakeModelProcess, writeFakeModelProdEnv, type FakeModelProcess } from '../test/helpers/fake-model-server';
import { HELM_WORKER, PROJECT_ROOT, UsageError, batchesByWorker, flagValue, formatTable, freePort, machineDescription, positiveInt, printHelp, runCli, stopProcess, suiteRunNames, tail } from './bench-common';

interface Options {
  workers: number[];
  subjects: string[];
  maxEvalInstances: number;
  delayMs: number;
  batchSize: number;
  ops: number;
  concurrency: number[];
  only?: 'suites' | 'throughput';
  dataMirror: string;
  keep: boolean;
}

function intList(text: string, flag: string): number[] {
  return text.split(',').map((t) => positiveInt(t, flag));
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    workers: [1, 2, 4],
    subjects: ['anatomy', 'astronomy', 'philosophy', 'virology'],
    maxEvalInstances: 50,
    delayMs: 20,
    batchSize: 5,
    ops: 3000,
    concurrency: [1, 8, 32],
    dataMirror: process.env.HELM_DATA_MIRROR ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data'),
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      printHelp(__filename);
      process.exit(0);
    } else if (arg === '--workers') options.workers = intList(flagValue(argv, i++, arg), arg);
    else if (arg === '--subjects') options.subjects = flagValue(argv, i++, arg).split(',');
    else if (arg === '-m') options.maxEvalInstances = positiveInt(flagValue(argv, i++, arg), arg);
    else if (arg === '--delay-ms') options.delayMs = Number(flagValue(argv, i++, arg));
    else if (arg === '--batch-size') options.batchSize = positiveInt(flagValue(argv, i++, arg), arg);
    else if (arg === '--ops') options.ops = positiveInt(flagValue(argv, i++, arg), arg);
    else if (arg === '--concurrency') options.concurrency = intList(flagValue(argv, i++, arg), arg);
    else if (arg === '--only') {
      const value = flagValue(argv, i++, arg);
      if (value !== 'suites' && value !== 'throughput') throw new UsageError(`--only: expected suites or throughput, got ${value}`);
      options.only = value;
    } else if (arg === '--data-mirror') options.dataMirror = path.resolve(flagValue(argv, i++, arg));
    else if (arg === '--keep') options.keep = true;
    else throw new UsageError(`unknown argument ${arg}`);
  }
  if (!Number.isFinite(options.delayMs) || options.delayMs < 0) throw new UsageError('--delay-ms: expected a number >= 0');
  return options;
}

function log(message: string): void {
  process.stderr.write(`[shared-cache] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Part 1: repeated model calls

type Backend = 'sqlite' | 'postgres';

interface SuiteFigures {
  exit: number;
  wallS: number;
  modelCalls: number;
}

interface CellFigures {
  backend: Backend;
  workers: number;
  requestsPerSuite: number;
  first: SuiteFigures;
  again: SuiteFigures;
  /** Calls whose exact request body had reached the model before, over both suites. */
  repeated: number;
  /** Worker processes that ran request batches of the first suite. */
  workersUsed: number;
}

async function waitForLog(file: string, pattern: RegExp, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file) && pattern.test(fs.readFileSync(file, 'utf8'))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function runCell(
  backend: Backend,
  n: number,
  context: { root: string; address: string; pg: LocalPostgres; fake: FakeModelProcess; options: Options },
): Promise<{ figures: CellFigures; cacheUrl?: string }> {
  const { root, address, pg, fake, options } = context;
  const cell = `${backend}-n${n}`;
  const dir = path.join(root, 'cells', cell);
  const work = path.join(dir, 'work');
  writeFakeModelProdEnv(path.join(work, 'prod_env'), fake.baseUrl);
  fs.writeFileSync(
    path.join(work, 'run_entries.conf'),
    `entries: [\n${options.subjects.map((s) => `  {description: "mmlu:subject=${s},model=${FAKE_MODEL}", priority: 1}`).join(',\n')}\n]\n`,
  );
  let cacheUrl: string | undefined;
  if (backend === 'postgres') {
    const database = `cache_${cell.replace(/-/g, '_')}`;
    await pg.createDatabase(database);
    cacheUrl = pg.url(database);
  }
  const cacheArgs = cacheUrl ? ['--cache-url', cacheUrl] : [];
  const workers: ChildProcess[] = [];
  const logs: string[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const host = path.join(dir, `host-${i}`);
      writeFakeModelProdEnv(path.join(host, 'prod_env'), fake.baseUrl);
      const logFile = path.join(dir, `worker-${i}.log`);
      const fd = fs.openSync(logFile, 'w');
      const child = spawn(
        process.execPath,
        [HELM_WORKER, '--temporal-address', address, '--local-path', path.join(host, 'prod_env'), '--max-concurrent-model-batches', '4', ...cacheArgs],
        { cwd: host, stdio: ['ignore', fd, fd], env: { ...process.env, HELM_LOG_FORMAT: 'json' } },
      );
      fs.closeSync(fd);
      workers.push(child);
      logs.push(logFile);
    }
    for (const [i, logFile] of logs.entries()) {
      if (!(await waitForLog(logFile, /polling/, 120_000))) throw new Error(`helm-worker ${i} of ${cell} did not start polling:\n${tail(logFile, 20)}`);
    }
    await fake.reset();
    const suite = async (name: string, before: number): Promise<SuiteFigures> => {
      const args = [
        '--conf-paths', 'run_entries.conf', '--suite', `${cell}-${name}`, '-m', String(options.maxEvalInstances),
        '--data-mirror', options.dataMirror, '--temporal-address', address, '--max-concurrent-runs', '4',
        '--request-batch-size', String(options.batchSize), ...cacheArgs,
      ];
      const result = await runCli(work, args, `helm-run-${name}.log`, false);
      if (result.code !== 0) log(`${cell} ${name}: helm-run exited ${result.code}:\n${tail(result.logPath, 20)}`);
      const stats = await fake.stats();
      return { exit: result.code, wallS: result.wallS, modelCalls: stats.calls - before };
    };
    const first = await suite('first', 0);
    const again = await suite('again', first.modelCalls);
    const stats = await fake.stats();
    const outputPath = path.join(work, 'benchmark_output');
    const byWorker = await batchesByWorker(address, `${cell}-first`, suiteRunNames(outputPath, `${cell}-first`));
    return {
      cacheUrl,
      figures: {
        backend,
        workers: n,
        requestsPerSuite: options.subjects.length * options.maxEvalInstances,
        first,
        again,
        repeated: stats.repeated,
        workersUsed: Object.keys(byWorker).length,
      },
    };
  } finally {
    for (const child of workers) if (child.pid !== undefined) await stopProcess(child.pid, 20_000);
  }
}

// ---------------------------------------------------------------------------------------------
// Part 2: throughput of the cache itself

interface Sample {
  key: string;
  value: string;
}

/** A real row of a suite's cache (an MMLU request and its response), or a made-up one of like size. */
async function sampleRow(cacheUrl: string | undefined): Promise<Sample> {
  if (cacheUrl) {
    const client = new Client({ connectionString: cacheUrl });
    await client.connect();
    try {
      // The row of median key length.
      const result = await client.query<Sample>(
        `SELECT key, value FROM ${POSTGRES_CACHE_TABLE} ORDER BY length(key) LIMIT 1 OFFSET (SELECT count(*) / 2 FROM ${POSTGRES_CACHE_TABLE})`,
      );
      if (result.rows[0]) return result.rows[0];
    } finally {
      await client.end();
    }
  }
  const prompt = 'The following are multiple choice questions (with answers) about anatomy.\n\n'.padEnd(2000, 'x');
  return {
    key: requestCacheKey({ best_of: 1, echo: false, max_tokens: 1, model: 'echo', n: 1, prompt, stop: ['\n'], temperature: 0 }),
    value: JSON.stringify({ choices: [{ finish_reason: 'length', index: 0, logprobs: { text_offset: [0], token_logprobs: [-0.5], tokens: [' A'], top_logprobs: [{ ' A': -0.5 }] }, text: ' A' }], model: 'echo', object: 'text_completion' }),
  };
}

/** The i-th distinct key of the same shape and size as the sample (a counter put in front of the prompt). */
function keyOf(sample: Sample, tag: string, i: number): string {
  const marker = '"prompt": "';
  const at = sample.key.indexOf(marker);
  return at < 0 ? `${sample.key}#${tag}-${i}` : `${sample.key.slice(0, at + marker.length)}${tag}-${i} ${sample.key.slice(at + marker.length)}`;
}

type GetOrCompute = (key: string, compute: () => Promise<unknown>) => Promise<{ cached: boolean }>;

/** `ops` calls by `concurrency` callers at once; returns calls per second and checks every hit/miss. */
async function measure(getOrCompute: GetOrCompute, keys: string[], concurrency: number, value: unknown, expectCached: boolean): Promise<number> {
  let next = 0;
  let wrong = 0;
  const started = process.hrtime.bigint();
  const caller = async (): Promise<void> => {
    while (next < keys.length) {
      const key = keys[next++];
      const { cached } = await getOrCompute(key, async () => value);
      if (cached !== expectCached) wrong++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (wrong > 0) throw new Error(`${wrong} of ${keys.length} calls were ${expectCached ? 'misses' : 'hits'}, expected ${expectCached ? 'hits' : 'misses'}`);
  return keys.length / seconds;
}

interface ThroughputRow {
  backend: Backend;
  concurrency: number;
  writesPerS: number;
  lookupsPerS: number;
}

async function throughput(root: string, pg: LocalPostgres, sample: Sample, options: Options): Promise<ThroughputRow[]> {
  const value: unknown = JSON.parse(sample.value);
  const rows: ThroughputRow[] = [];
  const sqlite = new RequestCache(path.join(root, 'throughput', 'bench.sqlite'));
  try {
    const keys = Array.from({ length: options.ops }, (_, i) => keyOf(sample, 'sqlite', i));
    const get: GetOrCompute = (key, compute) => sqlite.getOrCompute(key, compute);
    const warm = Array.from({ length: 64 }, (_, i) => keyOf(sample, 'warm-up', i));
    await measure(get, warm, 1, value, false);
    const writesPerS = await measure(get, keys, 1, value, false);
    const lookupsPerS = await measure(get, keys, 1, value, true);
    rows.push({ backend: 'sqlite', concurrency: 1, writesPerS, lookupsPerS });
  } finally {
    sqlite.close();
  }
  await pg.createDatabase('throughput');
  const caches = await PostgresRequestCaches.open({ url: pg.url('throughput') });
  try {
    const get: GetOrCompute = (key, compute) => caches.getOrCompute('bench', key, compute);
    // Opens the pool's connections and prepares the statements, which a worker does once.
    const warm = Array.from({ length: 64 }, (_, i) => keyOf(sample, 'warm-up', i));
    await measure(get, warm, 8, value, false);
    await measure(get, warm, 8, value, true);
    for (const concurrency of options.concurrency) {
      const keys = Array.from({ length: options.ops }, (_, i) => keyOf(sample, `pg${concurrency}`, i));
      const writesPerS = await measure(get, keys, concurrency, value, false);
      const lookupsPerS = await measure(get, keys, concurrency, value, true);
      rows.push({ backend: 'postgres', concurrency, writesPerS, lookupsPerS });
    }
  } finally {
    await caches.closeAll();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-shared-cache-'));
  log(`working in ${root}; ${machineDescription()}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const failures: string[] = [];
  const cells: CellFigures[] = [];
  let throughputRows: ThroughputRow[] = [];
  let sample: Sample | undefined;
  let pg: LocalPostgres | undefined;
  let fake: FakeModelProcess | undefined;
  const serverState = path.join(root, 'server');
  let serverStarted = false;
  try {
    // PostgreSQL's defaults (fsync and synchronous commit on), as a cluster's server runs.
    pg = await startLocalPostgres({ durable: true });
    log(`PostgreSQL ${pg.host}:${pg.port} (${pg.root}, fsync on)`);
    let lastCacheUrl: string | undefined;
    if (options.only !== 'throughput') {
      fake = await startFakeModelProcess(options.delayMs);
      const port = await freePort();
      const { address } = await startDevServer({ localPath: serverState, port, uiPort: port + 1000 });
      serverStarted = true;
      log(`Temporal dev server ${address}; fake model ${fake.baseUrl} (${options.delayMs} ms per call)`);
      for (const n of options.workers) {
        for (const backend of ['sqlite', 'postgres'] as const) {
          log(`${backend}, ${n} worker(s) ...`);
          const { figures, cacheUrl } = await runCell(backend, n, { root, address, pg, fake, options });
          cells.push(figures);
          if (cacheUrl) lastCacheUrl = cacheUrl;
          log(`${backend}, ${n} worker(s): ${JSON.stringify(figures)}`);
          if (figures.first.exit !== 0 || figures.again.exit !== 0) failures.push(`${backend} n=${n}: helm-run exited ${figures.first.exit} / ${figures.again.exit}`);
          if (backend === 'postgres' && (figures.repeated !== 0 || figures.again.modelCalls !== 0)) {
            failures.push(`postgres n=${n}: ${figures.repeated} repeated calls, ${figures.again.modelCalls} in the second suite (expected 0)`);
          }
        }
      }
    }
    if (options.only !== 'suites') {
      sample = await sampleRow(lastCacheUrl);
      log(`throughput: key ${sample.key.length} chars, value ${sample.value.length} chars, ${options.ops} ops per cell`);
      throughputRows = await throughput(root, pg, sample, options);
    }
  } finally {
    if (serverStarted) await stopDevServer(serverState);
    await fake?.stop();
    pg?.destroy();
    if (!options.keep) fs.rmSync(root, { recursive: true, force: true });
  }

  if (cells.length > 0) {
    process.stdout.write(`\nRepeated model calls: ${options.subjects.length} MMLU subjects × -m ${options.maxEvalInstances}, batches of ${options.batchSize}, two suites of the same entries\n`);
    const header = ['cache', 'workers', 'requests/suite', 'calls: first', 'calls: again', 'repeated', 'wall first', 'wall again', 'workers used'];
    const lines = cells.map((c) => [
      c.backend === 'sqlite' ? 'SQLite per host' : 'PostgreSQL shared',
      String(c.workers),
      String(c.requestsPerSuite),
      String(c.first.modelCalls),
      String(c.again.modelCalls),
      String(c.repeated),
      `${c.first.wallS.toFixed(1)} s`,
      `${c.again.wallS.toFixed(1)} s`,
      String(c.workersUsed),
    ]);
    process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${lines.map((l) => `| ${l.join(' | ')} |`).join('\n')}\n`);
  }
  if (throughputRows.length > 0 && sample) {
    process.stdout.write(`\nCache throughput, one process, ${options.ops} ops per cell (key ${sample.key.length} chars, value ${sample.value.length} chars)\n`);
    process.stdout.write(
      formatTable([
        ['backend (callers in flight)', 'writes/s (miss + insert)   lookups/s (hit)'],
        ...throughputRows.map((r) => [
          `${r.backend === 'sqlite' ? 'SQLite file' : 'PostgreSQL'} (${r.concurrency})`,
          `${r.writesPerS.toFixed(0).padStart(8)}                   ${r.lookupsPerS.toFixed(0).padStart(8)}`,
        ] as const),
      ]) + '\n',
    );
  }
  process.stdout.write(`SHARED_CACHE_JSON ${JSON.stringify({ machine: machineDescription(), options: { ...options, dataMirror: undefined }, cells, throughput: throughputRows, sample: sample && { keyChars: sample.key.length, valueChars: sample.value.length } })}\n`);
  for (const failure of failures) log(`FAILED: ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench-shared-cache: ${error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
