/**
 * infra/cluster for real, on one machine: the full Temporal server (not the CLI's dev server) on a
 * PostgreSQL server, schemas made by Temporal's own SQL tool through infra/cluster's
 * scripts/setup-postgres.sh, the namespace and search attributes by k8s/register-search-attributes.sh,
 * and a suite split over two "hosts" (two helm-worker processes on loopback, each with its own
 * --local-path) sharing the request cache in that PostgreSQL. Opt-in, not part of CI: the server is
 * built with `go install` (infra/install-temporal-server.sh, over an hour once on 2 cores).
 *
 *   npm run build && node dist/scripts/cluster-on-postgres.js [--subjects a,b,c] [-m N] [--keep]
 *
 * Checks, and exits 1 if one fails: the suite completes; both workers ran request batches (the run
 * workflows' histories name the worker of each batch); every request reached the fake model once;
 * a second suite of the same entries reaches it not at all (all cache hits) and writes the same
 * stats and scenario states (apart from each result's `cached` flag); no worker wrote a SQLite
 * cache file. Prints `CLUSTER_JSON {...}` with the figures.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startLocalPostgres, type LocalPostgres } from '../infra/local-postgres';
import { ensureTemporalCli } from '../infra/temporal-cli';
import { FAKE_MODEL, startFakeModelProcess, writeFakeModelProdEnv, type FakeModelProcess } from '../test/helpers/fake-model-server';
import { HELM_RUN, HELM_WORKER, PROJECT_ROOT, UsageError, batchesByWorker, flagValue, positiveInt, printHelp, suiteRunNames } from './bench-common';

const CLUSTER = path.join(PROJECT_ROOT, 'infra', 'cluster');

interface Options {
  subjects: string[];
  maxEvalInstances: number;
  keep: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { subjects: ['anatomy', 'astronomy', 'philosophy', 'virology'], maxEvalInstances: 25, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      printHelp(__filename);
      process.exit(0);
    } else if (arg === '--subjects') options.subjects = flagValue(argv, i++, arg).split(',');
    else if (arg === '-m') options.maxEvalInstances = positiveInt(flagValue(argv, i++, arg), arg);
    else if (arg === '--keep') options.keep = true;
    else throw new UsageError(`unknown argument ${arg}`);
  }
  return options;
}

function log(message: string): void {
  process.stderr.write(`[cluster] ${message}\n`);
}

function installServer(): { server: string; sqlTool: string; schema: string } {
  const out = execFileSync('bash', [path.join(PROJECT_ROOT, 'infra', 'install-temporal-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [server, sqlTool, schema] = out.trim().split('\n').slice(-3);
  return { server, sqlTool, schema };
}

/** Whether nothing listens on 127.0.0.1:`port` (we can bind it). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * `count` distinct free loopback ports below 32768: Temporal stores each service's membership port
 * in a PostgreSQL smallint column (the OS's ephemeral ports, 32768 and up, are refused at start-up).
 */
async function freeLowPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < count; tries++) {
    if (tries > 1000) throw new Error(`found only ${ports.length} free ports in 20000–32767`);
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    if (!ports.includes(port) && (await portIsFree(port))) ports.push(port);
  }
  return ports;
}

