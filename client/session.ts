import { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { devServerStatus, startDevServer } from '../infra/dev-server';
import { ensureSearchAttributes } from '../infra/ensure-search-attributes';
import { SEARCH_ATTRIBUTES } from '../infra/search-attributes';
import { loadModelTaskQueues } from '../core/models/task-queues';
import { createHelmWorkers, runHelmWorkers } from '../workers/worker';
import { UserFacingError } from './cli-runner';
import { installTemporalLogging } from './temporal-logging';
import { connectClient, connectWorker, temporalSettings, type TemporalSettings } from './temporal-connection';

export interface SessionOptions {
  /** An existing server; without it the embedded dev server of `localPath` is started or reused. */
  temporalAddress?: string;
  namespace?: string;
  /** Port of the embedded dev server; given, it must match the one already running for localPath. */
  temporalPort?: number;
  localPath: string;
  modelTaskQueue: string;
  /** Cache URLs (with passwords) the in-process worker may open suites' shared caches with. */
  cacheUrls?: Array<string | undefined>;
  logger: Logger;
  /** JSON logs: keep the SDK's short fields (workflow ids…) as attributes. */
  structuredLogs?: boolean;
}

/** A connection to Temporal for one CLI invocation, plus the in-process worker of embedded mode. */
export interface TemporalSession {
  client: Client;
  settings: TemporalSettings;
  embedded: boolean;
  uiUrl?: string;
  /** Where a person can watch a workflow. */
  describeLink(workflowId: string): string;
  /** Embedded mode: false once the dev server this session started or reused has died. */
  serverAlive(): boolean;
  /**
   * Embedded mode: starts the in-process worker on the suite's workflow task queue (and the model
   * queues), so this process works on that suite only. No-op with a server of your own.
   */
  startWorker(taskQueue: string): Promise<void>;
  close(): Promise<void>;
}

export async function openSession(options: SessionOptions): Promise<TemporalSession> {
  const { logger } = options;
  installTemporalLogging(logger, { workflowLogsAsDebug: true, structured: options.structuredLogs });
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
  const missing = await ensureSearchAttributes(connection, settings.namespace).catch(() => [] as string[]);
  if (missing.length > 0) {
    await connection.close();
    throw new UserFacingError(
      `The Temporal namespace ${settings.namespace} at ${address} lacks helm-ts's search attributes ${missing.map((n) => `${n} (${SEARCH_ATTRIBUTES[n]})`).join(', ')}, ` +
        'and this client may not add them. Register them once (infra/cluster/k8s/register-search-attributes.sh, or ' +
        '`temporal operator search-attribute create --name NAME --type TYPE`), then run the command again.',
    );
  }
  const client = new Client({ connection, namespace: settings.namespace });
  const abort = new AbortController();
  let workersDone: Promise<void> | undefined;
  return {
    client,
    settings,
    embedded,
    uiUrl,
    serverAlive: () => !embedded || devServerStatus(options.localPath) !== undefined,
    describeLink: (workflowId) =>
      uiUrl
        ? `${uiUrl}/namespaces/${settings.namespace}/workflows/${encodeURIComponent(workflowId)}`
        : `workflow ${workflowId} (namespace ${settings.namespace} at ${address})`,
    async startWorker(taskQueue: string) {
      if (!embedded || workersDone) return;
      const workerConnection = await connectWorker(settings);
      // The in-process worker also serves the queues model_task_queues.yaml routes deployments to.
      const routes = loadModelTaskQueues(options.localPath).filter((r) => r.task_queue !== options.modelTaskQueue);
      const { workers, context } = await createHelmWorkers({
        connection: workerConnection,
        namespace: settings.namespace,
        taskQueue,
        modelTaskQueue: options.modelTaskQueue,
        extraModelQueues: routes.map((r) => ({ taskQueue: r.task_queue, maxBatchesPerSecond: r.max_batches_per_second })),
        cacheUrls: options.cacheUrls,
        logger,
      });
      workersDone = runHelmWorkers(workers, context, abort.signal).finally(() => workerConnection.close());
      // A worker that stops on its own (server gone) must not take the process down with it.
      workersDone.catch(() => undefined);
    },
    async close() {
      abort.abort();
      await workersDone?.catch((error: unknown) => logger.debug(`In-process worker stopped with an error: ${String(error)}`));
      await connection.close();
    },
  };
}
