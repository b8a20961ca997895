/**
 * Records the workflow histories test/replay/replay.test.ts replays against the current workflow
 * code, so that a change that would break resuming a suite already in flight fails the tests.
 *
 *   npm run build && node dist/scripts/record-replay-histories.js [--data-mirror ../shared/data]
 *       [--out test/replay/histories/<version>] [--temporal-port PORT]
 *
 * It runs three small MMLU suites (simple/model1) on a fresh Temporal dev server with an
 * in-process worker and writes every workflow's history (suite, shard, runs, summarize) as JSON,
 * with an index, into a folder named after package.json's version (replaced if it exists; the
 * folders of earlier versions stay, and every one of them is replayed):
 *   - failed-run: two runs, one failing on corrupt data, the other's prepareRun failing once with a
 *     transient error and retried; the suite summarizes, then fails with SuiteRunsFailed;
 *   - in-flight: a suite caught while a request batch is in progress (the state a suite is in when
 *     helm-ts is upgraded under it);
 *   - cancelled: that suite cancelled while the batch is still in progress;
 *   - grouped: small runs in runSmallRuns groups (--small-run-group-size), the first group failing
 *     once with a transient error and retried, and one larger run handed to a RunWorkflow.
 * Re-record only on purpose (see README, "Changing workflow code"): the old histories are what
 * in-flight suites of the previous version look like.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { NativeConnection, type ActivityExecuteInput, type ActivityInboundCallsInterceptor, type Next } from '@temporalio/worker';
import { startDevServer, stopDevServer } from '../infra/dev-server';
import { HELM_STATUS, HELM_SUITE } from '../infra/search-attributes';
import { createHelmWorkers, runHelmWorkers } from '../workers/worker';
import { DEFAULT_TASK_QUEUE, suiteWorkflowId, type SuiteWorkflowInput } from '../workflows/types';

interface Options {
  dataMirror: string;
  out: string;
  port?: number;
}

/** One recorded history, as the index lists it. */
export interface RecordedHistory {
  case: string;
  file: string;
  workflowId: string;
  workflowType: string;
  /** How the execution had ended when it was recorded (RUNNING for a snapshot in flight). */
  status: string;
  events: number;
}

function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'bin', 'helm-run.js'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`bin/helm-run.js not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

function parseArgs(argv: string[]): Options {
  const root = projectRoot();
  const options: Options = {
    dataMirror: process.env.HELM_DATA_MIRROR ?? path.resolve(root, '..', 'shared', 'data'),
    out: path.join(root, 'test', 'replay', 'histories', (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version),
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--data-mirror') options.dataMirror = path.resolve(value);
    else if (argv[i] === '--out') options.out = path.resolve(value);
    else if (argv[i] === '--temporal-port') options.port = Number(value);
    else throw new Error(`unknown argument ${argv[i]} (see the comment at the top of scripts/record-replay-histories.ts)`);
    i++;
  }
  if (!fs.existsSync(path.join(options.dataMirror, 'mmlu'))) throw new Error(`no MMLU data under ${options.dataMirror} (give --data-mirror)`);
  return options;
}

/** A free port P with P+1000 (the dev server's Web UI) free too. */
async function freePort(): Promise<number> {
  const listen = (port: number) =>
    new Promise<net.Server | undefined>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await listen(0);
    if (!first) continue;
    const port = (first.address() as net.AddressInfo).port;
    const ui = port + 1000 <= 65535 ? await listen(port + 1000) : undefined;
    await new Promise((r) => first.close(r));
    if (ui) {
      await new Promise((r) => ui.close(r));
      return port;
    }
  }
  throw new Error('no free port pair found');
}

function input(work: string, suite: string, subjects: string[], dataMirror: string, summarize: boolean): SuiteWorkflowInput {
  return {
    paths: { outputPath: path.join(work, 'benchmark_output'), localPath: path.join(work, 'prod_env'), suite },
    entries: subjects.map((s) => ({ description: `mmlu:subject=${s},model=simple/model1`, priority: 1, groups: null })),
    expansion: { maxEvalInstances: 4 },
    options: {
      numThreads: 2,
      maxConcurrentRuns: 2,
      requestBatchSize: 2,
      skipCompletedRuns: false,
      exitOnError: false,
      dryRun: false,
      disableCache: false,
      dataMirror,
      modelTaskQueue: 'helm-models',
      summarize,
    },
  };
}

/** Every workflow of a suite: the suite itself, its shards, runs and summarize workflow. */
async function suiteWorkflows(client: Client, suite: string): Promise<Array<{ workflowId: string; runId: string; type: string; status: string }>> {
  const out: Array<{ workflowId: string; runId: string; type: string; status: string }> = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId STARTS_WITH 'helm:${suite}'` })) {
    out.push({ workflowId: execution.workflowId, runId: execution.runId, type: execution.type, status: execution.status.name });
  }
  // Suite first, then shards, runs and summarize, each group by id: a stable index.
  const rank = (id: string) => (id === suiteWorkflowId(suite) ? 0 : id.includes('#shard-') ? 1 : id.includes('/') ? 2 : 3);
  return out.sort((a, b) => rank(a.workflowId) - rank(b.workflowId) || a.workflowId.localeCompare(b.workflowId));
}

