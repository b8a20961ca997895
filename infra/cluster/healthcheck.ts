import os from 'node:os';
import { ArgumentParser } from '../../client/argparse';
import { connectClient, temporalSettings } from '../../client/temporal-connection';

/**
 * Container health probe for helm-worker (docker-compose healthcheck, Kubernetes liveness probe):
 * healthy when the Temporal server lists a poller of this host on the worker's task queue, i.e.
 * the worker here is connected and taking work — not merely that its process exists.
 */
export type TaskQueueKind = 'workflow' | 'activity';

/** Temporal's TaskQueueType enum values (temporal.api.enums.v1). */
const TASK_QUEUE_TYPE: Record<TaskQueueKind, 1 | 2> = { workflow: 1, activity: 2 };

/** The SDK's default worker identity is `<pid>@<hostname>`; a container's hostname is its own. */
export function hostIsPolling(pollers: ReadonlyArray<{ identity?: string | null }>, hostname: string): boolean {
  return pollers.some((p) => typeof p.identity === 'string' && p.identity.endsWith(`@${hostname}`));
}

const parser = new ArgumentParser({
  prog: 'helm-worker-healthcheck',
  description: 'Exits 0 when a worker on this host polls the task queue (connection settings as helm-worker).',
  flags: [
    { names: ['--task-queue'], dest: 'taskQueue', kind: 'string', required: true, metavar: 'QUEUE', help: 'Task queue the worker serves' },
    { names: ['--task-queue-type'], dest: 'taskQueueType', kind: 'string', choices: ['workflow', 'activity'], default: 'workflow', metavar: 'TYPE', help: 'workflow (role cpu) or activity (role models)' },
    { names: ['--hostname'], dest: 'hostname', kind: 'string', metavar: 'NAME', help: 'Host whose worker to look for (default: this one)' },
  ],
});

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args = parser.parseOrExit(argv);
  if (!args) return 0;
  const settings = temporalSettings(process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233', undefined);
  const connection = await connectClient(settings);
  try {
    const response = await connection.workflowService.describeTaskQueue({
      namespace: settings.namespace,
      taskQueue: { name: args.taskQueue as string },
      taskQueueType: TASK_QUEUE_TYPE[args.taskQueueType as TaskQueueKind],
    });
    const hostname = (args.hostname as string | undefined) ?? os.hostname();
    if (hostIsPolling(response.pollers ?? [], hostname)) return 0;
    process.stderr.write(`no worker of host ${hostname} polls task queue ${args.taskQueue as string} (${args.taskQueueType as string})\n`);
    return 1;
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`healthcheck: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
