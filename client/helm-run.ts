import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Logger } from 'pino';
import { ArgParseError, ArgumentParser, type ParsedArgs } from './argparse';
import { HELM_RUN_FLAGS } from './helm-run-flags';
import { cacheUrlOf, verifyCacheUrl } from './cache-options';
import { cacheUrlIdentity } from '../core/models/cache-url';
import { quickCheckSqliteShards } from '../core/models/request-cache-maintenance';
import { cancelSuite } from './cancel-suite';
import { followSuite } from './follow-suite';
import { createLogger } from './logger';
import { openSession, type TemporalSession } from './session';
import { TemporalUnreachableError } from './temporal-connection';
import { HelmInputError } from '../core/common/errors';
import { WorkerContext } from '../activities/context';
import { expandSuite, INLINE_ENTRIES_LIMIT } from '../activities/expand-run-entries';
import { writeFileAtomic } from '../core/common/atomic-write';
import { readRunEntriesFile } from '../core/run-specs/hocon';
import type { RunEntry } from '../core/run-specs/schemas';
import { HELM_SUITE } from '../infra/search-attributes';
import { suiteWorkflowId, DEFAULT_TASK_QUEUE, type SuiteWorkflowInput } from '../workflows/types';

const parser = new ArgumentParser({
  prog: 'helm-run',
  description:
    'Run HELM run entries as a durable Temporal suite. Without --temporal-address an embedded Temporal dev server ' +
    '(state under <local-path>/temporal) and an in-process worker are started; running the same command again ' +
    'resumes or re-attaches to the suite.',
  flags: HELM_RUN_FLAGS,
  epilog: 'Example: helm-run --conf-paths run_entries.conf --suite v1 --max-eval-instances 10',
});

interface Invocation {
  entries: RunEntry[];
  deprecations: string[];
  input: SuiteWorkflowInput;
  temporalAddress?: string;
  namespace?: string;
  temporalPort: number;
  noWait: boolean;
  cancel: boolean;
  /** --cache-url (or HELM_CACHE_URL) with its password: for the in-process worker and the check at start. */
  cacheUrl?: string;
}

/** Why a HELM flag helm-ts refuses is refused, where there is more to say than "not supported". */
const UNSUPPORTED_HINTS: Record<string, string> = {
  '--mongo-uri':
    'helm-ts has no MongoDB cache; for a request cache shared by every worker on every host use ' +
    '--cache-url postgres://USER:PASSWORD@HOST:PORT/DATABASE (README, "Running on a Temporal cluster")',
};

