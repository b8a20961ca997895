import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { ArgParseError, ArgumentParser, type ParsedArgs } from './argparse';
import { HELM_RUN_FLAGS } from './helm-run-flags';
import { createLogger, logFormatFrom } from './logger';
import { checkInputFile, checkInputFolder, checkPort, checkRange, checkSuiteName, checkTemporalTarget, checkWritableFolder, TASK_QUEUE_NAME } from './validate';
import { writeFileAtomic } from '../core/common/atomic-write';
import { MAX_REQUEST_STATES_PER_RUN } from '../core/common/run-limits';
import { suiteWorkDir } from '../core/outputs/paths';
import { readRunEntriesFile } from '../core/run-specs/hocon';
import type { RunEntry } from '../core/run-specs/schemas';
import { DEFAULT_MODEL_TASK_QUEUE, RUNS_PER_SHARD, type SuiteWorkflowInput } from '../workflows/types';

// The Temporal SDK and the engine load on demand: bad flags and --help answer at once.

const parser = new ArgumentParser({
  prog: 'helm-run',
  description:
    'Run HELM run entries as a durable Temporal suite. Without --temporal-address an embedded Temporal dev server ' +
    '(state under <local-path>/temporal) and an in-process worker are started; running the same command again ' +
    'resumes or re-attaches to the suite.',
  flags: HELM_RUN_FLAGS,
  epilog: 'Example: helm-run --conf-paths run_entries.conf --suite v1 --max-eval-instances 10',
});

/**
 * Temporal allows 2,000 pending child workflows and 2,000 pending activities per execution; runs in
 * flight (per shard) and request batches in flight (per run) stay well below.
 */
const MAX_CONCURRENT_RUNS = RUNS_PER_SHARD;
const MAX_NUM_THREADS = 1000;

export interface Invocation {
  entries: RunEntry[];
  deprecations: string[];
  input: SuiteWorkflowInput;
  temporalAddress?: string;
  namespace?: string;
  /** Only when given: a dev server already running for --local-path is used on its own port. */
  temporalPort?: number;
  noWait: boolean;
  cancel: boolean;
}

/** Flags → the suite's input; file and flag errors are HelmInputError (exit 1) or ArgParseError (exit 2). */
export function buildInvocation(args: ParsedArgs, logger: Logger): Invocation {
  const unsupported = Object.entries(args).filter(([k, v]) => k.startsWith('unsupported_') && v !== undefined && v !== false);
  if (unsupported.length > 0) {
    const flag = '--' + unsupported[0][0].slice('unsupported_'.length).replace(/_/g, '-');
    throw new ArgParseError(`argument ${flag}: not supported by helm-ts (see README, "Differences from HELM")`);
  }
  checkRange(args.maxEvalInstances as number, '-m/--max-eval-instances', 0);
  checkRange(args.numTrainTrials as number | undefined, '-t/--num-train-trials', 1, MAX_REQUEST_STATES_PER_RUN, 'request states one run may hold in memory');
  checkRange(args.numThreads as number, '-n/--num-threads', 1, MAX_NUM_THREADS, "request batches in flight per run; Temporal's limit is 2000");
  checkRange(args.maxConcurrentRuns as number, '--max-concurrent-runs', 1, MAX_CONCURRENT_RUNS, "runs in flight per shard; Temporal's limit is 2000");
  checkRange(args.requestBatchSize as number, '--request-batch-size', 1, MAX_REQUEST_STATES_PER_RUN, 'at most the requests of one run');
  checkRange(args.priority as number | undefined, '--priority', 1);
  checkPort(args.temporalPort as number | undefined, '--temporal-port', 1000);
  checkSuiteName(args.suite as string, '--suite');
  const modelTaskQueue = args.modelTaskQueue as string;
  if (!TASK_QUEUE_NAME.test(modelTaskQueue)) {
    throw new ArgParseError(`argument --model-task-queue: invalid task queue name ${JSON.stringify(modelTaskQueue)} (letters, digits and . _ - : / @)`);
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
    checkInputFile(confPath, '--conf-paths');
    entries.push(...readRunEntriesFile(confPath));
  }
  for (const description of inline) entries.push({ description, priority: 1, groups: null });
  if (entries.length === 0) {
    throw new ArgParseError('no run entries: give --conf-paths FILE or --run-entries DESCRIPTION');
  }
  if (args.local) logger.debug('--local has no effect (local execution is the default)');

  const outputPath = checkWritableFolder(args.outputPath as string, '-o/--output-path');
  const localPath = checkWritableFolder(args.localPath as string, '--local-path');
  const dataMirrorFlag = (args.dataMirror as string | undefined) ?? process.env.HELM_DATA_MIRROR;
  const dataMirror = dataMirrorFlag === undefined || dataMirrorFlag === '' ? undefined : checkInputFolder(dataMirrorFlag, '--data-mirror (or HELM_DATA_MIRROR)');
  const temporalAddress = (args.temporalAddress as string | undefined) ?? (process.env.TEMPORAL_ADDRESS || undefined);
  // Before the entries are expanded: nothing is created for a command that cannot connect.
  checkTemporalTarget(temporalAddress, args.namespace as string | undefined);
  return {
    entries,
    deprecations: [...new Set(deprecations)],
    temporalAddress,
    namespace: args.namespace as string | undefined,
    temporalPort: args.temporalPort as number | undefined,
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
        disableCache: Boolean(args.disableCache),
        dataMirror,
        modelTaskQueue: modelTaskQueue || DEFAULT_MODEL_TASK_QUEUE,
        summarize: Boolean(args.summarize),
      },
    },
  };
}

