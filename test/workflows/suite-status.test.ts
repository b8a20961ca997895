import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cancelSuite } from '../../client/cancel-suite';
import type { TemporalSession } from '../../client/session';
import { startOrAttach, stuckReason } from '../../client/suite-control';
import { suiteMemo } from '../../client/suite-identity';
import { RUN_FILES } from '../../core/outputs/paths';
import { HELM_RUNS_DONE, HELM_RUNS_FAILED, HELM_RUNS_TOTAL, HELM_STATUS, HELM_SUITE } from '../../infra/search-attributes';
import { createHelmWorkers, runHelmWorkers } from '../../workers/worker';
import { SUITE_RUNS_FAILED, embeddedTaskQueue, suiteWorkflowId, type SuiteResult, type SuiteWorkflowInput } from '../../workflows/types';
import { SHARED_DATA, tempDir, testPort } from '../helpers/paths';
import { startSuite, startTestServer, suiteInput, type TestServer } from '../helpers/temporal';

const ANATOMY = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1';
const PHILOSOPHY = 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1';
const ASTRONOMY = 'mmlu:subject=astronomy,method=multiple_choice_joint,model=simple_model1';
const entry = (subject: string) => `mmlu:subject=${subject},model=simple/model1`;

/** Runs `hook` before every activity, with the activity type and the run it belongs to. */
function beforeActivities(hook: (type: string, runName: string | undefined) => Promise<void>) {
  return () => ({
    inbound: {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const run = input.args[0] as { runName?: string } | undefined;
        await hook(Context.current().info.activityType, run?.runName);
        return next(input);
      },
    } satisfies ActivityInboundCallsInterceptor,
  });
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** An output folder whose MMLU data has a broken astronomy file: that run fails, the others complete. */
function outputWithBrokenAstronomy(root: string): string {
  const output = path.join(root, 'benchmark_output');
  const data = path.join(output, 'scenarios', 'mmlu', 'data');
  fs.cpSync(path.join(SHARED_DATA, 'mmlu'), data, { recursive: true });
  fs.appendFileSync(path.join(data, 'test', 'astronomy_test.csv'), 'broken,row\n');
  return output;
}