/** The server's config: every service on loopback, its own free ports, PostgreSQL for both stores. */
async function serverConfig(pg: LocalPostgres, dir: string): Promise<{ file: string; frontend: number }> {
  const ports = await freeLowPorts(10);
  const [frontend, frontendHttp, frontendMembership, history, historyMembership, matching, matchingMembership, worker, workerMembership, metrics] = ports;
  const store = (database: string, conns: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "127.0.0.1:${pg.port}"
        connectProtocol: "tcp"
        user: "${pg.user}"
        password: "${pg.password}"
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, extra = '') => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${extra}`;
  const yaml = `log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:${store('temporal', 20)}
    postgres-visibility:${store('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${metrics}"
services:
  frontend:${service(frontend, frontendMembership, `\n      httpPort: ${frontendHttp}`)}
  history:${service(history, historyMembership)}
  matching:${service(matching, matchingMembership)}
  worker:${service(worker, workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${frontend}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "${path.join(CLUSTER, 'dynamicconfig', 'helm.yaml')}"
  pollInterval: "10s"
`;
  const file = path.join(dir, 'temporal-server.yaml');
  fs.writeFileSync(file, yaml, { mode: 0o600 });
  return { file, frontend };
}

function spawnLogged(command: string, args: string[], logFile: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  return spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', out, out] });
}

function runScript(script: string, env: NodeJS.ProcessEnv, logFile: string): void {
  const output = execFileSync('sh', [script], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  fs.appendFileSync(logFile, output);
}

async function waitForPort(port: number, timeoutMs: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('"fatal"') || l.includes('"error"')).slice(-3).join('\n');
      throw new Error(`the Temporal server exited (${child.exitCode ?? child.signalCode}) before listening on ${port}; ${logFile}:\n${tail}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

function helmRun(args: string[], cwd: string, logFile: string): Promise<number | null> {
  const child = spawnLogged(process.execPath, [HELM_RUN, ...args], logFile, { cwd, env: { HELM_LOG_FORMAT: 'json' } });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Files of suite cluster-2 (answered from the shared cache) that differ from cluster-1's: stats and
 * per-instance stats byte for byte, scenario states apart from each result's `cached` flag (true
 * in every result of the second suite).
 */
function differingOutputs(runs: string, runNames: string[]): string[] {
  const differing: string[] = [];
  const read = (suite: string, run: string, file: string) => fs.readFileSync(path.join(runs, suite, run, file), 'utf8');
  for (const run of runNames) {
    for (const file of ['stats.json', 'per_instance_stats.json']) {
      if (read('cluster-1', run, file) !== read('cluster-2', run, file)) differing.push(`${run}/${file}`);
    }
    const first = read('cluster-1', run, 'scenario_state.json');
    const second = read('cluster-2', run, 'scenario_state.json');
    if (first.includes('"cached": true') || second.includes('"cached": false') || first.replaceAll('"cached": false', '"cached": true') !== second) {
      differing.push(`${run}/scenario_state.json`);
    }
  }
  return differing;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const dataMirror = process.env.HELM_DATA_MIRROR ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-cluster-'));
  const logs = path.join(root, 'logs');
  fs.mkdirSync(logs);
  log(`working in ${root}`);
  const { server, sqlTool, schema } = installServer();
  const temporalCli = ensureTemporalCli((m) => log(m));
  let pg: LocalPostgres | undefined;
  let temporal: ChildProcess | undefined;
  let fake: FakeModelProcess | undefined;
  const workers: ChildProcess[] = [];
  const failures: string[] = [];
  try {
    pg = await startLocalPostgres();
    log(`PostgreSQL ${pg.host}:${pg.port}`);
    // infra/cluster's scripts, with the tools they expect on PATH.
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(sqlTool, path.join(bin, 'temporal-sql-tool'));
    fs.symlinkSync(temporalCli, path.join(bin, 'temporal'));
    const toolPath = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
    runScript(
      path.join(CLUSTER, 'scripts', 'setup-postgres.sh'),
      { PATH: toolPath, POSTGRES_SEEDS: '127.0.0.1', DB_PORT: String(pg.port), POSTGRES_USER: pg.user, SQL_PASSWORD: pg.password, SCHEMA_DIR: schema },
      path.join(logs, 'setup-postgres.log'),
    );
    log('schemas set up (setup-postgres.sh with temporal-sql-tool)');
    const { file, frontend } = await serverConfig(pg, root);
    const address = `127.0.0.1:${frontend}`;
    const serverLog = path.join(logs, 'temporal-server.log');
    temporal = spawnLogged(server, ['--config-file', file, '--allow-no-auth', 'start'], serverLog);
    await waitForPort(frontend, 120_000, temporal, serverLog);
    runScript(path.join(CLUSTER, 'k8s', 'register-search-attributes.sh'), { PATH: toolPath, TEMPORAL_ADDRESS: address, CREATE_NAMESPACE: 'true' }, path.join(logs, 'search-attributes.log'));
    log(`Temporal server ${server} at ${address}: namespace default, search attributes registered`);

    fake = await startFakeModelProcess(20);
    const work = path.join(root, 'work');
    writeFakeModelProdEnv(path.join(work, 'prod_env'), fake.baseUrl);
    fs.writeFileSync(
      path.join(work, 'run_entries.conf'),
      `entries: [\n${options.subjects.map((s) => `  {description: "mmlu:subject=${s},model=${FAKE_MODEL}", priority: 1}`).join(',\n')}\n]\n`,
    );
    const cacheUrl = pg.url('helm_cache'); // made by setup-postgres.sh
    const hosts = ['host-a', 'host-b'];
    for (const host of hosts) {
      const localPath = path.join(root, host, 'prod_env');
      writeFakeModelProdEnv(localPath, fake.baseUrl);
      workers.push(
        spawnLogged(process.execPath, [HELM_WORKER, '--temporal-address', address, '--local-path', localPath, '--cache-url', cacheUrl, '--max-concurrent-model-batches', '4'], path.join(logs, `${host}.log`), {
          cwd: path.join(root, host),
          env: { HELM_LOG_FORMAT: 'json' },
        }),
      );
    }
    const runArgs = (suite: string) => [
      '--conf-paths', 'run_entries.conf', '--suite', suite, '-m', String(options.maxEvalInstances), '--data-mirror', dataMirror,
      '--temporal-address', address, '--cache-url', cacheUrl, '--max-concurrent-runs', '4', '--request-batch-size', '5',
    ];
    const expected = options.subjects.length * options.maxEvalInstances;
    const started = Date.now();
    const first = await helmRun(runArgs('cluster-1'), work, path.join(logs, 'helm-run-1.log'));
    const firstSeconds = (Date.now() - started) / 1000;
    const afterFirst = await fake.stats();
    const second = await helmRun(runArgs('cluster-2'), work, path.join(logs, 'helm-run-2.log'));
    const afterSecond = await fake.stats();

    const runNames = suiteRunNames(path.join(work, 'benchmark_output'), 'cluster-1');
    if (runNames.length !== options.subjects.length) failures.push(`suite cluster-1 wrote ${runNames.length} runs, expected ${options.subjects.length}`);
    const byWorker = await batchesByWorker(address, 'cluster-1', runNames);
    const outputsDiffering = differingOutputs(path.join(work, 'benchmark_output', 'runs'), runNames);
    const sqliteFiles = hosts.flatMap((host) => {
      const dir = path.join(root, host, 'prod_env', 'cache');
      return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    });
    const figures = {
      temporalServer: server,
      subjects: options.subjects.length,
      requests: expected,
      firstSuite: { exit: first, seconds: firstSeconds, modelCalls: afterFirst.calls, distinct: afterFirst.distinct, repeated: afterFirst.repeated },
      secondSuite: { exit: second, newModelCalls: afterSecond.calls - afterFirst.calls },
      secondSuiteOutputsDiffering: outputsDiffering,
      batchesByWorker: byWorker,
      sqliteCacheFilesOnHosts: sqliteFiles,
    };
    process.stdout.write(`CLUSTER_JSON ${JSON.stringify(figures)}\n`);
    if (first !== 0 || second !== 0) failures.push(`helm-run exited ${first} / ${second} (logs in ${logs})`);
    if (afterFirst.calls !== expected || afterFirst.repeated !== 0) failures.push(`model calls ${afterFirst.calls} (repeated ${afterFirst.repeated}), expected ${expected} once each`);
    if (afterSecond.calls !== afterFirst.calls) failures.push(`the second suite made ${afterSecond.calls - afterFirst.calls} model calls, expected none`);
    if (outputsDiffering.length > 0) failures.push(`the second suite's outputs differ from the first's: ${outputsDiffering.join(', ')}`);
    if (Object.keys(byWorker).length < 2) failures.push(`request batches ran on ${Object.keys(byWorker).length} worker(s), expected both`);
    if (sqliteFiles.length > 0) failures.push(`workers wrote SQLite cache files: ${sqliteFiles.join(', ')}`);
  } finally {
    for (const worker of workers) await stop(worker);
    await stop(temporal);
    await fake?.stop();
    pg?.destroy();
    if (!options.keep && failures.length === 0) fs.rmSync(root, { recursive: true, force: true });
  }
  for (const failure of failures) log(`FAILED: ${failure}`);
  if (failures.length === 0) log('OK: Temporal server on PostgreSQL, suite split over two worker hosts, one shared request cache');
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`cluster-on-postgres: ${error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
