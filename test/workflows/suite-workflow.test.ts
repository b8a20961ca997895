import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonJsonParse } from '../../core/common/python-json';
import type { ScenarioState } from '../../core/adaptation/schemas';
import { liveProgress } from '../../client/suite-progress';
import { createHelmWorkers, runHelmWorkers } from '../../workers/worker';
import type { SuiteProgress, SuiteResult } from '../../workflows/types';
import { goldenRunDir, normalisedJson } from '../helpers/golden';
import { GOLDEN_HELM, tempDir, testPort } from '../helpers/paths';
import { startSuite, startTestServer, suiteInput, type TestServer } from '../helpers/temporal';

const PHILOSOPHY = 'mmlu:subject=philosophy,model=simple/model1';
const RUN_NAME = 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1';

type Hook = (activityType: string, attempt: number, args: unknown[]) => Promise<void>;

/** An activity interceptor that runs `hook` before every activity (to inject faults). */
function faultInjector(hook: Hook) {
  return () => ({
    inbound: {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const { activityType, attempt } = Context.current().info;
        await hook(activityType, attempt, input.args);
        return next(input);
      },
    } satisfies ActivityInboundCallsInterceptor,
  });
}

function expectSameAsHelm(work: string, suite: string): void {
  const golden = goldenRunDir(path.join(GOLDEN_HELM, 'philosophy_m10'));
  const ours = path.join(work, 'benchmark_output', 'runs', suite, RUN_NAME);
  for (const file of ['run_spec.json', 'scenario.json', 'scenario_state.json', 'stats.json', 'per_instance_stats.json']) {
    expect(normalisedJson(path.join(ours, file)), file).toBe(normalisedJson(path.join(golden, file)));
  }
}

function scenarioState(work: string, suite: string): ScenarioState {
  const file = path.join(work, 'benchmark_output', 'runs', suite, RUN_NAME, 'scenario_state.json');
  return pythonJsonParse(fs.readFileSync(file, 'utf8')) as ScenarioState;
}

