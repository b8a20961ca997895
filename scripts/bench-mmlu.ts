/**
 * End-to-end MMLU benchmark of helm-ts: all 57 subjects (full test sets) with simple/model1,
 * through the real `helm-run` CLI on its embedded Temporal dev server.
 *
 *   npm run build && npm run bench -- [options]          (or: node dist/scripts/bench-mmlu.js ...)
 *
 * Options of this script:
 *   --subjects N           only the first N subjects of MMLU_SUBJECTS (default: all 57)
 *   --data-mirror DIR      MMLU data (<DIR>/mmlu/{dev,test}); default $HELM_DATA_MIRROR, else
 *                          <project>/../shared/data
 *   -m, --max-eval-instances N   passed to helm-run (default 100000 = full test sets)
 *   --temporal-port PORT   port of the embedded dev server (default: a free port)
 *   --no-warmup            no warm-up run: the suite's wall time then includes the dev server's
 *                          start-up (a "cold" run)
 *   --keep                 keep the temp working dir (its path is printed)
 *   --verbose              show helm-run's output (it is otherwise only written to <tmp>/helm-run.log)
 * Any other argument (e.g. --max-concurrent-runs 8, --request-batch-size 512, --num-threads 4,
 * --disable-cache) is passed through unchanged to the benchmarked helm-run invocation.
 *
 * Steps: fresh temp dir (cwd of helm-run, so prod_env/ and benchmark_output/ are fresh, the
 * request cache empty); run-entries conf `mmlu:subject=<s>,model=simple/model1`; unless
 * --no-warmup, a warm-up helm-run (1 subject, -m 1, --disable-cache, separate output path) that
 * starts the detached dev server, which the measured run then reuses; the measured helm-run
 * (`--conf-paths bench.conf --suite bench -m 100000`); wall time from spawn to exit; VmRSS of
 * the helm-run process tree and of the dev server (pid from prod_env/temporal/dev-server.json,
 * or a `temporal` descendant before that file exists) sampled every 200 ms; runs, instances and
 * requests counted from benchmark_output/runs/bench/<run>/{stats,scenario_state}.json; the dev
 * server is stopped (SIGTERM, SIGKILL after 10 s) and the temp dir removed. Prints a table and
 * a one-line JSON summary prefixed with `BENCH_JSON `.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MMLU_SUBJECTS } from '../core/scenarios/mmlu-subjects';
import {
  PROJECT_ROOT,
  UsageError,
  flagValue,
  positiveInt,
  splitOwnFlags,
  freePort,
  isRecord,
  machineDescription,
  mib,
  printHelp,
  readJson,
  recordedServerPid,
  runCli,
  stopServer,
  tail,
  type CliResult,
} from './bench-common';

interface BenchOptions {
  subjects: number;
  dataMirror: string;
  maxEvalInstances: string;
  temporalPort: number | undefined;
  warmup: boolean;
  keep: boolean;
  verbose: boolean;
  passThrough: string[];
}

function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    subjects: MMLU_SUBJECTS.length,
    dataMirror: process.env.HELM_DATA_MIRROR ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data'),
    maxEvalInstances: '100000',
    temporalPort: undefined,
    warmup: true,
    keep: false,
    verbose: false,
    passThrough: [],
  };
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  const own = ['--subjects', '--data-mirror', '--max-eval-instances', '--temporal-port'];
  // Accept --flag=value for this script's own flags (pass-through flags are forwarded as given).
  argv = splitOwnFlags(argv, own);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--subjects':
        options.subjects = Math.min(positiveInt(value(i, arg), arg), MMLU_SUBJECTS.length);
        i++;
        break;
      case '--data-mirror':
        options.dataMirror = path.resolve(value(i, arg));
        i++;
        break;
      case '-m':
      case '--max-eval-instances':
        options.maxEvalInstances = String(positiveInt(value(i, arg), arg));
        i++;
        break;
      case '--temporal-port':
        options.temporalPort = positiveInt(value(i, arg), arg);
        i++;
        break;
      case '--no-warmup':
        options.warmup = false;
        break;
      case '--keep':
        options.keep = true;
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
  return options;
}

interface OutputCounts {
  runs: number;
  instances: number;
  requests: number;
  incompleteRuns: string[];
}

/** Counts as HELM's bench-python-helm.sh does: num_instances stats without perturbation, request_states. */
function countOutputs(suiteDir: string): OutputCounts {
  const counts: OutputCounts = { runs: 0, instances: 0, requests: 0, incompleteRuns: [] };
  if (!fs.existsSync(suiteDir)) return counts;
  for (const entry of fs.readdirSync(suiteDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name === 'eval_cache') continue;
    const runDir = path.join(suiteDir, entry.name);
    const statsPath = path.join(runDir, 'stats.json');
    const statePath = path.join(runDir, 'scenario_state.json');
    if (!fs.existsSync(statsPath) || !fs.existsSync(statePath)) {
      counts.incompleteRuns.push(entry.name);
      continue;
    }
    counts.runs++;
    let instances = 0;
    let found = false;
    const stats = readJson(statsPath);
    if (Array.isArray(stats)) {
      for (const stat of stats) {
        if (!isRecord(stat) || !isRecord(stat.name)) continue;
        if (stat.name.name !== 'num_instances' || stat.name.perturbation !== undefined) continue;
        if (typeof stat.sum === 'number') {
          instances += stat.sum;
          found = true;
        }
      }
    }
    if (!found) {
      // Fall back on per_instance_stats.json: one entry per (instance, train trial).
      const perInstance = readJson(path.join(runDir, 'per_instance_stats.json'));
      if (Array.isArray(perInstance)) {
        instances = new Set(perInstance.map((p) => (isRecord(p) ? String(p.instance_id) : ''))).size;
      }
    }
    counts.instances += instances;
    const state = readJson(statePath);
    if (isRecord(state) && Array.isArray(state.request_states)) counts.requests += state.request_states.length;
  }
  return counts;
}

