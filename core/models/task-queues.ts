import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';

/**
 * `<local-path>/model_task_queues.yaml` (helm-ts's own file, beside HELM's registry files): which
 * task queue a deployment's model calls go to, and how many request batches per second that queue
 * may start across ALL workers (Temporal's task-queue rate limit) — e.g. one queue per API provider.
 *
 *   model_task_queues:
 *     - task_queue: helm-models-openai
 *       deployments: ["openai/*"]
 *       max_batches_per_second: 2
 */
export const ModelTaskQueueRoute = z.object({
  task_queue: z.string().min(1),
  deployments: z.array(z.string().min(1)).min(1),
  max_batches_per_second: z.number().positive().optional(),
});
export type ModelTaskQueueRoute = z.infer<typeof ModelTaskQueueRoute>;

export const ModelTaskQueuesFile = z.object({ model_task_queues: z.array(ModelTaskQueueRoute).default([]) });

export const MODEL_TASK_QUEUES_FILE = 'model_task_queues.yaml';

export function loadModelTaskQueues(localPath: string): ModelTaskQueueRoute[] {
  const file = path.join(localPath, MODEL_TASK_QUEUES_FILE);
  if (!fs.existsSync(file)) return [];
  const parsed = ModelTaskQueuesFile.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HelmInputError(`${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data.model_task_queues;
}

/** `openai/*` matches every deployment of host openai; otherwise names must be equal. */
function matches(pattern: string, deployment: string): boolean {
  return pattern.endsWith('*') ? deployment.startsWith(pattern.slice(0, -1)) : pattern === deployment;
}

/** The task queue for a deployment's model calls: the first matching route, else the default. */
export function modelTaskQueueFor(routes: ModelTaskQueueRoute[], deployment: string, defaultQueue: string): string {
  return routes.find((route) => route.deployments.some((p) => matches(p, deployment)))?.task_queue ?? defaultQueue;
}