/** Absolute folders (workers may run elsewhere on a shared disk); a missing folder is bad input. */
function localModelFolders(folders: string[]): string[] | undefined {
  if (folders.length === 0) return undefined;
  return folders.map((folder) => checkInputFolder(folder, '--enable-local-huggingface-models'));
}

/**
 * Temporal caps a payload at 2 MB: a suite of many thousand entries passes them as a file under the
 * output path (named by content, so re-running the same command attaches to the same input).
 */
function withLargeEntriesInFile(input: SuiteWorkflowInput, limit: number): SuiteWorkflowInput {
  const json = JSON.stringify({ entries: input.entries });
  if (json.length <= limit) return input;
  const digest = crypto.createHash('sha256').update(json).digest('hex').slice(0, 16);
  const file = path.join(suiteWorkDir(input.paths), `run-entries-${digest}.json`);
  if (!fs.existsSync(file)) writeFileAtomic(file, json);
  return { ...input, entries: [], entriesFile: file };
}

/** Expands the entries here, before any server or worker starts: bad input fails at once. Returns the runs' models. */
async function expandLocally(invocation: Invocation, logger: Logger): Promise<{ runs: number; models: string[] }> {
  const { WorkerContext } = await import('../activities/context');
  const { expandSuite } = await import('../activities/expand-run-entries');
  const context = new WorkerContext(logger);
  try {
    const { specs } = expandSuite(context, invocation.input.paths, invocation.entries, invocation.input.expansion, {
      skipCompletedRuns: false,
      disableCache: invocation.input.options.disableCache,
    });
    return { runs: specs.length, models: [...new Set(specs.map((s) => s.adapter_spec.model))] };
  } finally {
    context.close();
  }
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args = parser.parseOrExit(argv);
  if (!args) return 0;
  const logFormat = logFormatFrom(args.logFormat as string | undefined);
  const logger = createLogger(logFormat);
  let invocation: Invocation;
  try {
    invocation = buildInvocation(args, logger);
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    throw error;
  }
  const { runs, models } = await expandLocally(invocation, logger);
  logger.info(`${invocation.entries.length} entries produced ${runs} run specs`);
  if (runs === 0 && !invocation.cancel) {
    logger.info('There were no RunSpecs or they got filtered out.');
    return 0;
  }

  const { openSession } = await import('./session');
  const { cancelSuite } = await import('./cancel-suite');
  const { startOrAttach } = await import('./suite-control');
  const { followSuite } = await import('./follow-suite');
  const { suiteMemo } = await import('./suite-identity');
  const { INLINE_ENTRIES_LIMIT } = await import('../activities/expand-run-entries');
  const session = await openSession({
    temporalAddress: invocation.temporalAddress,
    namespace: invocation.namespace,
    temporalPort: invocation.temporalPort,
    localPath: invocation.input.paths.localPath,
    modelTaskQueue: invocation.input.options.modelTaskQueue,
    logger,
    structuredLogs: logFormat === 'json',
  });
  try {
    const suite = invocation.input.paths.suite;
    if (invocation.cancel) return await cancelSuite(session, suite, logger);
    const input = withLargeEntriesInFile(invocation.input, INLINE_ENTRIES_LIMIT);
    const execution = await startOrAttach(session, input, suiteMemo(input, invocation.entries, models), logger);
    logger.info(`Temporal UI: ${session.describeLink(execution.handle.workflowId)}`);
    if (invocation.noWait) {
      logger.info(
        session.embedded
          ? `Submitted. Nothing works on it until you run the same command again (or helm-suite resume ${suite}): the embedded server has no other worker.`
          : 'Submitted. Follow it in the Temporal UI, or re-run the same command to attach.',
      );
      return 0;
    }
    await session.startWorker(execution.taskQueue);
    const code = await followSuite(session, execution.handle, suite, logger);
    if (code === 0) for (const note of invocation.deprecations) logger.warn(note);
    return code;
  } finally {
    await session.close();
  }
}

if (require.main === module) {
  void import('./cli-runner').then(({ runCli }) => runCli('helm-run', () => main()));
}