/** Bytes of the files under dir (0 if it does not exist). */
function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(options.dataMirror, 'mmlu', 'test'))) {
    throw new UsageError(`no MMLU data at ${options.dataMirror}/mmlu/test (give --data-mirror DIR or HELM_DATA_MIRROR)`);
  }
  if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'client', 'helm-run.js'))) {
    throw new UsageError('dist/ is missing: run `npm run build` first');
  }
  const subjects = MMLU_SUBJECTS.slice(0, options.subjects);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-bench-'));
  const port = options.temporalPort ?? (await freePort());
  const confPath = path.join(workDir, 'bench.conf');
  fs.writeFileSync(
    confPath,
    'entries: [\n' + subjects.map((s) => `  {description: "mmlu:subject=${s},model=simple/model1", priority: 1}`).join(',\n') + '\n]\n',
  );

  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const machine = machineDescription();
  process.stdout.write(`helm-ts MMLU benchmark: ${subjects.length} subject(s), -m ${options.maxEvalInstances}, simple/model1\n`);
  process.stdout.write(`machine: ${machine}\nwork dir: ${workDir}\n`);

  const common = ['--data-mirror', options.dataMirror, '--temporal-port', String(port)];
  let warmup: CliResult | undefined;
  let main: CliResult | undefined;
  let serverPid: number | undefined;
  let exitCode = 0;
  try {
    if (options.warmup) {
      process.stdout.write('warm-up (starts the dev server): 1 subject, -m 1 ...\n');
      warmup = await runCli(
        workDir,
        ['--run-entries', `mmlu:subject=${subjects[0]},model=simple/model1`, '--suite', 'warmup', '-m', '1', '--disable-cache', '-o', 'warmup_output', ...common],
        'warmup.log',
        options.verbose,
      );
      if (warmup.code !== 0) {
        process.stderr.write(`warm-up helm-run failed (exit ${warmup.code}):\n${tail(warmup.logPath, 30)}\n`);
        exitCode = warmup.code;
      }
    }
    const args = ['--conf-paths', confPath, '--suite', 'bench', '-m', options.maxEvalInstances, ...common, ...options.passThrough];
    if (exitCode === 0 && !interrupted) {
      process.stdout.write(`measured run: helm-run ${args.join(' ')}\n`);
      main = await runCli(workDir, args, 'helm-run.log', options.verbose);
      serverPid = recordedServerPid(workDir);
      if (main.code !== 0) {
        process.stderr.write(`helm-run failed (exit ${main.code}):\n${tail(main.logPath, 30)}\n`);
        exitCode = main.code;
      }
    }
  } finally {
    const stopped = await stopServer(workDir);
    if (stopped !== undefined) serverPid = stopped;
  }

  if (main !== undefined) {
    const counts = countOutputs(path.join(workDir, 'benchmark_output', 'runs', 'bench'));
    const serverStartS = warmup?.serverReadyS ?? main.serverReadyS;
    const rows: Array<[string, string]> = [
      ['runs', `${counts.runs} / ${subjects.length}`],
      ['instances', String(counts.instances)],
      ['requests', String(counts.requests)],
      ['wall time (suite)', `${main.wallS.toFixed(1)} s${options.warmup ? ' (dev server already up)' : ' (includes dev server start-up)'}`],
      ['instances/s', (counts.instances / main.wallS).toFixed(1)],
      ['requests/s', (counts.requests / main.wallS).toFixed(1)],
      ['peak RSS helm-run tree', `${mib(main.rss.helmRunKb)} (${main.rss.helmRunProcesses} process(es))`],
      ['peak RSS dev server', mib(Math.max(main.rss.serverKb, warmup?.rss.serverKb ?? 0))],
      ['peak RSS both (same sample)', mib(main.rss.totalKb)],
      ['dev server start-up', serverStartS === undefined ? 'n/a' : `${serverStartS.toFixed(1)} s after spawn`],
    ];
    const { helmRun, server } = main.rss.usage;
    const finalBytes = folderBytes(path.join(workDir, 'benchmark_output', 'runs')) + folderBytes(path.join(workDir, 'prod_env', 'cache'));
    rows.push(
      ['CPU helm-run / dev server', `${helmRun.cpuS.toFixed(1)} s / ${server.cpuS.toFixed(1)} s (sampled every 0.2 s)`],
      ['written helm-run / dev server', `${mib(helmRun.writeBytes / 1024)} / ${mib(server.writeBytes / 1024)}`],
      ['final run files + request cache', `${mib(finalBytes / 1024)} (helm-run wrote ${(helmRun.writeBytes / Math.max(1, finalBytes)).toFixed(2)}x that)`],
    );
    if (warmup) rows.push(['warm-up run (1 subject, -m 1)', `${warmup.wallS.toFixed(1)} s (peak RSS helm-run ${mib(warmup.rss.helmRunKb)})`]);
    rows.push(['helm-run exit code', String(main.code)]);
    if (counts.incompleteRuns.length > 0) rows.push(['incomplete runs', counts.incompleteRuns.join(' ')]);
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write('\n' + rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n\n');
    const summary = {
      subjects: subjects.length,
      runs: counts.runs,
      instances: counts.instances,
      requests: counts.requests,
      wall_s: Number(main.wallS.toFixed(2)),
      instances_per_s: Number((counts.instances / main.wallS).toFixed(2)),
      peak_rss_helm_run_mib: Number((main.rss.helmRunKb / 1024).toFixed(1)),
      peak_rss_server_mib: Number((Math.max(main.rss.serverKb, warmup?.rss.serverKb ?? 0) / 1024).toFixed(1)),
      peak_rss_total_mib: Number((main.rss.totalKb / 1024).toFixed(1)),
      server_start_s: serverStartS === undefined ? null : Number(serverStartS.toFixed(2)),
      warmup_wall_s: warmup ? Number(warmup.wallS.toFixed(2)) : null,
      rss_samples: main.rss.samples,
      cpu_helm_run_s: Number(helmRun.cpuS.toFixed(2)),
      cpu_server_s: Number(server.cpuS.toFixed(2)),
      written_helm_run_mib: Number((helmRun.writeBytes / 2 ** 20).toFixed(1)),
      written_server_mib: Number((server.writeBytes / 2 ** 20).toFixed(1)),
      final_files_mib: Number((finalBytes / 2 ** 20).toFixed(1)),
      exit_code: main.code,
      max_eval_instances: Number(options.maxEvalInstances),
      helm_run_args: options.passThrough,
      server_pid: serverPid ?? null,
      machine,
    };
    process.stdout.write(`BENCH_JSON ${JSON.stringify(summary)}\n`);
    if (exitCode === 0 && counts.runs !== subjects.length) exitCode = 1;
  }
  if (options.keep) process.stdout.write(`kept ${workDir}\n`);
  else fs.rmSync(workDir, { recursive: true, force: true });
  return interrupted ? 130 : exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench-mmlu: ${error instanceof Error ? (error instanceof UsageError ? error.message : error.stack) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
