import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { ArgParseError, ArgumentParser, type ParsedArgs } from './argparse';
import { HELM_RUN_FLAGS } from './helm-run-flags';
import { createLogger, logFormatFrom } from './logger';
import { checkInputFile, checkInputFolder, checkPort, checkRange, checkSuiteName, checkTemporalTarget, checkWritableFolder, TASK_QUEUE_NAME } from './validate';
import { cacheUrlOf } from './cache-options';
import { cacheUrlIdentity } from '../core/models/cache-url';
import { writeFileAtomic } from '../core/common/atomic-write';
import { MAX_REQUEST_STATES_PER_RUN } from '../core/common/run-limits';
import { suiteWorkDir } from '../core/outputs/paths';
import { readRunEntriesFile } from '../core/run-specs/hocon';
import type { RunEntry, RunSpec } from '../core/run-specs/schemas';
import { DEFAULT_MODEL_TASK_QUEUE, RUNS_PER_SHARD, type RunFailure, type SuiteWorkflowInput } from '../workflows/types';

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

/** For --list and --validate, which run nothing, -m is not required. */
const catalogParser = new ArgumentParser({
  ...parser.config,
  flags: HELM_RUN_FLAGS.map((f) => (f.dest === 'maxEvalInstances' ? { ...f, required: false } : f)),
});

function parseArgs(argv: string[]): ParsedArgs | undefined {
  try {
    const relaxed = catalogParser.parse(argv);
    if (!relaxed.help && (relaxed.list !== undefined || relaxed.validate !== undefined)) return relaxed;
  } catch {
    // The strict parser below reports it.
  }
  return parser.parseOrExit(argv);
}

/** `--list KIND` or `--validate [PATH…]`: nothing runs; exit 1 on problems found (bad input throws). */
async function listOrValidate(args: ParsedArgs, logger: Logger): Promise<number> {
  const { formatProblems, listCatalog, loadSuiteExtensions, validateInputs } = await import('./own-evaluations');
  const extensions = await loadSuiteExtensions(args);
  if (args.list !== undefined) {
    process.stdout.write(listCatalog(args.list as string, args, extensions));
    return 0;
  }
  const problems = await validateInputs(args, extensions, logger);
  if (problems.length === 0) {
    process.stdout.write('No problems found.\n');
    return 0;
  }
  process.stdout.write(`${formatProblems(problems)}\n${problems.length} problem${problems.length === 1 ? '' : 's'} found.\n`);
  return 1;
}

/**
 * Temporal allows 2,000 pending child workflows and 2,000 pending activities per execution; runs in
 * flight (per shard) and request batches in flight (per run) stay well below.
 */
