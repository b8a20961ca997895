import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devServerStatus, startDevServer, stopDevServer } from '../../infra/dev-server';
import { startFakeModelProcess, type FakeModelProcess, type FakeModelStats } from '../helpers/fake-model-server';
import { tempDir, testPort } from '../helpers/paths';
import {
  CONCURRENCY_FLAGS,
  EXPECTED_REQUESTS,
  MAX_IN_FLIGHT,
  MAX_UNWRITTEN_RESULTS,
  RUN_FILES,
  cachedResults,
  comparableRunFile,
  helmRunArgs,
  killHard,
  prepareWork,
  requestCount,
  runDirs,
  runWorkflowIds,
  spawnHelmRun,
  spawnWorker,
  waitUntil,
  type Spawned,
} from './harness';
import { watchStranded } from './stranded';

/**
 * kill -9 of each moving part while a suite runs, against a real Temporal dev server, real
 * helm-run / helm-worker processes and a fake OpenAI-compatible model in its own process. Each
 * faulted suite must end with the same five files per run as an uninterrupted reference run, and
 * the model must have seen every request, none twice except calls in flight at the kill.
 */

const SERVER_PORT = testPort(17400);
const EMBEDDED_PORT = testPort(17401);
const CONCURRENT_PORT = testPort(17402);
/** Per-request model latency while faults are injected, so kills land mid-batch. */
const SLOW_MS = 120;
/** Kill once this many of the suite's 60 model calls were made. */
const KILL_AFTER_CALLS = 20;

function expectSameFiles(reference: string, outputPath: string, suite: string): void {
  expect(runDirs(outputPath, suite)).toEqual(runDirs(reference, 'reference'));
  for (const run of runDirs(reference, 'reference')) {
    for (const file of RUN_FILES) {
      const ours = comparableRunFile(path.join(outputPath, 'runs', suite, run, file));
      expect(ours, `${run}/${file}`).toBe(comparableRunFile(path.join(reference, 'runs', 'reference', run, file)));
    }
  }
}

/** Model-side and file-side accounting after a faulted suite. */
function expectModelCalls(stats: FakeModelStats, outputPath: string, suite: string): void {
  expect(requestCount(outputPath, suite)).toBe(EXPECTED_REQUESTS);
  // Every request reached the model…
  expect(stats.distinct).toBe(EXPECTED_REQUESTS);
  // …and a repeat only for calls in flight at the kill (at most MAX_IN_FLIGHT), each at most twice.
  expect(stats.repeated, JSON.stringify(stats.repeatedPrompts)).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  expect(stats.maxPerBody).toBeLessThanOrEqual(2);
  // A cache hit in a fresh cache is a call that finished before the kill but whose result line
  // was still buffered in the killed process (see MAX_UNWRITTEN_RESULTS).
  expect(cachedResults(outputPath, suite)).toBeLessThanOrEqual(MAX_UNWRITTEN_RESULTS);
}

function report(name: string, figures: Record<string, unknown>): void {
  process.stdout.write(`DURABILITY ${name} ${JSON.stringify(figures)}\n`);
}

