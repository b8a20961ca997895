import { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { startDevServer } from '../infra/dev-server';
import { loadModelTaskQueues } from '../core/models/task-queues';
import { createHelmWorkers, runHelmWorkers } from '../workers/worker';
import { installTemporalLogging } from './logger';
import { connectClient, connectWorker, temporalSettings, type TemporalSettings } from './temporal-connection';

export interface SessionOptions {
  /** An existing server; without it the embedded dev server of `localPath` is started or reused. */
  temporalAddress?: string;
  namespace?: string;
  temporalPort: number;
  localPath: string;
  modelTaskQueue: string;
  /** Run an in-process worker (embedded mode only: with a server of your own, helm-worker does the work). */
  withWorker: boolean;
  /** Cache URLs (with passwords) the in-process worker may open suites' shared caches with. */
  cacheUrls?: Array<string | undefined>;
  logger: Logger;
}

/** A connection to Temporal for one CLI invocation, plus the in-process worker of embedded mode. */
export interface TemporalSession {
  client: Client;
  settings: TemporalSettings;
  embedded: boolean;
  uiUrl?: string;
  /** Where a person can watch a workflow. */
  describeLink(workflowId: string): string;
  close(): Promise<void>;
}

export async function openSession(options: SessionOptions): Promise<TemporalSession> {
  const { logger } = options;
  installTemporalLogging(logger);
  const embedded = options.temporalAddress === undefined;
  let address = options.temporalAddress as string;
  let uiUrl: string | undefined;
  if (embedded) {
    const server = await startDevServer({ localPath: options.localPath, port: options.temporalPort, log: (m) => logger.info(m) });
    address = server.address;
    uiUrl = server.uiUrl;
    logger.info(`${server.reused ? 'Reusing' : 'Started'} the embedded Temporal dev server at ${address}`);
  }
  const settings = temporalSettings(address, options.namespace);
  const connection = await connectClient(settings);
  const client = new Client({ connection, namespace: settings.namespace });
  const abort = new AbortController();
  let workersDone: Promise<void> | undefined;
  if (embedded && options.withWorker) {
    const workerConnection = await connectWorker(settings);
    // The in-process worker also serves the queues model_task_queues.yaml routes deployments to.
    const routes = loadModelTaskQueues(options.localPath).filter((r) => r.task_queue !== options.modelTaskQueue);
    const { workers, context } = await createHelmWorkers({
      connection: workerConnection,
      namespace: settings.namespace,
      modelTaskQueue: options.modelTaskQueue,
      extraModelQueues: routes.map((r) => ({ taskQueue: r.task_queue, maxBatchesPerSecond: r.max_batches_per_second })),
      cacheUrls: options.cacheUrls,
      logger,
    });
    workersDone = runHelmWorkers(workers, context, abort.signal).finally(() => workerConnection.close());
  }
  return {
    client,
    settings,
    embedded,
    uiUrl,
    describeLink: (workflowId) =>
      uiUrl
        ? `${uiUrl}/namespaces/${settings.namespace}/workflows/${encodeURIComponent(workflowId)}`
        : `workflow ${workflowId} (namespace ${settings.namespace} at ${address})`,
    async close() {
      abort.abort();
      await workersDone?.catch((error: unknown) => logger.error(`Worker stopped with an error: ${String(error)}`));
      await connection.close();
    },
  };
}