describe('suite status, failures and faults on a real Temporal server', () => {
  let work: string;
  let temporal: TestServer;

  beforeAll(async () => {
    work = tempDir('suite-status');
    temporal = await startTestServer(work, testPort(17283));
  });

  afterAll(async () => {
    await temporal?.stop();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('search attributes follow the runs as they finish; a failed run fails the suite with its result, readable without a worker', async () => {
    const root = path.join(work, 'status');
    const input: SuiteWorkflowInput = suiteInput(root, 'status', [entry('anatomy'), entry('philosophy'), entry('astronomy')], { maxConcurrentRuns: 1 }, 5);
    input.paths.outputPath = outputWithBrokenAstronomy(root);
    const handle = await startSuite(temporal.client, input);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { workers, context } = await createHelmWorkers({
      connection: await temporal.workerConnection(),
      namespace: 'default',
      workerOptions: {
        interceptors: {
          activity: [
            beforeActivities(async (type, runName) => {
              // The second run waits until the test has seen the first one counted.
              if (type === 'prepareRun' && runName === PHILOSOPHY) await held;
            }),
          ],
        },
      },
    });
    const running = runHelmWorkers(workers, context);
    try {
      let seen: { status?: string; done?: number; total?: number } = {};
      for (let i = 0; i < 600 && seen.done !== 1; i++) {
        const attributes = (await handle.describe()).typedSearchAttributes;
        seen = { status: attributes.get(HELM_STATUS), done: attributes.get(HELM_RUNS_DONE), total: attributes.get(HELM_RUNS_TOTAL) };
        if (seen.done !== 1) await new Promise((r) => setTimeout(r, 100));
      }
      // Mid-suite, while the second run is held: the first run is counted.
      expect(seen).toEqual({ status: 'running', done: 1, total: 3 });
      release();
      const failure = await handle.result().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect(cause.type).toBe(SUITE_RUNS_FAILED);
      expect(cause.message).toBe(`1 of 3 runs failed: ${ASTRONOMY}`);
      expect(cause.details?.[0]).toMatchObject({ runsTotal: 3, runsCompleted: 2, runsFailed: 1, failed: [{ runName: ASTRONOMY }] });
    } finally {
      release();
      workers.forEach((w) => w.shutdown());
      await running;
    }
    // No worker runs now: the execution still says what happened.
    const description = await handle.describe();
    expect(description.status.name).toBe('FAILED');
    const attributes = description.typedSearchAttributes;
    expect({
      suite: attributes.get(HELM_SUITE),
      status: attributes.get(HELM_STATUS),
      total: attributes.get(HELM_RUNS_TOTAL),
      done: attributes.get(HELM_RUNS_DONE),
      failed: attributes.get(HELM_RUNS_FAILED),
    }).toEqual({ suite: 'status', status: 'completed with failures', total: 3, done: 2, failed: 1 });
    // run_specs.json was written before the suite failed.
    const specs = JSON.parse(fs.readFileSync(path.join(input.paths.outputPath, 'runs', 'status', 'run_specs.json'), 'utf8')) as Array<{ name: string }>;
    expect(specs.map((s) => s.name)).toEqual([ANATOMY, PHILOSOPHY]);
  });

  it('a full disk while writing a run’s files fails the run at once, naming the file, leaves no partial or temporary file, and a rerun completes', async () => {
    const root = path.join(work, 'disk-full');
    const input = suiteInput(root, 'disk-full', [entry('anatomy')], {}, 5);
    const output = input.paths.outputPath;
    // The disk fills up halfway through per_instance_stats.json, written in the run's work folder
    // (run files are written once there, then moved into the run folder).
    const opened = new Map<number, string>();
    const realOpen = fs.openSync;
    const realWrite = fs.writeFileSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      const fd = (realOpen as (...a: unknown[]) => number)(file, ...rest);
      opened.set(fd, String(file));
      return fd;
    }) as typeof fs.openSync);
    vi.spyOn(fs, 'writeFileSync').mockImplementation(((target: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
      const name = typeof target === 'number' ? opened.get(target) : String(target);
      if (name?.includes(`${path.sep}work${path.sep}disk-full${path.sep}`) && /per_instance_stats\.json\.tmp-/.test(name)) {
        realWrite(target, typeof data === 'string' ? data.slice(0, data.length / 2) : data);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      }
      return (realWrite as (...a: unknown[]) => void)(target, data, ...rest);
    }) as typeof fs.writeFileSync);
    const attempts: string[] = [];
    const { workers, context } = await createHelmWorkers({
      connection: await temporal.workerConnection(),
      namespace: 'default',
      workerOptions: { interceptors: { activity: [beforeActivities(async (type) => void attempts.push(type))] } },
    });
    const running = runHelmWorkers(workers, context);
    const runFolder = path.join(output, 'runs', 'disk-full', ANATOMY);
    try {
      const failure = await (await startSuite(temporal.client, input)).result().then(
        () => undefined,
        (error: unknown) => error as WorkflowFailedError,
      );
      const result = ((failure?.cause as ApplicationFailure).details?.[0] ?? {}) as SuiteResult;
      expect(result.runsFailed).toBe(1);
      const message = result.failed[0].error;
      expect(message).toContain(path.join(output, 'work', 'disk-full'));
      expect(message).toContain(path.join(ANATOMY, 'per_instance_stats.json'));
      expect(message).toMatch(/no space left on the device \(ENOSPC\)/);
      expect(message).toMatch(/run the same command again/);
      // Not retried: one finishRun attempt.
      expect(attempts.filter((a) => a === 'finishRun')).toHaveLength(1);
      // None of the five files (no run folder holding four of five), and no temporary file anywhere.
      expect(RUN_FILES.filter((f) => fs.existsSync(path.join(runFolder, f)))).toEqual([]);
      expect(filesUnder(output).filter((f) => /\.tmp-/.test(f))).toEqual([]);

      // Space is back: the same suite again completes and leaves nothing behind.
      vi.restoreAllMocks();
      expect(await (await startSuite(temporal.client, input)).result()).toMatchObject({ runsCompleted: 1, runsFailed: 0 });
      expect(fs.readdirSync(runFolder).sort()).toEqual([...RUN_FILES].sort());
      expect(filesUnder(output).filter((f) => /\.tmp-/.test(f))).toEqual([]);
      // The failed execution's work folder was removed by the new one.
      expect(fs.readdirSync(path.join(output, 'work', 'disk-full'))).toEqual([]);
    } finally {
      workers.forEach((w) => w.shutdown());
      await running;
    }
  });

  it('an execution that cannot make progress is named, refused instead of attached to, and terminated by cancel', async () => {
    const suite = 'stuck';
    const taskQueue = embeddedTaskQueue(suite);
    // An input the workflow cannot read: every workflow task fails (as after an incompatible upgrade).
    await temporal.client.workflow.start('suiteWorkflow', {
      taskQueue,
      workflowId: suiteWorkflowId(suite),
      args: [{}],
      typedSearchAttributes: [{ key: HELM_SUITE, value: suite }],
    });
    const { workers, context } = await createHelmWorkers({ connection: await temporal.workerConnection(), namespace: 'default', taskQueue, roles: ['cpu'] });
    const running = runHelmWorkers(workers, context);
    const session: TemporalSession = {
      client: temporal.client,
      settings: { address: temporal.server.address, namespace: 'default' },
      embedded: true,
      describeLink: (id) => id,
      serverAlive: () => true,
      startWorker: async () => undefined,
      close: async () => undefined,
    };
    try {
      let reason: string | undefined;
      for (let i = 0; i < 240 && !reason; i++) {
        reason = await stuckReason(temporal.client, suite);
        if (!reason) await new Promise((r) => setTimeout(r, 500));
      }
      expect(reason).toMatch(/the workflow task of helm:stuck has failed \d+ times/);
      const input = suiteInput(path.join(work, 'stuck'), suite, [entry('anatomy')]);
      const attach = startOrAttach(session, input, suiteMemo(input, input.entries, ['simple/model1']), pino({ level: 'silent' }));
      await expect(attach).rejects.toThrow(/Suite stuck has an execution \(run [\w-]+\) that cannot make progress: .*Stop it with `helm-suite cancel stuck`/);
      expect(await cancelSuite(session, suite, pino({ level: 'silent' }))).toBe(0);
      expect((await temporal.client.workflow.getHandle(suiteWorkflowId(suite)).describe()).status.name).toBe('TERMINATED');
    } finally {
      workers.forEach((w) => w.shutdown());
      await running;
    }
  });
});