describe('crash safety: kill -9 mid-suite, the suite completes with the uninterrupted run’s files', () => {
  let root: string;
  let fake: FakeModelProcess;
  let address: string;
  let connection: Connection;
  const serverState = () => path.join(root, 'server_state');
  const reference = () => path.join(root, 'reference', 'benchmark_output');
  const workers: Spawned[] = [];
  const startWorker = (cwd: string): Spawned => {
    const worker = spawnWorker(address, cwd, ['--max-concurrent-model-batches', String(MAX_IN_FLIGHT)]);
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    root = tempDir('durability');
    fake = await startFakeModelProcess(0);
    address = (await startDevServer({ localPath: serverState(), port: SERVER_PORT })).address;
    connection = await Connection.connect({ address });
    // The reference: same suite, same flags, nothing killed.
    const work = path.join(root, 'reference');
    prepareWork(work, fake.baseUrl);
    const worker = startWorker(work);
    const result = await spawnHelmRun(helmRunArgs('reference', ['--temporal-address', address, ...CONCURRENCY_FLAGS]), work).done;
    expect(result.code, result.stderr).toBe(0);
    worker.child.kill('SIGTERM');
    await worker.done;
    const stats = await fake.stats();
    await fake.reset();
    expect(stats).toMatchObject({ calls: EXPECTED_REQUESTS, distinct: EXPECTED_REQUESTS, repeated: 0 });
    expect(cachedResults(reference(), 'reference')).toBe(0);
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await connection?.close().catch(() => undefined);
    await stopDevServer(serverState());
    for (const dir of ['cli-kill', 'concurrent']) if (root) await stopDevServer(path.join(root, dir, 'prod_env'));
    await fake?.stop();
  });

  it('a helm-worker killed mid-batch: a new worker finishes the suite', async () => {
    const work = path.join(root, 'worker-kill');
    prepareWork(work, fake.baseUrl);
    await fake.reset();
    await fake.setDelay(SLOW_MS);
    const victim = startWorker(work);
    const run = spawnHelmRun(helmRunArgs('worker-kill', ['--temporal-address', address, ...CONCURRENCY_FLAGS]), work);
    await waitUntil('model calls', async () => (await fake.stats()).calls >= KILL_AFTER_CALLS);
    const victimPid = victim.child.pid ?? -1;
    await killHard(victim);
    const killedAt = Date.now();
    const atKill = await fake.stats();
    await fake.setDelay(0);
    const stranded = watchStranded(connection, runWorkflowIds('worker-kill'), victimPid);
    startWorker(work);
    const result = await run.done;
    const found = await stranded.stop();
    expect(result.code, result.stderr).toBe(0);
    expect(found.length).toBeGreaterThan(0); // the kill did strand the batches it was running
    const stats = await fake.stats();
    report('worker-kill', { secondsFromKillToDone: (Date.now() - killedAt) / 1000, atKill: pick(atKill), final: pick(stats), cachedResults: cachedResults(path.join(work, 'benchmark_output'), 'worker-kill'), stranded: found });
    expectModelCalls(stats, path.join(work, 'benchmark_output'), 'worker-kill');
    expectSameFiles(reference(), path.join(work, 'benchmark_output'), 'worker-kill');
  });

  it('the Temporal dev server killed mid-suite and restarted on its SQLite state: the suite completes', async () => {
    const work = path.join(root, 'server-kill');
    prepareWork(work, fake.baseUrl);
    await fake.reset();
    await fake.setDelay(SLOW_MS);
    // Workers and helm-run from the previous test may have finished; start one worker for this suite.
    const worker = startWorker(work);
    const args = helmRunArgs('server-kill', ['--temporal-address', address, ...CONCURRENCY_FLAGS]);
    const first = spawnHelmRun(args, work);
    await waitUntil('model calls', async () => (await fake.stats()).calls >= KILL_AFTER_CALLS);
    const pid = devServerStatus(serverState())?.pid;
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGKILL');
    await waitUntil('dev server gone', () => devServerStatus(serverState()) === undefined);
    const killedAt = Date.now();
    const atKill = await fake.stats();
    const restarted = await startDevServer({ localPath: serverState(), port: SERVER_PORT });
    expect(restarted.reused).toBe(false);
    await fake.setDelay(0);
    const firstResult = await first.done;
    // helm-run may lose its connection while the server is away; re-running the command attaches.
    const second = firstResult.code === 0 ? undefined : await spawnHelmRun(args, work).done;
    const workerAlive = worker.child.exitCode === null && worker.child.signalCode === null;
    const stats = await fake.stats();
    report('server-kill', {
      secondsFromKillToDone: (Date.now() - killedAt) / 1000,
      atKill: pick(atKill),
      final: pick(stats),
      firstHelmRunExit: firstResult.code,
      firstHelmRunError: firstResult.code === 0 ? undefined : firstResult.stderr.slice(-500),
      reRunExit: second?.code,
      workerSurvived: workerAlive,
      cachedResults: cachedResults(path.join(work, 'benchmark_output'), 'server-kill'),
    });
    expect((second ?? firstResult).code, (second ?? firstResult).stderr).toBe(0);
    // The same worker process reconnected and did the rest: no worker was restarted.
    expect(workerAlive).toBe(true);
    expectModelCalls(stats, path.join(work, 'benchmark_output'), 'server-kill');
    expectSameFiles(reference(), path.join(work, 'benchmark_output'), 'server-kill');
  });

  it('helm-run (embedded server, in-process worker) killed mid-run: the same command completes it', async () => {
    const work = path.join(root, 'cli-kill');
    prepareWork(work, fake.baseUrl);
    await fake.reset();
    await fake.setDelay(SLOW_MS);
    const args = helmRunArgs('cli-kill', ['--temporal-port', String(EMBEDDED_PORT), ...CONCURRENCY_FLAGS]);
    const first = spawnHelmRun(args, work);
    await waitUntil('model calls', async () => (await fake.stats()).calls >= KILL_AFTER_CALLS);
    const firstPid = first.child.pid ?? -1;
    await killHard(first);
    const killedAt = Date.now();
    const atKill = await fake.stats();
    await fake.setDelay(0);
    // The detached dev server outlives helm-run.
    expect(devServerStatus(path.join(work, 'prod_env'))).toBeDefined();
    const embedded = await Connection.connect({ address: `127.0.0.1:${EMBEDDED_PORT}` });
    const stranded = watchStranded(embedded, runWorkflowIds('cli-kill'), firstPid);
    const result = await spawnHelmRun(args, work).done;
    const found = await stranded.stop();
    await embedded.close();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Reusing the embedded Temporal dev server');
    const stats = await fake.stats();
    report('cli-kill', { secondsFromKillToDone: (Date.now() - killedAt) / 1000, atKill: pick(atKill), final: pick(stats), cachedResults: cachedResults(path.join(work, 'benchmark_output'), 'cli-kill'), stranded: found });
    expect(found.length).toBeGreaterThan(0);
    expectModelCalls(stats, path.join(work, 'benchmark_output'), 'cli-kill');
    expectSameFiles(reference(), path.join(work, 'benchmark_output'), 'cli-kill');
  });

  it('two concurrent helm-runs of one suite: one execution, every model call made exactly once', async () => {
    const work = path.join(root, 'concurrent');
    prepareWork(work, fake.baseUrl);
    await fake.reset();
    await fake.setDelay(SLOW_MS / 4);
    // The embedded server is started first so both helm-runs find it (starting it is serialised by
    // a lock in infra/dev-server.ts); this test is about attaching to one execution.
    await startDevServer({ localPath: path.join(work, 'prod_env'), port: CONCURRENT_PORT });
    const args = helmRunArgs('concurrent', ['--temporal-port', String(CONCURRENT_PORT), ...CONCURRENCY_FLAGS]);
    const [a, b] = await Promise.all([spawnHelmRun(args, work).done, spawnHelmRun(args, work).done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // One execution of the suite: whether the second saw it running or lost the start race, the
    // start request's USE_EXISTING conflict policy attaches it to the first.
    const connection = await Connection.connect({ address: `127.0.0.1:${CONCURRENT_PORT}` });
    try {
      let executions = 0;
      for await (const _ of new Client({ connection }).workflow.list({ query: `WorkflowId = "helm:concurrent"` })) executions++;
      expect(executions).toBe(1);
    } finally {
      await connection.close();
    }
    const stats = await fake.stats();
    report('concurrent', { final: pick(stats) });
    expect(stats).toMatchObject({ calls: EXPECTED_REQUESTS, distinct: EXPECTED_REQUESTS, repeated: 0, abandoned: 0 });
    // Nothing was killed, so not even the cached flags differ from the reference.
    for (const run of runDirs(reference(), 'reference')) {
      for (const file of RUN_FILES) {
        const ours = path.join(work, 'benchmark_output', 'runs', 'concurrent', run, file);
        expect(fs.existsSync(ours), ours).toBe(true);
      }
    }
    expect(cachedResults(path.join(work, 'benchmark_output'), 'concurrent')).toBe(0);
    expectSameFiles(reference(), path.join(work, 'benchmark_output'), 'concurrent');
  });
});

function pick(stats: FakeModelStats): Omit<FakeModelStats, 'repeatedPrompts'> & { repeatedPrompts: number } {
  return { ...stats, repeatedPrompts: stats.repeatedPrompts.length };
}
