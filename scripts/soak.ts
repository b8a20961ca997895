/**
 * Crash-safety soak: a larger MMLU suite on the fake OpenAI-compatible model, run on a Temporal dev
 * server with helm-worker processes, while random kill -9s hit workers, the dev server and the
 * helm-run client. Nothing is expedited: stranded activities wait for their real heartbeat
 * timeouts. At the end the five files of every run must equal an uninterrupted reference run's
 * (timings and `cached` flags masked, as in test/durability) and every request must have reached
 * the model, repeats only for calls in flight at a kill.
 *
 *   npm run build && node dist/scripts/soak.js [--subjects 6] [-m 40] [--kills 6] [--seed 1]
 *       [--delay-ms 40] [--workers 2] [--port 17450] [--data-mirror ../shared/data] [--keep]
 *
 * Prints one line per kill and a final `SOAK_JSON {...}`; exits 1 if anything differs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devServerStatus, startDevServer, stopDevServer } from '../infra/dev-server';
import { MMLU_SUBJECTS } from '../core/scenarios/mmlu-subjects';
import { FAKE_MODEL as MODEL, startFakeModelProcess, writeFakeModelProdEnv as writeProdEnv, type FakeModelStats } from '../test/helpers/fake-model-server';
import { RUN_FILES, comparableRunFile, runDirs } from '../test/durability/harness';

interface Options {
  subjects: number;
  maxEvalInstances: number;
  kills: number;
  seed: number;
  delayMs: number;
  workers: number;
  port: number;
  dataMirror: string;
  keep: boolean;
}

/** The checkout: the folder above this file (scripts/ or dist/scripts/) holding bin/helm-run.js. */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'bin', 'helm-run.js'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('bin/helm-run.js not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

const ROOT = projectRoot();

function parseOptions(argv: string[]): Options {
  const options: Options = {
    subjects: 6,
    maxEvalInstances: 40,
    kills: 6,
    seed: 1,
    delayMs: 40,
    workers: 2,
    port: 17450,
    dataMirror: path.resolve(ROOT, '..', 'shared', 'data'),
    keep: false,
  };
  const ints: Record<string, keyof Options> = {
    '--subjects': 'subjects',
    '-m': 'maxEvalInstances',
    '--kills': 'kills',
    '--seed': 'seed',
    '--delay-ms': 'delayMs',
    '--workers': 'workers',
    '--port': 'port',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--keep') options.keep = true;
    else if (flag === '--data-mirror') options.dataMirror = path.resolve(argv[++i]);
    else if (flag in ints) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a non-negative integer`);
      (options as unknown as Record<string, number>)[ints[flag]] = value;
    } else throw new Error(`unknown flag ${flag} (see the header of scripts/soak.ts)`);
  }
  return options;
}

/** A small deterministic PRNG (mulberry32), so a seed reproduces the kill schedule. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Proc {
  child: ChildProcess;
  done: Promise<{ code: number | null; stderr: string }>;
}

function node(bin: string, args: string[], cwd: string): Proc {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', bin), ...args], {
    cwd,
    env: { ...process.env, HELM_LOG_FORMAT: 'json', HELM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return { child, done: new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr }))) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const random = prng(options.seed);
  const subjects = MMLU_SUBJECTS.slice(0, options.subjects);
  const expected = subjects.length * options.maxEvalInstances;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-soak-'));
  const serverState = path.join(root, 'server_state');
  const fake = await startFakeModelProcess(0);
  const address = (await startDevServer({ localPath: serverState, port: options.port })).address;
  const conf = `entries: [\n${subjects.map((s) => `  {description: "mmlu:subject=${s},model=${MODEL}", priority: 1}`).join(',\n')}\n]\n`;
  const prepare = (name: string): string => {
    const work = path.join(root, name);
    fs.mkdirSync(work, { recursive: true });
    fs.writeFileSync(path.join(work, 'run_entries.conf'), conf);
    writeProdEnv(path.join(work, 'prod_env'), fake.baseUrl);
    return work;
  };
  const helmRunArgs = (suite: string) => [
    '--conf-paths', 'run_entries.conf', '--suite', suite, '-m', String(options.maxEvalInstances),
    '--data-mirror', options.dataMirror, '--temporal-address', address,
    '--max-concurrent-runs', '2', '--num-threads', '2', '--request-batch-size', '8',
  ];
  const workerArgs = ['--temporal-address', address, '--max-concurrent-model-batches', '4'];
  const started = Date.now();
  const workers: Proc[] = [];
  const kills: Array<Record<string, unknown>> = [];
  let ok = false;
  try {
    // Reference: no faults.
    const refWork = prepare('reference');
    const refWorker = node('helm-worker.js', workerArgs, refWork);
    const ref = await node('helm-run.js', helmRunArgs('reference'), refWork).done;
    refWorker.child.kill('SIGTERM');
    await refWorker.done;
    if (ref.code !== 0) throw new Error(`reference run failed: ${ref.stderr}`);
    const refStats = await fake.stats();
    await fake.reset();
    const referenceSeconds = (Date.now() - started) / 1000;

    // Faulted suite.
    await fake.setDelay(options.delayMs);
    const work = prepare('soak');
    for (let i = 0; i < options.workers; i++) workers.push(node('helm-worker.js', workerArgs, work));
    let client = node('helm-run.js', helmRunArgs('soak'), work);
    let clientExit: { code: number | null; stderr: string } | undefined;
    const faultStart = Date.now();
    for (let k = 0; k < options.kills; k++) {
      const before = (await fake.stats()).calls;
      const gap = 3 + Math.floor(random() * Math.max(1, expected / (options.kills + 1)));
      while ((await fake.stats()).calls < before + gap && clientExit === undefined) {
        await sleep(50);
        clientExit = await Promise.race([client.done, sleep(0).then(() => undefined)]);
      }
      if (clientExit !== undefined && clientExit.code === 0) break;
      const target = (['worker', 'server', 'helm-run'] as const)[Math.floor(random() * 3)];
      const atKill = await fake.stats();
      if (target === 'worker') {
        const index = Math.floor(random() * workers.length);
        workers[index].child.kill('SIGKILL');
        await workers[index].done;
        workers[index] = node('helm-worker.js', workerArgs, work);
      } else if (target === 'server') {
        const pid = devServerStatus(serverState)?.pid;
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
        while (devServerStatus(serverState) !== undefined) await sleep(50);
        await startDevServer({ localPath: serverState, port: options.port });
      } else {
        client.child.kill('SIGKILL');
        await client.done;
      }
      // A helm-run that was killed, or lost its server, is re-run: the same command attaches.
      const exited = target === 'helm-run' ? { code: null, stderr: '' } : await Promise.race([client.done, sleep(0).then(() => undefined)]);
      if (exited !== undefined) {
        client = node('helm-run.js', helmRunArgs('soak'), work);
        clientExit = undefined;
      }
      const line = { kill: k + 1, target, secondsIntoSuite: (Date.now() - faultStart) / 1000, callsAtKill: atKill.calls, inFlightAtKill: atKill.inFlight };
      kills.push(line);
      process.stdout.write(`kill ${JSON.stringify(line)}\n`);
    }
    await fake.setDelay(0);
    let result = await client.done;
    // The last kill may have cost helm-run its connection: attach once more.
    if (result.code !== 0) result = await node('helm-run.js', helmRunArgs('soak'), work).done;
    const faultSeconds = (Date.now() - faultStart) / 1000;
    if (result.code !== 0) throw new Error(`soak suite failed: ${result.stderr}`);

    const stats: FakeModelStats = await fake.stats();
    const refOut = path.join(root, 'reference', 'benchmark_output');
    const out = path.join(work, 'benchmark_output');
    const differing: string[] = [];
    let cached = 0;
    for (const run of runDirs(refOut, 'reference')) {
      for (const file of RUN_FILES) {
        const ours = path.join(out, 'runs', 'soak', run, file);
        if (!fs.existsSync(ours) || comparableRunFile(ours) !== comparableRunFile(path.join(refOut, 'runs', 'reference', run, file))) {
          differing.push(`${run}/${file}`);
        }
      }
      cached += (fs.readFileSync(path.join(out, 'runs', 'soak', run, 'scenario_state.json'), 'utf8').match(/"cached": true/g) ?? []).length;
    }
    const summary = {
      runs: subjects.length,
      requests: expected,
      kills: kills.length,
      killsByTarget: Object.fromEntries(['worker', 'server', 'helm-run'].map((t) => [t, kills.filter((k) => k.target === t).length])),
      referenceSeconds,
      faultedSeconds: faultSeconds,
      referenceCalls: refStats.calls,
      modelCalls: stats.calls,
      distinctCalls: stats.distinct,
      repeatedCalls: stats.repeated,
      maxCallsPerRequest: stats.maxPerBody,
      abandonedCalls: stats.abandoned,
      cachedResults: cached,
      differingFiles: differing,
    };
    process.stdout.write(`SOAK_JSON ${JSON.stringify(summary)}\n`);
    ok = differing.length === 0 && stats.distinct === expected && refStats.distinct === expected;
    return ok ? 0 : 1;
  } finally {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await stopDevServer(serverState);
    await fake.stop();
    if (!options.keep && ok) fs.rmSync(root, { recursive: true, force: true });
    else process.stdout.write(`work folder kept: ${root}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