describe('SuiteWorkflow on a real Temporal server', () => {
  let work: string;
  let temporal: TestServer;

  beforeAll(async () => {
    work = tempDir('workflows');
    temporal = await startTestServer(work, testPort(17243));
  });

  afterAll(async () => {
    await temporal?.stop();
  });

  it('retries activities that fail transiently and produces the same files as HELM', async () => {
    const failures: string[] = [];
    const { workers, context } = await createHelmWorkers({
      connection: await temporal.workerConnection(),
      namespace: 'default',
      workerOptions: {
        interceptors: {
          activity: [
            faultInjector(async (type, attempt) => {
              if ((type === 'prepareRun' || type === 'executeRequestBatch') && attempt === 1) {
                failures.push(type);
                throw new Error(`injected transient fault in ${type}`);
              }
            }),
          ],
        },
      },
    });
    const running = runHelmWorkers(workers, context);
    try {
      const handle = await startSuite(temporal.client, suiteInput(work, 'flaky', [PHILOSOPHY], { requestBatchSize: 4 }));
      const result = (await handle.result()) as SuiteResult;
      expect(result).toMatchObject({ runsTotal: 1, runsCompleted: 1, runsFailed: 0, failed: [] });
      // prepareRun once, and each of the three request batches of 10 requests once.
      expect(failures.filter((f) => f === 'prepareRun')).toHaveLength(1);
      expect(failures.filter((f) => f === 'executeRequestBatch')).toHaveLength(3);
      const progress = await handle.query<SuiteProgress>('progress');
      expect(progress).toMatchObject({ stage: 'done', runsTotal: 1, finished: { runsDone: 1, runsFailed: 0, requestsTotal: 10, requestsDone: 10 } });
    } finally {
      workers.forEach((w) => w.shutdown());
      await running;
    }
    expectSameAsHelm(work, 'flaky');
  });

  it('finishes a run after its worker is stopped mid-run and another one starts, without repeating model calls', async () => {
    let release: (() => void) | undefined;
    const batchStarted: number[] = [];
    const first = await createHelmWorkers({
      connection: await temporal.workerConnection(),
      namespace: 'default',
      workerOptions: {
        shutdownGraceTime: '1s',
        interceptors: {
          activity: [
            faultInjector(async (type, _attempt, args) => {
              if (type !== 'executeRequestBatch') return;
              const batch = args[1] as { index: number };
              batchStarted.push(batch.index);
              // The second batch hangs until this worker goes away.
              if (batch.index === 1) {
                await new Promise<void>((resolve) => {
                  release = resolve;
                  Context.current().cancellationSignal.addEventListener('abort', () => resolve());
                });
                Context.current().cancellationSignal.throwIfAborted();
              }
            }),
          ],
        },
      },
    });
    const firstRunning = runHelmWorkers(first.workers, first.context);
    const handle = await startSuite(
      temporal.client,
      // Its own request cache, so that every call of this suite is a first call.
      suiteInput(work, 'restart', [PHILOSOPHY], { requestBatchSize: 3, numThreads: 1 }, 10, path.join(work, 'prod_env_restart')),
    );
    const deadline = Date.now() + 60_000;
    while (!batchStarted.includes(1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(batchStarted).toContain(1);
    const midway = await liveProgress(temporal.client, 'restart');
    expect(midway).toMatchObject({ runsTotal: 1, runsDone: 0, requestsTotal: 10, requestsDone: 3 });

    first.workers.forEach((w) => w.shutdown());
    await firstRunning;
    release?.();

    const second = await createHelmWorkers({ connection: await temporal.workerConnection(), namespace: 'default' });
    const secondRunning = runHelmWorkers(second.workers, second.context);
    try {
      const result = (await handle.result()) as SuiteResult;
      expect(result.failed).toEqual([]);
    } finally {
      second.workers.forEach((w) => w.shutdown());
      await secondRunning;
    }
    expectSameAsHelm(work, 'restart');
    // Every request reached the model exactly once: a repeat would have been a cache hit.
    expect(scenarioState(work, 'restart').request_states.map((s) => s.result?.cached)).toEqual(Array(10).fill(false));
  });

  it('reads run entries from a file when the suite passes them that way (large suites)', async () => {
    // Its own request cache, so that results are first calls as in HELM's golden files.
    const input = suiteInput(work, 'from-file', [PHILOSOPHY], {}, 10, path.join(work, 'prod_env_from_file'));
    const file = path.join(work, 'entries.json');
    fs.writeFileSync(file, JSON.stringify({ entries: input.entries }));
    const { workers, context } = await createHelmWorkers({ connection: await temporal.workerConnection(), namespace: 'default' });
    const running = runHelmWorkers(workers, context);
    try {
      const handle = await startSuite(temporal.client, { ...input, entries: [], entriesFile: file });
      expect(await handle.result()).toMatchObject({ runsCompleted: 1, runsFailed: 0 });
    } finally {
      workers.forEach((w) => w.shutdown());
      await running;
    }
    expectSameAsHelm(work, 'from-file');
  });

  it('runs what it can and records each run of a scenario class helm-ts lacks as failed', async () => {
    const piqa = 'commonsense:dataset=piqa,method=multiple_choice_joint,model=simple/model1';
    const input = suiteInput(work, 'unimplemented', [PHILOSOPHY, piqa], {}, 10, path.join(work, 'prod_env_unimplemented'));
    const { workers, context } = await createHelmWorkers({ connection: await temporal.workerConnection(), namespace: 'default' });
    const running = runHelmWorkers(workers, context);
    let error: unknown;
    try {
      await (await startSuite(temporal.client, input)).result();
    } catch (e) {
      error = e;
    } finally {
      workers.forEach((w) => w.shutdown());
      await running;
    }
    // The suite fails (SuiteRunsFailed) with the piqa run named; philosophy completed.
    const cause = (error as { cause?: { message: string; details?: unknown[] } }).cause;
    expect(cause?.message).toBe('1 of 2 runs failed: commonsense:dataset=piqa,method=multiple_choice_joint,model=simple_model1');
    expect(cause?.details?.[0]).toMatchObject({
      runsCompleted: 1,
      runsFailed: 1,
      failed: [
        {
          runName: 'commonsense:dataset=piqa,method=multiple_choice_joint,model=simple_model1',
          error: 'scenario class helm.benchmark.scenarios.commonsense_scenario.PiqaScenario is not implemented in helm-ts yet',
        },
      ],
    });
    expectSameAsHelm(work, 'unimplemented');
  });
});