/**
 * A history as JSON: protobufjs's object form of @temporalio/proto's History (int64 and bytes as
 * strings, enums by name), read back with History.fromObject. (The SDK's historyToJSON/FromJSON
 * cannot be used: in this install @temporalio/common and @temporalio/proto load two copies of
 * protobufjs, and protojson refuses the other copy's types.)
 */
export function historyToObject(history: temporal.api.history.v1.IHistory): Record<string, unknown> {
  const History = temporal.api.history.v1.History;
  return History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
}

async function record(client: Client, suite: string, caseName: string, outDir: string): Promise<RecordedHistory[]> {
  const recorded: RecordedHistory[] = [];
  const workflows = await suiteWorkflows(client, suite);
  for (const [i, workflow] of workflows.entries()) {
    const history = await client.workflow.getHandle(workflow.workflowId, workflow.runId).fetchHistory();
    const file = path.join(caseName, `${String(i).padStart(2, '0')}-${workflow.type}.json`);
    fs.mkdirSync(path.join(outDir, caseName), { recursive: true });
    fs.writeFileSync(path.join(outDir, file), `${JSON.stringify(historyToObject(history), null, 1)}\n`);
    recorded.push({ case: caseName, file, workflowId: workflow.workflowId, workflowType: workflow.type, status: workflow.status, events: history.events?.length ?? 0 });
  }
  return recorded;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-record-'));
  const localPath = path.join(work, 'prod_env');
  const port = options.port ?? (await freePort());
  const server = await startDevServer({ localPath, port });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const workerConnection = await NativeConnection.connect({ address: server.address });

  // Fault injection and holds, by activity type and run.
  let failedOnce = false;
  let groupFailedOnce = false;
  let releaseBatch: () => void = () => undefined;
  const batchHeld = new Promise<void>((resolve) => (releaseBatch = resolve));
  let batchStarted = false;
  const interceptor = () => ({
    inbound: {
      async execute(activityInput: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const { activityType, workflowExecution } = Context.current().info;
        const workflowId = workflowExecution?.workflowId ?? '';
        if (activityType === 'prepareRun' && workflowId.startsWith('helm:failed-run/mmlu:subject=anatomy') && !failedOnce) {
          failedOnce = true;
          throw ApplicationFailure.retryable('connection reset while reading the scenario (injected by record-replay-histories)', 'InjectedTransientFault');
        }
        if (activityType === 'runSmallRuns' && workflowId.startsWith('helm:grouped#') && !groupFailedOnce) {
          groupFailedOnce = true;
          throw ApplicationFailure.retryable('connection reset (injected by record-replay-histories)', 'InjectedTransientFault');
        }
        if (activityType === 'executeRequestBatch' && workflowId.startsWith('helm:in-flight/')) {
          batchStarted = true;
          // Held until the suite is cancelled (the cancellation reaches the activity as it ends).
          await batchHeld;
        }
        return next(activityInput);
      },
    } satisfies ActivityInboundCallsInterceptor,
  });
  const { workers, context } = await createHelmWorkers({
    connection: workerConnection,
    namespace: 'default',
    workerOptions: { interceptors: { activity: [interceptor] } },
  });
  const running = runHelmWorkers(workers, context);
  const start = (suiteInput: SuiteWorkflowInput): Promise<WorkflowHandle> =>
    client.workflow.start('suiteWorkflow', {
      taskQueue: DEFAULT_TASK_QUEUE,
      workflowId: suiteWorkflowId(suiteInput.paths.suite),
      args: [suiteInput],
      typedSearchAttributes: [
        { key: HELM_SUITE, value: suiteInput.paths.suite },
        { key: HELM_STATUS, value: 'starting' },
      ],
    });

  const recorded: RecordedHistory[] = [];
  fs.rmSync(options.out, { recursive: true, force: true });
  try {
    // failed-run: corrupt astronomy data fails that run; anatomy's prepareRun is retried once.
    const failedInput = input(path.join(work, 'failed'), 'failed-run', ['anatomy', 'astronomy'], options.dataMirror, true);
    const data = path.join(failedInput.paths.outputPath, 'scenarios', 'mmlu', 'data');
    fs.cpSync(path.join(options.dataMirror, 'mmlu'), data, { recursive: true });
    fs.appendFileSync(path.join(data, 'test', 'astronomy_test.csv'), 'broken,row\n');
    const failed = await start(failedInput);
    const outcome = await failed.result().then(
      () => 'completed',
      (error: unknown) => (error as Error).message,
    );
    if (outcome === 'completed' || !failedOnce) throw new Error(`failed-run: expected a failed suite with one retried activity, got ${outcome}`);
    recorded.push(...(await record(client, 'failed-run', 'failed-run', options.out)));

    // in-flight, then cancelled: one run whose first request batch is held.
    const inFlight = await start(input(path.join(work, 'in-flight'), 'in-flight', ['philosophy'], options.dataMirror, false));
    await waitFor('a request batch in progress', () => batchStarted);
    // Let the workflow tasks that scheduled the batch complete: the snapshot then ends where a
    // suite waiting on its model calls is (its ActivityTaskStarted comes only when the batch ends).
    await new Promise((r) => setTimeout(r, 2_000));
    recorded.push(...(await record(client, 'in-flight', 'in-flight', options.out)));
    // Cancelled with the batch still in progress: the cancellation reaches the run (its batch is
    // abandoned, as the activities' TRY_CANCEL says), the shard and the suite.
    await inFlight.cancel();
    await inFlight.result().catch(() => undefined);
    await waitFor('every workflow of the cancelled suite closed', async () => (await suiteWorkflows(client, 'in-flight')).every((w) => w.status !== 'RUNNING'));
    releaseBatch();
    recorded.push(...(await record(client, 'in-flight', 'cancelled', options.out)));
    const statuses = recorded.filter((r) => r.case === 'cancelled').map((r) => r.status);
    if (!statuses.every((status) => status === 'CANCELLED')) throw new Error(`cancelled: expected every workflow cancelled, got ${statuses.join(', ')}`);

    // grouped: one lane, five runs of 4 requests in groups of two, and one run of 8 (two train
    // trials) that is larger than a batch of 4 and so gets a RunWorkflow.
    const groupedInput = input(path.join(work, 'grouped'), 'grouped', ['anatomy', 'astronomy', 'philosophy', 'sociology', 'virology'], options.dataMirror, false);
    groupedInput.entries.push({ description: 'mmlu:subject=nutrition,model=simple/model1,num_train_trials=2', priority: 1, groups: null });
    groupedInput.options = { ...groupedInput.options, maxConcurrentRuns: 1, requestBatchSize: 4, smallRunGroupSize: 16 };
    const grouped = await start(groupedInput);
    await grouped.result();
    recorded.push(...(await record(client, 'grouped', 'grouped', options.out)));
    const groupedTypes = recorded.filter((r) => r.case === 'grouped').map((r) => r.workflowType);
    if (!groupFailedOnce || groupedTypes.filter((t) => t === 'runWorkflow').length !== 1) {
      throw new Error(`grouped: expected one retried group and one RunWorkflow, got ${groupedTypes.join(', ')}`);
    }
  } finally {
    releaseBatch();
    workers.forEach((w) => w.shutdown());
    await running.catch(() => undefined);
    await workerConnection.close();
    await connection.close();
    await stopDevServer(localPath);
    fs.rmSync(work, { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(options.out, 'index.json'), `${JSON.stringify(recorded, null, 2)}\n`);
  for (const r of recorded) process.stdout.write(`${r.case.padEnd(11)} ${r.workflowType.padEnd(17)} ${r.status.padEnd(10)} ${String(r.events).padStart(4)} events  ${r.workflowId}\n`);
  process.stdout.write(`${recorded.length} histories written to ${options.out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`record-replay-histories: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