/** Flags → the suite's input; file and flag errors are HelmInputError (exit 1) or ArgParseError (exit 2). */
export function buildInvocation(args: ParsedArgs, logger: Logger): Invocation {
  const unsupported = Object.entries(args).filter(([k, v]) => k.startsWith('unsupported_') && v !== undefined && v !== false);
  if (unsupported.length > 0) {
    const flag = '--' + unsupported[0][0].slice('unsupported_'.length).replace(/_/g, '-');
    throw new ArgParseError(`argument ${flag}: not supported by helm-ts (${UNSUPPORTED_HINTS[flag] ?? 'see README, "Differences from HELM"'})`);
  }
  for (const name of ['maxEvalInstances', 'numThreads', 'maxConcurrentRuns', 'requestBatchSize'] as const) {
    const value = args[name] as number | undefined;
    const min = name === 'maxEvalInstances' ? 0 : 1;
    if (value !== undefined && value < min) throw new ArgParseError(`argument --${kebab(name)}: must be >= ${min}, got ${value}`);
  }
  if (args.numTrainTrials !== undefined && (args.numTrainTrials as number) < 1) {
    throw new ArgParseError(`argument --num-train-trials: must be >= 1, got ${String(args.numTrainTrials)}`);
  }
  const deprecations: string[] = [];
  const confPaths = [...(args.confPaths as string[])];
  const inline = [...(args.runEntries as string[])];
  for (const value of args.runSpecs as string[]) {
    if (fs.existsSync(value) && fs.statSync(value).isFile()) {
      confPaths.push(value);
      deprecations.push(`--run-specs ${value}: reading it as a conf file; use --conf-paths ${value} instead (--run-specs is deprecated).`);
    } else {
      inline.push(value);
      deprecations.push('--run-specs is deprecated; use --run-entries instead.');
    }
  }
  const entries: RunEntry[] = [];
  for (const confPath of confPaths) {
    if (!fs.existsSync(confPath)) throw new HelmInputError(`Conf file ${confPath} (from --conf-paths) does not exist`);
    entries.push(...readRunEntriesFile(confPath));
  }
  for (const description of inline) entries.push({ description, priority: 1, groups: null });
  if (entries.length === 0) {
    throw new ArgParseError('no run entries: give --conf-paths FILE or --run-entries DESCRIPTION');
  }
  if (args.local) logger.debug('--local has no effect (local execution is the default)');

  const outputPath = path.resolve(args.outputPath as string);
  const localPath = path.resolve(args.localPath as string);
  const dataMirror = (args.dataMirror as string | undefined) ?? process.env.HELM_DATA_MIRROR;
  if (dataMirror !== undefined && !fs.existsSync(dataMirror)) {
    throw new HelmInputError(`Data mirror folder ${dataMirror} (from --data-mirror or HELM_DATA_MIRROR) does not exist`);
  }
  const disableCache = Boolean(args.disableCache);
  const cacheUrl = disableCache ? undefined : cacheUrlOf(args);
  return {
    entries,
    deprecations: [...new Set(deprecations)],
    cacheUrl,
    temporalAddress: (args.temporalAddress as string | undefined) ?? process.env.TEMPORAL_ADDRESS,
    namespace: args.namespace as string | undefined,
    temporalPort: args.temporalPort as number,
    noWait: Boolean(args.noWait),
    cancel: Boolean(args.cancel),
    input: {
      paths: {
        outputPath,
        localPath,
        suite: args.suite as string,
        localHuggingFaceModels: localModelFolders(args.enableLocalHuggingFaceModels as string[]),
      },
      entries,
      expansion: {
        modelsToRun: args.modelsToRun as string[] | undefined,
        groupsToRun: args.groupsToRun as string[] | undefined,
        priority: args.priority as number | undefined,
        maxEvalInstances: args.maxEvalInstances as number,
        numTrainTrials: args.numTrainTrials as number | undefined,
      },
      options: {
        numThreads: args.numThreads as number,
        maxConcurrentRuns: args.maxConcurrentRuns as number,
        requestBatchSize: args.requestBatchSize as number,
        skipCompletedRuns: Boolean(args.skipCompletedRuns),
        exitOnError: Boolean(args.exitOnError),
        dryRun: Boolean(args.dryRun),
        disableCache,
        // Without the password: workflow inputs are visible in Temporal (workers bring their own).
        requestCache: cacheUrl === undefined ? undefined : cacheUrlIdentity(cacheUrl),
        dataMirror: dataMirror ? path.resolve(dataMirror) : undefined,
        modelTaskQueue: args.modelTaskQueue as string,
        summarize: Boolean(args.summarize),
      },
    },
  };
}

/** Absolute folders (workers may run elsewhere on a shared disk); a missing folder is bad input. */
function localModelFolders(folders: string[]): string[] | undefined {
  if (folders.length === 0) return undefined;
  return folders.map((folder) => {
    const absolute = path.resolve(folder);
    if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory()) {
      throw new HelmInputError(`--enable-local-huggingface-models: ${folder} is not a folder`);
    }
    return absolute;
  });
}

/**
 * Temporal caps a payload at 2 MB: a suite of many thousand entries passes them as a file under the
 * output path (named by content, so re-running the same command attaches to the same input).
 */
