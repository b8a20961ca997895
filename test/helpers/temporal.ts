import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startDevServer, stopDevServer, type DevServer } from '../../infra/dev-server';
import type { SuiteWorkflowInput } from '../../workflows/types';
import { suiteWorkflowId, DEFAULT_TASK_QUEUE } from '../../workflows/types';
import { SHARED_DATA } from './paths';

/** A real Temporal dev server (our launcher, our search attributes) for one test file. */
export interface TestServer {
  server: DevServer;
  client: Client;
  connection: Connection;
  workerConnection(): Promise<NativeConnection>;
  stop(): Promise<void>;
}

export async function startTestServer(work: string, port: number): Promise<TestServer> {
  const localPath = path.join(work, 'prod_env');
  const server = await startDevServer({ localPath, port });
  const connection = await Connection.connect({ address: server.address });
  const opened: NativeConnection[] = [];
  return {
    server,
    connection,
    client: new Client({ connection }),
    async workerConnection() {
      const c = await NativeConnection.connect({ address: server.address });
      opened.push(c);
      return c;
    },
    async stop() {
      await Promise.all(opened.map((c) => c.close().catch(() => undefined)));
      await connection.close();
      await stopDevServer(localPath);
    },
  };
}

export function suiteInput(
  work: string,
  suite: string,
  descriptions: string[],
  overrides: Partial<SuiteWorkflowInput['options']> = {},
  maxEvalInstances = 10,
  localPath = path.join(work, 'prod_env'),
): SuiteWorkflowInput {
  return {
    paths: { outputPath: path.join(work, 'benchmark_output'), localPath, suite },
    entries: descriptions.map((description) => ({ description, priority: 1, groups: null })),
    expansion: { maxEvalInstances },
    options: {
      numThreads: 4,
      maxConcurrentRuns: 4,
      requestBatchSize: 256,
      skipCompletedRuns: false,
      exitOnError: false,
      dryRun: false,
      disableCache: false,
      dataMirror: SHARED_DATA,
      modelTaskQueue: 'helm-models',
      ...overrides,
    },
  };
}

export function startSuite(client: Client, input: SuiteWorkflowInput) {
  return client.workflow.start('suiteWorkflow', {
    taskQueue: DEFAULT_TASK_QUEUE,
    workflowId: suiteWorkflowId(input.paths.suite),
    args: [input],
  });
}
