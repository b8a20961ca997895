import path from 'node:path';
import { ArgParseError, ArgumentParser } from './argparse';
import { TASK_QUEUE_NAME, checkRange } from './validate';
import { UserFacingError } from './cli-runner';
import { createLogger, LOG_FORMATS, logFormatFrom } from './logger';
import { installTemporalLogging } from './temporal-logging';
import { connectClient, connectWorker, temporalSettings } from './temporal-connection';
import { missingSearchAttributes } from '../infra/ensure-search-attributes';
import { cacheUrlFlag, cacheUrlOf, verifyCacheUrl } from './cache-options';
import { loadPlugins } from '../core/plugins/load-plugins';
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
    { names: ['--plugins'], dest: 'plugins', kind: 'string', nargs: '+', default: [], metavar: 'PLUGINS', help: 'Modules to load before polling: the same --plugins the suites this worker serves were started with' },
    { names: ['--max-concurrent-model-batches'], dest: 'maxConcurrentModelBatches', kind: 'int', default: 8, metavar: 'N', help: 'Request batches this worker runs at once' },
    { names: ['--log-format'], dest: 'logFormat', kind: 'string', choices: [...LOG_FORMATS], metavar: '{text,json}', help: 'Log lines on stderr (default text; env HELM_LOG_FORMAT)' },
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
  try {
    checkRange(args.maxConcurrentModelBatches as number, '--max-concurrent-model-batches', 1, 1000);
    const rate = args.maxBatchesPerSecond as number | undefined;
    if (rate !== undefined && !(rate > 0)) throw new ArgParseError(`argument --max-batches-per-second: must be > 0, got ${rate}`);
    for (const [flag, queue] of [['--task-queue', args.taskQueue], ['--model-task-queue', args.modelTaskQueue]] as const) {
      if (!TASK_QUEUE_NAME.test(queue as string)) throw new ArgParseError(`argument ${flag}: invalid task queue name ${JSON.stringify(queue)} (letters, digits and . _ - : / @)`);
    }
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    throw error;
  }
  const format = logFormatFrom(args.logFormat as string | undefined);
  const logger = createLogger(format);
  installTemporalLogging(logger, { structured: format === 'json' });
  const address = (args.temporalAddress as string | undefined) ?? (process.env.TEMPORAL_ADDRESS || '127.0.0.1:7233');
  const settings = temporalSettings(address, args.namespace as string | undefined);
  const plugins = await loadPlugins(args.plugins as string[]);
  if (plugins.length > 0) logger.info(`Loaded plugins: ${plugins.map((p) => `${p.spec} (${p.path})`).join(', ')}`);
  const cacheUrl = cacheUrlOf(args);
  // A wrong cache URL or password stops this worker before it takes any task.
  if (cacheUrl) await verifyCacheUrl(cacheUrl, logger);
  {
    // Workflows that set unknown search attributes would be stuck: say so before polling.
    const client = await connectClient(settings);
    const missing = await missingSearchAttributes(client, settings.namespace).catch(() => [] as string[]);
    await client.close();
    if (missing.length > 0) {
      throw new UserFacingError(
        `The Temporal namespace ${settings.namespace} at ${address} lacks helm-ts's search attributes ${missing.join(', ')}; ` +
          'register them first (infra/cluster/k8s/register-search-attributes.sh).',
      );
    }
  }
  {
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
  }
}
