import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonJsonParse } from '../../core/common/python-json';
import type { ScenarioState } from '../../core/adaptation/schemas';
import { createHelmWorkers, runHelmWorkers } from '../../workers/worker';
import { runWorkflowId, shardWorkflowId, type SuiteResult } from '../../workflows/types';
import { goldenRunDir, normalisedJson } from '../helpers/golden';
import { GOLDEN_HELM, SHARED_DATA, tempDir, testPort } from '../helpers/paths';
import { startSuite, startTestServer, suiteInput, type TestServer } from '../helpers/temporal';

const PHILOSOPHY = 'mmlu:subject=philosophy,model=simple/model1';
const ANATOMY = 'mmlu:subject=anatomy,model=simple/model1';
const PHILOSOPHY_RUN = 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1';
const ANATOMY_RUN = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1';

/** What `inbound` does before (or instead of) running an activity. */
type Intercept = (activityType: string, attempt: number, input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) => Promise<unknown>;

function interceptor(intercept: Intercept) {
  return () => ({
    inbound: {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const { activityType, attempt } = Context.current().info;
        return intercept(activityType, attempt, input, next);
      },
    } satisfies ActivityInboundCallsInterceptor,
  });
}

function expectSameAsHelm(work: string, suite: string): void {
  const golden = goldenRunDir(path.join(GOLDEN_HELM, 'philosophy_m10'));
  const ours = path.join(work, 'benchmark_output', 'runs', suite, PHILOSOPHY_RUN);
  for (const file of ['run_spec.json', 'scenario.json', 'scenario_state.json', 'stats.json', 'per_instance_stats.json']) {
    expect(normalisedJson(path.join(ours, file)), file).toBe(normalisedJson(path.join(golden, file)));
  }
}

function cachedFlags(work: string, suite: string, runName: string): unknown[] {
  const file = path.join(work, 'benchmark_output', 'runs', suite, runName, 'scenario_state.json');
  return (pythonJsonParse(fs.readFileSync(file, 'utf8')) as ScenarioState).request_states.map((s) => s.result?.cached);
}

/** Activity types of a workflow's history, in the order they were scheduled. */
async function scheduledActivities(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes?.activityType?.name ? [e.activityTaskScheduledEventAttributes.activityType.name] : []));
}

async function childWorkflowIds(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => (e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId ? [e.startChildWorkflowExecutionInitiatedEventAttributes.workflowId] : []));
}

