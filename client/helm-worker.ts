import path from 'node:path';
import { ArgumentParser } from './argparse';
import { cacheUrlFlag, cacheUrlOf, verifyCacheUrl } from './cache-options';
import { HelmInputError } from '../core/common/errors';
import { createLogger, installTemporalLogging } from './logger';
import { connectWorker, temporalSettings, TemporalUnreachableError } from './temporal-connection';
import { createHelmWorkers, runHelmWorkers, type WorkerRole } from '../workers/worker';
import { DEFAULT_MODEL_TASK_QUEUE, DEFAULT_TASK_QUEUE } from '../workflows/types';

const parser = new ArgumentParser({
  prog: 'helm-worker',
  description:
    'A helm-ts worker process for a Temporal server started elsewhere: runs suite/run workflows and the ' +
    'scenario, adaptation and metrics activities (role cpu) and/or the model-calling request batches (role models). ' +
    'Start as many as you like; they share the work. Workers must see the same --output-path as the suites they ' +
    'serve (a shared disk for a fleet), and their --local-path (by default each suite\'s own).',
  flags: [
    { names: ['--temporal-address'], dest: 'temporalAddress', kind: 'string', metavar: 'HOST:PORT', help: 'Temporal frontend address. Env: TEMPORAL_ADDRESS (default 127.0.0.1:7233)' },
    { names: ['--namespace'], dest: 'namespace', kind: 'string', metavar: 'NAMESPACE', help: 'Temporal namespace. Env: TEMPORAL_NAMESPACE (default default)' },
    { names: ['--role'], dest: 'roles', kind: 'string', nargs: '+', choices: ['cpu', 'models'], default: ['cpu', 'models'], metavar: 'ROLE', help: 'Which work to take: cpu, models, or both' },
    { names: ['--task-queue'], dest: 'taskQueue', kind: 'string', default: DEFAULT_TASK_QUEUE, metavar: 'QUEUE', help: 'Task queue of workflows and CPU activities' },
    { names: ['--model-task-queue'], dest: 'modelTaskQueue', kind: 'string', default: DEFAULT_MODEL_TASK_QUEUE, metavar: 'QUEUE', help: 'Task queue of model-calling activities' },
    { names: ['--max-batches-per-second'], dest: 'maxBatchesPerSecond', kind: 'float', metavar: 'RATE', help: 'Rate limit of the model task queue across all its workers (e.g. an API provider\'s queue)' },
    { names: ['--max-concurrent-model-batches'], dest: 'maxConcurrentModelBatches', kind: 'int', default: 8, metavar: 'N', help: 'Request batches this worker runs at once' },
    {
      names: ['--local-path'],
      dest: 'localPath',
      kind: 'string',
      metavar: 'LOCAL_PATH',
      help: "This host's own prod_env (model deployments, credentials.conf, SQLite request cache) instead of each suite's --local-path",
    },
    cacheUrlFlag(undefined, '. Suites started with helm-run --cache-url use their cache on every worker; this gives the password and is checked at start'),
  ],
});

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args = parser.parseOrExit(argv);
  if (!args) return 0;
  const logger = createLogger();
  installTemporalLogging(logger);
  const address = (args.temporalAddress as string | undefined) ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const settings = temporalSettings(address, args.namespace as string | undefined);
  try {
    const cacheUrl = cacheUrlOf(args);
    // A wrong cache URL or password stops this worker before it takes any task.
    if (cacheUrl) await verifyCacheUrl(cacheUrl, logger);
    const connection = await connectWorker(settings);
    const roles = args.roles as WorkerRole[];
    const { workers, context } = await createHelmWorkers({
      connection,
      namespace: settings.namespace,
      taskQueue: args.taskQueue as string,
      modelTaskQueue: args.modelTaskQueue as string,
      roles,
      maxConcurrentModelBatches: args.maxConcurrentModelBatches as number,
      maxModelBatchesPerSecond: args.maxBatchesPerSecond as number | undefined,
      localPath: args.localPath === undefined ? undefined : path.resolve(args.localPath as string),
      cacheUrls: [cacheUrl],
      logger,
    });
    const abort = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        logger.info(`${signal}: finishing in-flight tasks and shutting down`);
        abort.abort();
      });
    }
    logger.info(`helm-worker (${roles.join(', ')}) polling ${settings.address} namespace ${settings.namespace}`);
    await runHelmWorkers(workers, context, abort.signal);
    await connection.close();
    return 0;
  } catch (error) {
    if (error instanceof TemporalUnreachableError || error instanceof HelmInputError) {
      logger.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`helm-worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
