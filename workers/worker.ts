import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities, WorkerContext } from '../activities';
import { DEFAULT_MODEL_TASK_QUEUE, DEFAULT_TASK_QUEUE } from '../workflows/types';

export type WorkerRole = 'cpu' | 'models';

export interface HelmWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  modelTaskQueue?: string;
  /** `cpu`: workflows and scenario/adapt/metrics/output activities; `models`: request batches. */
  roles?: WorkerRole[];
  /** Concurrent request batches per worker (each batch calls the model sequentially). */
  maxConcurrentModelBatches?: number;
  /** Rate limit of the model task queue across all its workers (Temporal's task-queue rate limit). */
  maxModelBatchesPerSecond?: number;
  /** More model queues to poll (embedded mode: the routes of <local-path>/model_task_queues.yaml). */
  extraModelQueues?: Array<{ taskQueue: string; maxBatchesPerSecond?: number }>;
  logger?: Logger;
  /** This host's own --local-path (config, credentials, SQLite cache) instead of each suite's. */
  localPath?: string;
  /** Cache URLs given to this process (--cache-url); $HELM_CACHE_URL is added. They lend passwords to suites' caches. */
  cacheUrls?: Array<string | undefined>;
  /** Extra Temporal worker options for both workers, e.g. interceptors or shutdownGraceTime. */
  workerOptions?: Partial<Pick<WorkerOptions, 'interceptors' | 'shutdownGraceTime' | 'identity'>>;
}

/** The workflow bundle built by `npm run build`; bundling at start-up costs seconds per process. */
function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  const bundle = path.resolve(__dirname, '..', 'workflow-bundle.js');
  // From TypeScript sources (vitest) bundle afresh: a stale bundle must not shadow edited code.
  const runningCompiled = __filename.endsWith('.js');
  if (runningCompiled && fs.existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  const sources = path.resolve(__dirname, '..', 'workflows', runningCompiled ? 'index.js' : 'index.ts');
  return { workflowsPath: sources };
}

/**
 * Creates the workers of one process: by default both roles, as the embedded `helm-run` and a
 * plain `helm-worker` do; a fleet runs them separately (`helm-worker --role models` on GPU hosts).
 */
export async function createHelmWorkers(options: HelmWorkerOptions): Promise<{ workers: Worker[]; context: WorkerContext }> {
  const roles = options.roles ?? ['cpu', 'models'];
  const cacheUrls = [...(options.cacheUrls ?? []), process.env.HELM_CACHE_URL].filter((u): u is string => Boolean(u));
  const context = new WorkerContext(options.logger, { localPath: options.localPath, cacheUrls });
  const activities = createActivities(context);
  const workers: Worker[] = [];
  if (roles.includes('cpu')) {
    workers.push(
      await Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
        ...workflowSource(),
        activities: {
          expandRunEntries: activities.expandRunEntries,
          readPlannedRuns: activities.readPlannedRuns,
          prepareRun: activities.prepareRun,
          finishRun: activities.finishRun,
          runSmallRuns: activities.runSmallRuns,
          writeSuiteRunSpecs: activities.writeSuiteRunSpecs,
          summarizeSuite: activities.summarizeSuite,
        },
        maxConcurrentActivityTaskExecutions: 4,
        ...options.workerOptions,
      }),
    );
  }
  if (roles.includes('models')) {
    const queues = [
      { taskQueue: options.modelTaskQueue ?? DEFAULT_MODEL_TASK_QUEUE, maxBatchesPerSecond: options.maxModelBatchesPerSecond },
      ...(options.extraModelQueues ?? []),
    ];
    for (const queue of queues) {
      workers.push(
        await Worker.create({
          connection: options.connection,
          namespace: options.namespace,
          taskQueue: queue.taskQueue,
          activities: { executeRequestBatch: activities.executeRequestBatch },
          maxConcurrentActivityTaskExecutions: options.maxConcurrentModelBatches ?? 8,
          ...(queue.maxBatchesPerSecond ? { maxTaskQueueActivitiesPerSecond: queue.maxBatchesPerSecond } : {}),
          ...options.workerOptions,
        }),
      );
    }
  }
  return { workers, context };
}

/** Runs the workers until `signal` aborts (or one of them fails), then releases the context. */
export async function runHelmWorkers(workers: Worker[], context: WorkerContext, signal?: AbortSignal): Promise<void> {
  const onAbort = (): void => workers.forEach((w) => w.getState() === 'RUNNING' && w.shutdown());
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(workers.map((w) => w.run()));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await context.close();
  }
}