const MAX_CONCURRENT_RUNS = RUNS_PER_SHARD;
/** Small runs per runSmallRuns activity: enough to make Temporal's round trips negligible next to the runs. */
const DEFAULT_SMALL_RUN_GROUP = 16;
/** A group's outcomes travel as the activity's heartbeat details and result; keep them well under 2 MB. */
const MAX_SMALL_RUN_GROUP = 256;
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
  checkRange(args.maxEvalInstances as number, '-m/--max-eval-instances', 0);
  checkRange(args.numTrainTrials as number | undefined, '-t/--num-train-trials', 1, MAX_REQUEST_STATES_PER_RUN, 'request states one run may hold in memory');
  checkRange(args.numThreads as number, '-n/--num-threads', 1, MAX_NUM_THREADS, "request batches in flight per run; Temporal's limit is 2000");
  checkRange(args.maxConcurrentRuns as number, '--max-concurrent-runs', 1, MAX_CONCURRENT_RUNS, "runs in flight per shard; Temporal's limit is 2000");
  checkRange(args.requestBatchSize as number, '--request-batch-size', 1, MAX_REQUEST_STATES_PER_RUN, 'at most the requests of one run');
  checkRange(args.smallRunGroupSize as number | undefined, '--small-run-group-size', 0, MAX_SMALL_RUN_GROUP, 'runs in one activity');
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
  const disableCache = Boolean(args.disableCache);
  const cacheUrl = disableCache ? undefined : cacheUrlOf(args);
  return {
    entries,
    deprecations: [...new Set(deprecations)],
    cacheUrl,
    temporalAddress,
    namespace: args.namespace as string | undefined,
    temporalPort: args.temporalPort as number | undefined,
    noWait: Boolean(args.noWait),
    cancel: Boolean(args.cancel),
    input: {
      paths: {
        outputPath,
        outputPathAsGiven: args.outputPath as string,
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
        dataMirror,
        modelTaskQueue: modelTaskQueue || DEFAULT_MODEL_TASK_QUEUE,
        summarize: Boolean(args.summarize),
        smallRunGroupSize: (args.smallRunGroupSize as number | undefined) ?? (temporalAddress ? 0 : DEFAULT_SMALL_RUN_GROUP),
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

/**
 * Expands the entries here, before any server or worker starts: bad input fails at once. Returns
 * the runs' models and the entries that cannot run for want of their data (they fail alone).
 */
async function expandLocally(invocation: Invocation, logger: Logger): Promise<{ runs: number; models: string[]; failedEntries: RunFailure[] }> {
  const { WorkerContext } = await import('../activities/context');
  const { expandSuite, describeUnimplemented } = await import('../activities/expand-run-entries');
  const { checkUserData } = await import('./own-evaluations');
  const context = new WorkerContext(logger);
  try {
    const { specs, failedEntries, unimplemented } = await expandSuite(context, invocation.input.paths, invocation.entries, invocation.input.expansion, {
      skipCompletedRuns: false,
      disableCache: invocation.input.options.disableCache,
      dataMirror: invocation.input.options.dataMirror,
    });
    await checkUserData(specs, invocation.input.paths.outputPath);
    // The in-process worker of the embedded server will serve the requests: local models start
    // loading now, while the server and worker start and the runs are prepared.
    const servesHere = invocation.temporalAddress === undefined && !invocation.noWait && !invocation.cancel;
    if (servesHere && !invocation.input.options.dryRun) {
      for (const deployment of new Set(specs.map((s) => s.adapter_spec.model_deployment))) {
        try {
          context.modelClient(invocation.input.paths, deployment, invocation.input.options.disableCache).preload?.();
        } catch {
          // A deployment that cannot run was reported by the expansion above.
        }
      }
    }
    // Listed once per class before the suite starts; each of these runs is then recorded as failed.
    const lines = describeUnimplemented(unimplemented);
    if (lines.length > 0) {
      const count = [...unimplemented.values()].reduce((n, runs) => n + new Set(runs).size, 0);
      logger.warn(`${count} run${count === 1 ? '' : 's'} will fail without running (scenario class not implemented in helm-ts):\n  ${lines.join('\n  ')}`);
    }
    const unimplementedRuns = new Set([...unimplemented.values()].flat());
    for (const failed of failedEntries) if (!unimplementedRuns.has(failed.runName)) logger.warn(`Run entry ${failed.runName} cannot run: ${failed.error}`);
    return { runs: specs.length, models: [...new Set(specs.map((s) => s.adapter_spec.model))], failedEntries };
  } finally {
    context.close();
  }
}

/**
 * `--plan`: the entries expanded as for a run (every filter applies), the names of the runs a suite
 * would start printed (one a line, on stdout) and `runs/<suite>/run_specs.json` (every run spec) written
 * in HELM's format; nothing starts, no model client is made. Entries that cannot be expanded, and runs
 * whose scenario class helm-ts lacks (one line per class), are listed on stderr and make the exit code
 * 1, as the suite would.
 */
async function planSuite(invocation: Invocation, logger: Logger): Promise<number> {
  const { WorkerContext } = await import('../activities/context');
  const { describeUnimplemented, splitByScenarioClass } = await import('../activities/expand-run-entries');
  const { declarativeRunSpecFunctions } = await import('../core/scenarios/declarative/include-paths');
  const { ExpansionProblems, runEntriesToRunSpecsYielding } = await import('../core/run-specs/run-entries');
  const { pythonJsonDumps } = await import('../core/common/python-json');
  const { paths, expansion, options } = invocation.input;
  const context = new WorkerContext(logger);
  const problems = new ExpansionProblems();
  let specs: RunSpec[];
  try {
    specs = await runEntriesToRunSpecsYielding(
      invocation.entries,
      {
        ...expansion,
        context: { outputPath: paths.outputPath, mirrorDir: options.dataMirror },
        suiteFunctions: declarativeRunSpecFunctions(paths.includePaths),
      },
      context.registry(paths),
      200,
      problems,
    );
  } finally {
    context.close();
  }
  // stdout: the runs a suite would start; run_specs.json: HELM's whole expansion.
  const { runnable, unimplemented } = splitByScenarioClass(specs);
  for (const spec of runnable) process.stdout.write(`${spec.name}\n`);
  const file = path.join(paths.outputPath, 'runs', paths.suite, 'run_specs.json');
  writeFileAtomic(file, pythonJsonDumps(specs, { indent: 2 }));
  logger.info(`${invocation.entries.length} entries produced ${specs.length} run specs (${runnable.length} would run); wrote ${file} (nothing was started)`);
  const unimplementedLines = describeUnimplemented(unimplemented);
  if (unimplementedLines.length > 0) logger.error(`Runs that would fail (scenario class not implemented in helm-ts):\n  ${unimplementedLines.join('\n  ')}`);
  if (problems.count > 0) logger.error(`${problems.count} problem${problems.count > 1 ? 's' : ''} with the run entries:\n  ${problems.lines().join('\n  ')}`);
  return problems.count > 0 || unimplementedLines.length > 0 ? 1 : 0;
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args = parseArgs(argv);
  if (!args) return 0;
  const logFormat = logFormatFrom(args.logFormat as string | undefined);
  const logger = createLogger(logFormat);
  if (args.list !== undefined || args.validate !== undefined) return listOrValidate(args, logger);
  let invocation: Invocation;
  try {
    invocation = buildInvocation(args, logger);
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    throw error;
  }
  // Plugins load here, so the in-process worker has them too; the suite records them for the others.
  const { loadSuiteExtensions } = await import('./own-evaluations');
  invocation.input.paths = { ...invocation.input.paths, ...(await loadSuiteExtensions(args)) };
  if (args.plan) return planSuite(invocation, logger);
  const { runs, models, failedEntries } = await expandLocally(invocation, logger);
  logger.info(`${invocation.entries.length} entries produced ${runs} run specs to run`);
  if (runs === 0 && !invocation.cancel) {
    logger.info('There were no RunSpecs or they got filtered out.');
    if (failedEntries.length > 0) {
      process.stderr.write(`Failed runs: [${failedEntries.map((f) => JSON.stringify(f.runName)).join(', ')}]\n`);
      return 1;
    }
    return 0;
  }
  // The request cache is checked before the suite starts: a wrong URL or password, or a damaged
  // SQLite file, is reported here and not as failed runs.
  if (invocation.cacheUrl) {
    const { verifyCacheUrl } = await import('./cache-options');
    await verifyCacheUrl(invocation.cacheUrl, logger);
  } else if (!invocation.input.options.disableCache) {
    const { quickCheckSqliteShards } = await import('../core/models/request-cache-maintenance');
    quickCheckSqliteShards(invocation.input.paths.localPath);
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
    cacheUrls: [invocation.cacheUrl],
    logger,
    structuredLogs: logFormat === 'json',
  });
  try {
    const suite = invocation.input.paths.suite;
    if (invocation.cancel) return await cancelSuite(session, suite, logger);
    const input = withLargeEntriesInFile(invocation.input, INLINE_ENTRIES_LIMIT);
    // The in-process worker polls before a new execution starts (not with --no-wait: nothing works on it then).
    const startWorkerFirst = invocation.noWait ? undefined : (taskQueue: string) => session.startWorker(taskQueue);
    const execution = await startOrAttach(session, input, suiteMemo(input, invocation.entries, models), logger, startWorkerFirst);
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