function withLargeEntriesInFile(input: SuiteWorkflowInput): SuiteWorkflowInput {
  const json = JSON.stringify({ entries: input.entries });
  if (json.length <= INLINE_ENTRIES_LIMIT) return input;
  const digest = crypto.createHash('sha256').update(json).digest('hex').slice(0, 16);
  const file = path.join(input.paths.outputPath, 'work', input.paths.suite, `run-entries-${digest}.json`);
  if (!fs.existsSync(file)) writeFileAtomic(file, json);
  return { ...input, entries: [], entriesFile: file };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

async function startOrAttach(client: Client, input: SuiteWorkflowInput, logger: Logger): Promise<WorkflowHandle> {
  const workflowId = suiteWorkflowId(input.paths.suite);
  const existing = client.workflow.getHandle(workflowId);
  const running = await existing.describe().then(
    (d) => d.status.name === 'RUNNING',
    () => false,
  );
  if (running) {
    logger.info(`Suite ${input.paths.suite} is already running (workflow ${workflowId}); attaching to it`);
    return existing;
  }
  return client.workflow.start('suiteWorkflow', {
    taskQueue: DEFAULT_TASK_QUEUE,
    workflowId,
    args: [input],
    // "Run it again" resumes a running suite and starts a fresh execution of a finished one.
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: [{ key: HELM_SUITE, value: input.paths.suite }],
    memo: { suite: input.paths.suite, entries: input.entries.length, entriesFile: input.entriesFile, outputPath: input.paths.outputPath },
  });
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args = parser.parseOrExit(argv);
  if (!args) return 0;
  const logger = createLogger();
  let invocation: Invocation;
  try {
    invocation = buildInvocation(args, logger);
    // Expand locally first: bad input fails here, before any server or worker starts.
    const context = new WorkerContext(logger);
    const { specs } = (() => {
      try {
        return expandSuite(context, invocation.input.paths, invocation.entries, invocation.input.expansion, {
          skipCompletedRuns: false,
          disableCache: invocation.input.options.disableCache,
        });
      } finally {
        context.close();
      }
    })();
    logger.info(`${invocation.entries.length} entries produced ${specs.length} run specs`);
    if (specs.length === 0) {
      logger.info('There were no RunSpecs or they got filtered out.');
      return 0;
    }
    // The request cache is checked before the suite starts: a wrong URL or password, or a damaged
    // SQLite file, is reported here and not as failed runs.
    if (invocation.cacheUrl) await verifyCacheUrl(invocation.cacheUrl, logger);
    else if (!invocation.input.options.disableCache) quickCheckSqliteShards(invocation.input.paths.localPath);
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    if (error instanceof HelmInputError) {
      logger.error(error.message);
      return 1;
    }
    throw error;
  }

  let session: TemporalSession | undefined;
  try {
    session = await openSession({
      temporalAddress: invocation.temporalAddress,
      namespace: invocation.namespace,
      temporalPort: invocation.temporalPort,
      localPath: invocation.input.paths.localPath,
      modelTaskQueue: invocation.input.options.modelTaskQueue,
      withWorker: true,
      cacheUrls: [invocation.cacheUrl],
      logger,
    });
    const suite = invocation.input.paths.suite;
    if (invocation.cancel) return await cancelSuite(session, suite, logger);
    const handle = await startOrAttach(session.client, withLargeEntriesInFile(invocation.input), logger);
    logger.info(`Temporal UI: ${session.describeLink(handle.workflowId)}`);
    if (invocation.noWait) {
      logger.info(`Submitted. Follow it in the Temporal UI, or re-run the same command to attach.`);
      return 0;
    }
    const code = await followSuite(session, handle, suite, logger);
    if (code === 0) for (const note of invocation.deprecations) logger.warn(note);
    return code;
  } catch (error) {
    if (error instanceof TemporalUnreachableError) {
      logger.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await session?.close();
  }
}

/** "message: cause's message: …", every distinct message of the cause chain. */
export function errorChain(error: unknown): string {
  const messages: string[] = [];
  for (let current: unknown = error; current !== undefined; current = current instanceof Error ? current.cause : undefined) {
    const message = current instanceof Error ? current.message : String(current);
    if (message && !messages.includes(message)) messages.push(message);
  }
  return messages.join(': ');
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // The causes first (a gRPC ServiceError's reason is in its cause), then the stack for a bug report.
      process.stderr.write(`helm-run: ${errorChain(error)}\n${error instanceof Error && error.stack ? `${error.stack}\n` : ''}`);
      process.exit(1);
    },
  );
}
