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
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MMLU_SUBJECTS } from '../activities/scenarios/mmlu-subjects';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const HELM_RUN = path.join(PROJECT_ROOT, 'bin', 'helm-run.js');
const SAMPLE_MS = 200;

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

class UsageError extends Error {}

/** Prints this file's leading doc comment (kept by tsc in the compiled file). */
function printHelp(): void {
  const text = fs.readFileSync(__filename, 'utf8');
  const start = text.indexOf('/**');
  const end = text.indexOf('*/', start);
  process.stdout.write(text.slice(start + 3, end).replace(/^ \* ?/gm, '').trim() + '\n');
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
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const positiveInt = (text: string, flag: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer, got ${text}`);
    return n;
  };
  const own = ['--subjects', '--data-mirror', '--max-eval-instances', '--temporal-port'];
  // Accept --flag=value for this script's own flags (pass-through flags are forwarded as given).
  argv = argv.flatMap((a) => {
    const eq = a.indexOf('=');
    return eq > 0 && own.includes(a.slice(0, eq)) ? [a.slice(0, eq), a.slice(eq + 1)] : [a];
  });
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
        printHelp();
        process.exit(0);
        break;
      default:
        options.passThrough.push(arg);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// /proc sampling

interface ProcInfo {
  ppid: number;
  comm: string;
}

function readProcTable(): Map<number, ProcInfo> {
  const table = new Map<number, ProcInfo>();
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return table;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ... ; comm may contain spaces and parentheses.
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      table.set(Number(name), { comm: stat.slice(open + 1, close), ppid: Number(fields[1]) });
    } catch {
      // the process exited meanwhile
    }
  }
  return table;
}

/** VmRSS in kB (0 for zombies, kernel threads and processes that are gone). */
function vmRssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function isRunning(pid: number): boolean {
  try {
    const state = /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return state !== null && state[1] !== 'Z' && state[1] !== 'X';
  } catch {
    return false;
  }
}

function descendants(table: Map<number, ProcInfo>, root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const [pid, info] of table) {
    const list = children.get(info.ppid);
    if (list) list.push(pid);
    else children.set(info.ppid, [pid]);
  }
  const out = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (out.has(pid) || (pid !== root && !table.has(pid))) continue;
    out.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

interface RssPeaks {
  /** Max over samples of the summed VmRSS of the helm-run tree (without the dev server), kB. */
  helmRunKb: number;
  /** Max over samples of the summed VmRSS of the dev server tree, kB. */
  serverKb: number;
  /** Max over samples of both together, kB. */
  totalKb: number;
  /** Max number of processes in the helm-run tree (without the server). */
  helmRunProcesses: number;
  samples: number;
}

class RssSampler {
  readonly peaks: RssPeaks = { helmRunKb: 0, serverKb: 0, totalKb: 0, helmRunProcesses: 0, samples: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rootPid: number,
    private readonly serverPid: () => number | undefined,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  sample(): void {
    const table = readProcTable();
    const helmTree = descendants(table, this.rootPid);
    // The dev server is spawned detached by helm-run (so it is helm-run's child until helm-run
    // exits) and lives on after it; count it separately.
    const serverRoots = new Set<number>();
    const recorded = this.serverPid();
    if (recorded !== undefined && table.has(recorded)) serverRoots.add(recorded);
    for (const pid of helmTree) if (pid !== this.rootPid && table.get(pid)?.comm === 'temporal') serverRoots.add(pid);
    const serverTree = new Set<number>();
    for (const root of serverRoots) for (const pid of descendants(table, root)) serverTree.add(pid);
    let helmKb = 0;
    let helmCount = 0;
    for (const pid of helmTree) {
      if (serverTree.has(pid)) continue;
      helmKb += vmRssKb(pid);
      helmCount++;
    }
    let serverKb = 0;
    for (const pid of serverTree) serverKb += vmRssKb(pid);
    const p = this.peaks;
    p.helmRunKb = Math.max(p.helmRunKb, helmKb);
    p.serverKb = Math.max(p.serverKb, serverKb);
    p.totalKb = Math.max(p.totalKb, helmKb + serverKb);
    p.helmRunProcesses = Math.max(p.helmRunProcesses, helmCount);
    p.samples++;
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port P whose Web UI port P+1000 is free too (the dev server binds both). */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await portFree(port)) && (await portFree(port + 1000))) return port;
  }
  throw new Error('no free port pair found');
}

function serverRecordPath(workDir: string): string {
  return path.join(workDir, 'prod_env', 'temporal', 'dev-server.json');
}

function recordedServerPid(workDir: string): number | undefined {
  try {
    const record: unknown = JSON.parse(fs.readFileSync(serverRecordPath(workDir), 'utf8'));
    if (typeof record === 'object' && record !== null && 'pid' in record && typeof record.pid === 'number') return record.pid;
  } catch {
    // not written yet
  }
  return undefined;
}

async function stopServer(workDir: string): Promise<number | undefined> {
  const pid = recordedServerPid(workDir);
  if (pid === undefined || !isRunning(pid)) return undefined;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  return pid;
}

interface CliResult {
  code: number;
  wallS: number;
  /** Seconds from spawn until dev-server.json appeared (only when this run started the server). */
  serverReadyS: number | undefined;
  rss: RssPeaks;
  logPath: string;
}

async function runCli(workDir: string, args: readonly string[], logName: string, verbose: boolean): Promise<CliResult> {
  const logPath = path.join(workDir, logName);
  const logFd = fs.openSync(logPath, 'w');
  const hadServer = recordedServerPid(workDir) !== undefined;
  const start = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - start) / 1e9;
  const child = spawn(process.execPath, [HELM_RUN, ...args], {
    cwd: workDir,
    stdio: ['ignore', verbose ? 'inherit' : logFd, verbose ? 'inherit' : logFd],
  });
  if (child.pid === undefined) throw new Error('could not spawn helm-run');
  let serverReadyS: number | undefined;
  const sampler = new RssSampler(child.pid, () => {
    const pid = recordedServerPid(workDir);
    if (pid !== undefined && serverReadyS === undefined && !hadServer) serverReadyS = elapsed();
    return pid;
  });
  sampler.start();
  const code = await new Promise<number>((resolve) => {
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
    child.once('error', () => resolve(1));
  });
  const wallS = elapsed();
  sampler.stop();
  fs.closeSync(logFd);
  return { code, wallS, serverReadyS, rss: sampler.peaks, logPath };
}

interface OutputCounts {
  runs: number;
  instances: number;
  requests: number;
  incompleteRuns: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
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

function mib(kb: number): string {
  return `${(kb / 1024).toFixed(0)} MiB`;
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
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

  const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
  const machine = `${os.cpus().length} cores, ${cpu ? cpu[1] : os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}`;
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
