import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteWorkflowInput } from '../../workflows/types';
import { startDevServer, stopDevServer } from '../../infra/dev-server';
import { startLocalPostgres, type LocalPostgres } from '../../infra/local-postgres';
import { postgresSkipReason } from '../helpers/postgres';
import { startFakeModelProcess, writeFakeModelProdEnv, type FakeModelProcess, type FakeModelStats } from '../helpers/fake-model-server';
import { runCli } from '../helpers/cli';
import { PROJECT_ROOT, tempDir, testPort } from '../helpers/paths';
import {
  CONCURRENCY_FLAGS,
  EXPECTED_REQUESTS,
  MAX_IN_FLIGHT,
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
 * The PostgreSQL request cache on a cluster of workers: a real PostgreSQL server (initdb + pg_ctl,
 * started here), a real Temporal dev server, helm-worker processes that each stand for a host
 * (their own --local-path, so their own SQLite files if they had no shared cache) and a fake
 * model in its own process that counts every call. Outputs are compared with an uninterrupted run
 * on the default SQLite cache.
 */

const skipReason = postgresSkipReason('shared-cache durability tests');

const SERVER_PORT = testPort(17460);
const SLOW_MS = 120;
const KILL_AFTER_CALLS = 20;
const HELM_CACHE_BIN = path.join(PROJECT_ROOT, 'bin', 'helm-cache.js');

function report(name: string, figures: Record<string, unknown>): void {
  process.stdout.write(`SHARED-CACHE ${name} ${JSON.stringify(figures)}\n`);
}

function pick(stats: FakeModelStats): Omit<FakeModelStats, 'repeatedPrompts'> {
  const { repeatedPrompts: _, ...rest } = stats;
  return rest;
}

describe.skipIf(skipReason !== undefined)('a request cache shared by every worker, on PostgreSQL', () => {
  let root: string;
  let fake: FakeModelProcess;
  let pg: LocalPostgres;
  let address: string;
  let connection: Connection;
  const workers: Spawned[] = [];
  const serverState = () => path.join(root, 'server_state');
  const reference = () => path.join(root, 'reference', 'benchmark_output');

  /** A worker process standing for one host: its own prod_env (the fake model's deployment, its own cache folder). */
  const startHost = (cwd: string, host: string, extra: string[] = []): Spawned => {
    const localPath = path.join(root, 'hosts', host, 'prod_env');
    writeFakeModelProdEnv(localPath, fake.baseUrl);
    const worker = spawnWorker(address, cwd, ['--local-path', localPath, '--max-concurrent-model-batches', String(MAX_IN_FLIGHT), ...extra]);
    workers.push(worker);
    return worker;
  };
  /** SIGTERM (drain), SIGKILL after 15 s: no worker outlives its test to serve the next one's suite. */
  const stopWorkers = async (): Promise<void> => {
    for (const worker of workers.splice(0)) {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) continue;
      worker.child.kill('SIGTERM');
      const timer = setTimeout(() => worker.child.kill('SIGKILL'), 15_000);
      await worker.done;
      clearTimeout(timer);
    }
  };
  const hostCacheFiles = (): string[] =>
    fs.existsSync(path.join(root, 'hosts'))
      ? fs.readdirSync(path.join(root, 'hosts')).flatMap((host) => {
          const dir = path.join(root, 'hosts', host, 'prod_env', 'cache');
          return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => `${host}/${f}`) : [];
        })
      : [];

  function expectSameFiles(outputPath: string, suite: string): void {
    expect(runDirs(outputPath, suite)).toEqual(runDirs(reference(), 'reference'));
    for (const run of runDirs(reference(), 'reference')) {
      for (const file of RUN_FILES) {
        const ours = comparableRunFile(path.join(outputPath, 'runs', suite, run, file));
        expect(ours, `${run}/${file}`).toBe(comparableRunFile(path.join(reference(), 'runs', 'reference', run, file)));
      }
    }
  }

  /** Worker identities (pid@host) that ran request batches of a suite, from the run workflows' histories. */
  async function batchWorkers(suite: string): Promise<Set<string>> {
    const client = new Client({ connection });
    const identities = new Set<string>();
    for (const workflowId of runWorkflowIds(suite)) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const scheduled = new Map<string, string>();
      for (const event of history.events ?? []) {
        const attrs = event.activityTaskScheduledEventAttributes;
        if (attrs) scheduled.set(String(event.eventId), attrs.activityType?.name ?? '');
        const started = event.activityTaskStartedEventAttributes;
        if (started && scheduled.get(String(started.scheduledEventId)) === 'executeRequestBatch') identities.add(started.identity ?? '');
      }
    }
    return identities;
  }

  beforeAll(async () => {
    root = tempDir('shared-cache');
    fake = await startFakeModelProcess(0);
    pg = await startLocalPostgres();
    for (const db of ['shared', 'kill', 'restart']) await pg.createDatabase(db);
    address = (await startDevServer({ localPath: serverState(), port: SERVER_PORT })).address;
    connection = await Connection.connect({ address });
    // The reference: one worker on the default (SQLite) cache, nothing interrupted.
    const work = path.join(root, 'reference');
    prepareWork(work, fake.baseUrl);
    startHost(work, 'reference-host');
    const result = await spawnHelmRun(helmRunArgs('reference', ['--temporal-address', address, ...CONCURRENCY_FLAGS]), work).done;
    expect(result.code, result.stderr).toBe(0);
    await stopWorkers();
    expect(await fake.stats()).toMatchObject({ calls: EXPECTED_REQUESTS, repeated: 0 });
    // That worker's own --local-path held its cache.
    expect(hostCacheFiles()).toEqual(['reference-host/fake.sqlite']);
  });

  afterEach(stopWorkers);

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await connection?.close().catch(() => undefined);
    if (root) await stopDevServer(serverState());
    await fake?.stop();
    pg?.destroy();
  });

  it('three workers with different --local-paths: every request reaches the model once, and a second suite not at all', async () => {
    const url = pg.url('shared');
    const work = path.join(root, 'shared');
    prepareWork(work, fake.baseUrl);
    await fake.reset();
    await fake.setDelay(20);
    for (const host of ['host-a', 'host-b', 'host-c']) startHost(work, host, ['--cache-url', url]);
    const first = await spawnHelmRun(helmRunArgs('shared-1', ['--temporal-address', address, '--cache-url', url, ...CONCURRENCY_FLAGS]), work).done;
    expect(first.code, first.stderr).toBe(0);
    const afterFirst = await fake.stats();
    const spread = await batchWorkers('shared-1');
    // A second suite of the same entries, as a rerun on other hosts would be: all cache hits.
    const second = await spawnHelmRun(helmRunArgs('shared-2', ['--temporal-address', address, '--cache-url', url, ...CONCURRENCY_FLAGS]), work).done;
    expect(second.code, second.stderr).toBe(0);
    const afterSecond = await fake.stats();
    await fake.setDelay(0);
    const outputPath = path.join(work, 'benchmark_output');
    report('three-workers', { first: pick(afterFirst), afterSecond: pick(afterSecond), batchWorkers: spread.size, cachedSecond: cachedResults(outputPath, 'shared-2') });
    expect(afterFirst).toMatchObject({ calls: EXPECTED_REQUESTS, distinct: EXPECTED_REQUESTS, repeated: 0 });
    expect(afterSecond.calls).toBe(EXPECTED_REQUESTS);
    // The batches really were spread over several worker processes.
    expect(spread.size).toBeGreaterThan(1);
    expect(cachedResults(outputPath, 'shared-1')).toBe(0);
    expect(cachedResults(outputPath, 'shared-2')).toBe(EXPECTED_REQUESTS);
    // The suite's input names the cache without its password.
    const history = await new Client({ connection }).workflow.getHandle('helm:shared-1').fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const input = defaultPayloadConverter.fromPayload<SuiteWorkflowInput>(payload as NonNullable<typeof payload>);
    expect(input.options.requestCache).toBe(`postgres://helm@127.0.0.1:${pg.port}/shared`);
    expect(JSON.stringify(input)).not.toContain(pg.password);
    // No host wrote a SQLite cache: every model call went through PostgreSQL.
    expect(hostCacheFiles()).toEqual(['reference-host/fake.sqlite']);
    expectSameFiles(outputPath, 'shared-1');
    expectSameFiles(outputPath, 'shared-2');
    await stopWorkers();
  });

  it('kill -9 of a worker mid-suite: another host finishes it, repeating only the calls in flight at the kill', async () => {
    const url = pg.url('kill');
    const work = path.join(root, 'kill');
    prepareWork(work, fake.baseUrl);
    await fake.reset();
    await fake.setDelay(SLOW_MS);
    const victim = startHost(work, 'host-a', ['--cache-url', url]);
    startHost(work, 'host-b', ['--cache-url', url]);
    const run = spawnHelmRun(helmRunArgs('kill', ['--temporal-address', address, '--cache-url', url, ...CONCURRENCY_FLAGS]), work);
    await waitUntil('model calls', async () => (await fake.stats()).calls >= KILL_AFTER_CALLS);
    const victimPid = victim.child.pid ?? -1;
    await killHard(victim);
    const atKill = await fake.stats();
    await fake.setDelay(0);
    const stranded = watchStranded(connection, runWorkflowIds('kill'), victimPid);
    startHost(work, 'host-c', ['--cache-url', url]);
    const result = await run.done;
    const found = await stranded.stop();
    expect(result.code, result.stderr).toBe(0);
    const stats = await fake.stats();
    const outputPath = path.join(work, 'benchmark_output');
    report('worker-kill', { atKill: pick(atKill), final: pick(stats), stranded: found.length, cachedResults: cachedResults(outputPath, 'kill') });
    expect(requestCount(outputPath, 'kill')).toBe(EXPECTED_REQUESTS);
    expect(stats.distinct).toBe(EXPECTED_REQUESTS);
    // A repeat is a call the killed worker had in flight (its answer never reached the cache),
    // each at most once more; everything it had finished was a cache hit for host-c.
    expect(stats.repeated, JSON.stringify(stats.repeatedPrompts)).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(stats.maxPerBody).toBeLessThanOrEqual(2);
    expectSameFiles(outputPath, 'kill');
    await stopWorkers();
  });

  it('PostgreSQL restarted mid-suite (immediate stop, crash recovery): the suite completes, no call repeated', async () => {
    const url = pg.url('restart');
    const work = path.join(root, 'restart');
    prepareWork(work, fake.baseUrl);
    await fake.reset();
    await fake.setDelay(SLOW_MS);
    const a = startHost(work, 'host-a', ['--cache-url', url]);
    const b = startHost(work, 'host-b', ['--cache-url', url]);
    const run = spawnHelmRun(helmRunArgs('restart', ['--temporal-address', address, '--cache-url', url, ...CONCURRENCY_FLAGS]), work);
    await waitUntil('model calls', async () => (await fake.stats()).calls >= KILL_AFTER_CALLS);
    pg.restart('immediate');
    const atRestart = await fake.stats();
    await fake.setDelay(0);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const stats = await fake.stats();
    const outputPath = path.join(work, 'benchmark_output');
    // The same worker processes lived through it.
    for (const worker of [a, b]) expect(worker.child.exitCode).toBeNull();
    await stopWorkers();
    const logs = (await a.done).stderr + (await b.done).stderr;
    const retries = (logs.match(/request cache: (retry \d+|idle connection lost)/g) ?? []).length;
    report('postgres-restart', { atRestart: pick(atRestart), final: pick(stats), cachedResults: cachedResults(outputPath, 'restart'), cacheRetriesLogged: retries });
    expect(stats).toMatchObject({ calls: EXPECTED_REQUESTS, distinct: EXPECTED_REQUESTS, repeated: 0 });
    expectSameFiles(outputPath, 'restart');
  });

  it('a damaged SQLite cache on a worker fails its runs at once, naming the file and the fix; after helm-cache rebuild the rerun completes', async () => {
    const work = path.join(root, 'damaged');
    prepareWork(work, fake.baseUrl);
    const hostPath = path.join(root, 'hosts', 'host-d', 'prod_env');
    const file = path.join(hostPath, 'cache', 'fake.sqlite');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'this is not a SQLite database '.repeat(200));
    startHost(work, 'host-d');
    const args = helmRunArgs('damaged', ['--temporal-address', address, ...CONCURRENCY_FLAGS]);
    const failed = await spawnHelmRun(args, work).done;
    expect(failed.code).toBe(1);
    const output = failed.stdout + failed.stderr;
    expect(output).toContain(`Request cache ${file} is damaged`);
    expect(output).toContain(`npx helm-cache rebuild --local-path ${hostPath} --shard fake`);
    // Not retried: each request batch ran exactly one attempt.
    const client = new Client({ connection });
    for (const workflowId of runWorkflowIds('damaged')) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 0] : []));
      expect(Math.max(...attempts), workflowId).toBe(1);
    }
    const rebuild = await runCli(HELM_CACHE_BIN, ['rebuild', '--local-path', hostPath], { cwd: work });
    expect(rebuild.code, rebuild.stderr).toBe(0);
    const rerun = await spawnHelmRun(args, work).done;
    expect(rerun.code, rerun.stderr).toBe(0);
    expectSameFiles(path.join(work, 'benchmark_output'), 'damaged');
    await stopWorkers();
  });
});