describe('small runs grouped into one activity (--small-run-group-size) on a real Temporal server', () => {
  let work: string;
  let temporal: TestServer;

  beforeAll(async () => {
    work = tempDir('small-runs');
    temporal = await startTestServer(work, testPort(17493));
  });

  afterAll(async () => {
    await temporal?.stop();
  });

  async function runSuite(suite: string, overrides: Parameters<typeof suiteInput>[3], intercept?: Intercept, entries = [PHILOSOPHY, ANATOMY]): Promise<SuiteResult> {
    const { workers, context } = await createHelmWorkers({
      connection: await temporal.workerConnection(),
      namespace: 'default',
      workerOptions: intercept ? { interceptors: { activity: [interceptor(intercept)] } } : undefined,
    });
    const running = runHelmWorkers(workers, context);
    try {
      // Each suite its own request cache: every call is a first call, as in HELM's golden files.
      const handle = await startSuite(temporal.client, suiteInput(work, suite, entries, overrides, 10, path.join(work, `prod_env_${suite}`)));
      return (await handle.result()) as SuiteResult;
    } finally {
      workers.forEach((w) => w.shutdown());
      await running;
    }
  }

  const shard = (suite: string): WorkflowHandle => temporal.client.workflow.getHandle(shardWorkflowId(suite, 0));

  it('runs small runs in runSmallRuns activities, with no RunWorkflow, and writes the same files as HELM', async () => {
    const result = await runSuite('grouped', { smallRunGroupSize: 16 });
    expect(result).toMatchObject({ runsTotal: 2, runsCompleted: 2, runsFailed: 0 });
    expect(await childWorkflowIds(shard('grouped'))).toEqual([]);
    // Two runs and four lanes: a group of one each, so that both run at once.
    expect(await scheduledActivities(shard('grouped'))).toEqual(['readPlannedRuns', 'runSmallRuns', 'runSmallRuns']);
    expectSameAsHelm(work, 'grouped');
    expect(cachedFlags(work, 'grouped', ANATOMY_RUN)).toEqual(Array(10).fill(false));
  });

  it('resumes a group after a transient fault without redoing its finished run or repeating a model call', async () => {
    // One lane and five runs: groups of two ([philosophy, anatomy], …); the first group is cut short.
    const five = [PHILOSOPHY, ANATOMY, 'mmlu:subject=astronomy,model=simple/model1', 'mmlu:subject=virology,model=simple/model1', 'mmlu:subject=sociology,model=simple/model1'];
    let cut = false;
    const result = await runSuite('resumed', { smallRunGroupSize: 16, maxConcurrentRuns: 1 }, async (type, _attempt, input, next) => {
      const [, names] = input.args as [unknown, string[]];
      if (type === 'runSmallRuns' && !cut && names[0] === PHILOSOPHY_RUN) {
        cut = true;
        expect(names).toEqual([PHILOSOPHY_RUN, ANATOMY_RUN]);
        // The first attempt finishes the first run, then dies.
        const [paths, runNames, options] = input.args as [unknown, string[], unknown];
        await next({ ...input, args: [paths, runNames.slice(0, 1), options] });
        throw new Error('injected transient fault after the first run');
      }
      return next(input);
    }, five);
    expect(result).toMatchObject({ runsCompleted: 5, runsFailed: 0 });
    expect(await scheduledActivities(shard('resumed'))).toEqual(['readPlannedRuns', 'runSmallRuns', 'runSmallRuns', 'runSmallRuns']);
    expectSameAsHelm(work, 'resumed');
    // Both runs' requests reached the model once: a repeat would have been a cache hit.
    expect(cachedFlags(work, 'resumed', PHILOSOPHY_RUN)).toEqual(Array(10).fill(false));
    expect(cachedFlags(work, 'resumed', ANATOMY_RUN)).toEqual(Array(10).fill(false));
  });

  it('hands runs with more requests than one batch to RunWorkflows of their own', async () => {
    // 10 requests per run, batches of 4: neither run is small.
    const result = await runSuite('deferred', { smallRunGroupSize: 16, requestBatchSize: 4 });
    expect(result).toMatchObject({ runsCompleted: 2, runsFailed: 0 });
    expect((await childWorkflowIds(shard('deferred'))).sort()).toEqual([runWorkflowId('deferred', ANATOMY_RUN), runWorkflowId('deferred', PHILOSOPHY_RUN)]);
    expectSameAsHelm(work, 'deferred');
  });

  it('falls back to a RunWorkflow per run when the group fails as a whole', async () => {
    const result = await runSuite('fallback', { smallRunGroupSize: 16 }, async (type, _attempt, input, next) => {
      if (type === 'runSmallRuns') throw ApplicationFailure.nonRetryable('injected permanent fault of the group');
      return next(input);
    });
    expect(result).toMatchObject({ runsCompleted: 2, runsFailed: 0 });
    expect(await childWorkflowIds(shard('fallback'))).toHaveLength(2);
    expectSameAsHelm(work, 'fallback');
  });

  it('fails only the run whose data is broken, names it, and completes the others', async () => {
    // A suite with its own output folder, whose MMLU anatomy file has a broken row.
    const root = path.join(work, 'broken');
    const data = path.join(root, 'benchmark_output', 'scenarios', 'mmlu', 'data');
    fs.cpSync(path.join(SHARED_DATA, 'mmlu'), data, { recursive: true, dereference: true });
    fs.appendFileSync(path.join(data, 'test', 'anatomy_test.csv'), 'broken,row\n');
    const { workers, context } = await createHelmWorkers({ connection: await temporal.workerConnection(), namespace: 'default' });
    const running = runHelmWorkers(workers, context);
    let error: unknown;
    try {
      const handle = await startSuite(temporal.client, suiteInput(root, 'one-bad', [ANATOMY, PHILOSOPHY], { smallRunGroupSize: 16 }, 10));
      await handle.result();
    } catch (e) {
      error = e;
    } finally {
      workers.forEach((w) => w.shutdown());
      await running;
    }
    // The suite fails with SuiteRunsFailed naming anatomy; philosophy completes.
    expect(String((error as Error | undefined)?.cause ?? error)).toMatch(/1 of 2 runs failed: mmlu:subject=anatomy/);
    expect(await scheduledActivities(temporal.client.workflow.getHandle(shardWorkflowId('one-bad', 0)))).toEqual(['readPlannedRuns', 'runSmallRuns', 'runSmallRuns']);
    expect(fs.existsSync(path.join(root, 'benchmark_output', 'runs', 'one-bad', PHILOSOPHY_RUN, 'per_instance_stats.json'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'benchmark_output', 'runs', 'one-bad', ANATOMY_RUN, 'stats.json'))).toBe(false);
  });
});
