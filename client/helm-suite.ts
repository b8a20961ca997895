import type { Client, WorkflowExecutionDescription, WorkflowExecutionInfo } from '@temporalio/client';
import type { Logger } from 'pino';
import { ArgParseError, ArgumentParser } from './argparse';
import { UserFacingError } from './cli-runner';
import { createLogger, LOG_FORMATS, logFormatFrom } from './logger';
import { checkPort, checkSuiteName, checkTemporalTarget, checkWritableFolder } from './validate';
import { HELM_RUNS_DONE, HELM_RUNS_FAILED, HELM_RUNS_TOTAL, HELM_STATUS } from '../infra/search-attributes';
import { suiteWorkflowId, type SuiteMemo, type SuiteResult, type SuiteWorkflowInput } from '../workflows/types';
import type { TemporalSession } from './session';

const COMMANDS = ['list', 'status', 'resume', 'cancel', 'retry-failed'] as const;
type Command = (typeof COMMANDS)[number];

const parser = new ArgumentParser({
  prog: 'helm-suite',
  description:
    'Manage helm-run suites on Temporal. Commands: list (every execution of every suite, with its status), status SUITE ' +
    '(progress, failures; answers from Temporal even when no worker runs), resume SUITE (attach to a running suite, or ' +
    'run a stopped one again with its original input), cancel SUITE (an execution that cannot make progress is ' +
    'terminated), retry-failed SUITE (run again only the runs without complete outputs). Without --temporal-address ' +
    'the embedded dev server of --local-path is used (started if needed).',
  flags: [
    { names: ['--command'], dest: 'command', kind: 'string', choices: [...COMMANDS], metavar: 'COMMAND', help: 'What to do (usually given as the first word)' },
    { names: ['--suite'], dest: 'suite', kind: 'string', metavar: 'SUITE', help: 'The suite (usually given as the second word)' },
    { names: ['--local-path'], dest: 'localPath', kind: 'string', default: 'prod_env', metavar: 'LOCAL_PATH', help: 'helm-run --local-path (embedded server state)' },
    { names: ['--temporal-address'], dest: 'temporalAddress', kind: 'string', metavar: 'HOST:PORT', help: 'An existing Temporal server. Env: TEMPORAL_ADDRESS' },
    { names: ['--namespace'], dest: 'namespace', kind: 'string', metavar: 'NAMESPACE', help: 'Temporal namespace. Env: TEMPORAL_NAMESPACE' },
    { names: ['--temporal-port'], dest: 'temporalPort', kind: 'int', metavar: 'PORT', help: 'Port of the embedded dev server (default 7233, or the one already running)' },
    { names: ['--model-task-queue'], dest: 'modelTaskQueue', kind: 'string', default: 'helm-models', metavar: 'QUEUE', help: 'Task queue of model activities (in-process worker)' },
    { names: ['--log-format'], dest: 'logFormat', kind: 'string', choices: [...LOG_FORMATS], metavar: '{text,json}', help: 'Log lines on stderr (default text; env HELM_LOG_FORMAT)' },
  ],
  epilog: 'Examples: helm-suite list; helm-suite status v1; helm-suite retry-failed v1',
});

/** `helm-suite status v1` style: the first two words are the command and the suite. */
function normaliseArgv(argv: string[]): string[] {
  const words: string[] = [];
  let i = 0;
  if (argv[i] !== undefined && !argv[i].startsWith('-')) words.push('--command', argv[i++]);
  if (argv[i] !== undefined && !argv[i].startsWith('-')) words.push('--suite', argv[i++]);
  return [...words, ...argv.slice(i)];
}

interface SuiteState {
  /** Temporal's status of the execution, lower case (running, completed, failed, cancelled, terminated…). */
  execution: string;
  /** helm-ts's status (HelmStatus), when the execution recorded one. */
  helm?: string;
  total?: number;
  done?: number;
  failed?: number;
}

function suiteState(info: Pick<WorkflowExecutionInfo, 'status' | 'typedSearchAttributes'>): SuiteState {
  const attributes = info.typedSearchAttributes;
  return {
    execution: info.status.name.toLowerCase(),
    helm: attributes.get(HELM_STATUS),
    total: attributes.get(HELM_RUNS_TOTAL),
    done: attributes.get(HELM_RUNS_DONE),
    failed: attributes.get(HELM_RUNS_FAILED),
  };
}

/**
 * "running", "completed with failures", "cancelled", …: helm-ts's own status when it says more
 * than Temporal's (a suite with failed runs is FAILED in Temporal: "completed with failures").
 */
export function statusText(state: SuiteState): string {
  if (state.execution === 'running') return state.helm && state.helm !== 'running' ? `running (${state.helm})` : 'running';
  if (state.helm === 'completed with failures' && state.execution === 'failed') return 'completed with failures';
  if (state.execution === 'terminated' || state.execution === 'timed_out') return state.execution;
  return state.execution;
}

export function countsText(state: SuiteState): string {
  if (state.total === undefined) return '';
  const failed = state.failed ? `, ${state.failed} failed` : '';
  return `${state.done ?? 0}/${state.total} runs done${failed}`;
}

async function listSuites(client: Client): Promise<number> {
  const rows: string[][] = [['SUITE', 'STATUS', 'RUNS', 'STARTED', 'CLOSED', 'RUN ID']];
  for await (const execution of client.workflow.list({ query: `WorkflowType = 'suiteWorkflow'` })) {
    const state = suiteState(execution);
    rows.push([
      execution.workflowId.replace(/^helm:/, ''),
      statusText(state),
      countsText(state) || '-',
      execution.startTime.toISOString().replace('T', ' ').slice(0, 19),
      execution.closeTime ? execution.closeTime.toISOString().replace('T', ' ').slice(0, 19) : '-',
      execution.runId,
    ]);
  }
  if (rows.length === 1) {
    process.stdout.write('No suites.\n');
    return 0;
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  process.stdout.write(rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n') + '\n');
  return 0;
}

/** True when some worker polled the task queue lately (so queries can be answered). */
async function hasWorker(client: Client, taskQueue: string): Promise<boolean> {
  try {
    const response = await client.connection.withDeadline(Date.now() + 3_000, () =>
      client.workflowService.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 }),
    );
    return (response.pollers ?? []).length > 0;
  } catch {
    return false;
  }
}

async function showStatus(client: Client, suite: string): Promise<number> {
  const { describeSuite, stuckReason } = await import('./suite-control');
  const { liveProgress, requestTotalIsPartial } = await import('./suite-progress');
  const description = await describeSuite(client, suite);
  if (!description) throw new UserFacingError(`No suite ${suite} on this Temporal server (workflow ${suiteWorkflowId(suite)}); helm-suite list shows the suites`);
  const state = suiteState(description);
  const memo = (description.memo ?? {}) as Partial<SuiteMemo>;
  const counts = countsText(state);
  process.stdout.write(
    `Suite ${suite}: ${statusText(state)}${counts ? `, ${counts}` : ''} (workflow ${description.workflowId}, run ${description.runId}, ` +
      `started ${description.startTime.toISOString()}${description.closeTime ? `, closed ${description.closeTime.toISOString()}` : ''})\n`,
  );
  if (memo.outputPath) process.stdout.write(`  outputs: ${memo.outputPath}/runs/${suite}\n`);
  if (description.status.name === 'RUNNING') {
    const stuck = await stuckReason(client, suite).catch(() => undefined);
    if (stuck) process.stdout.write(`  cannot make progress: ${stuck}; stop it with helm-suite cancel ${suite}\n`);
    if (await hasWorker(client, description.taskQueue)) {
      const progress = await liveProgress(client, suite);
      if (progress) {
        process.stdout.write(
          `  stage ${progress.stage}; requests ${progress.requestsDone}/${progress.requestsTotal}${requestTotalIsPartial(progress) ? '+' : ''} ` +
            `(${progress.cachedHits} cached)\n`,
        );
      }
    } else {
      process.stdout.write(`  no worker is serving it (task queue ${description.taskQueue}); the counts above are as of its last report. ` + `Resume it with: helm-suite resume ${suite}\n`);
    }
    return 0;
  }
  const result = await closedResult(client, description);
  if (result) {
    const count = (n: number | undefined): string => (n === undefined ? '?' : String(n));
    process.stdout.write(`  ${count(result.runsCompleted)} completed, ${count(result.runsSkipped)} skipped, ${count(result.runsFailed)} failed\n`);
    for (const failure of result.failed ?? []) process.stdout.write(`  failed: ${failure.runName}: ${failure.error}\n`);
  }
  return 0;
}

/** A closed execution's SuiteResult: its result, or the details of its "runs failed" failure. */
async function closedResult(client: Client, description: WorkflowExecutionDescription): Promise<Partial<SuiteResult> | undefined> {
  if (description.status.name !== 'COMPLETED' && description.status.name !== 'FAILED') return undefined;
  const { failedSuiteResult } = await import('./follow-suite');
  try {
    // Results of suites run by older helm-ts versions may lack fields: show what is there.
    return (await client.workflow.getHandle(description.workflowId, description.runId).result()) as Partial<SuiteResult>;
  } catch (error) {
    return failedSuiteResult(error);
  }
}

async function restart(session: TemporalSession, suite: string, logger: Logger, onlyIncomplete: boolean): Promise<number> {
  const { describeSuite, originalInput, startSuiteExecution } = await import('./suite-control');
  const { followSuite } = await import('./follow-suite');
  const { suiteFingerprint } = await import('./suite-identity');
  const description = await describeSuite(session.client, suite);
  if (!description) throw new UserFacingError(`No suite ${suite} on this Temporal server (workflow ${suiteWorkflowId(suite)}); helm-suite list shows the suites`);
  const handle = session.client.workflow.getHandle(description.workflowId, description.runId);
  if (description.status.name === 'RUNNING') {
    if (onlyIncomplete) logger.info(`Suite ${suite} is still running; attaching to it instead`);
    else logger.info(`Suite ${suite} is running; attaching`);
    await session.startWorker(description.taskQueue);
    return followSuite(session, handle, suite, logger);
  }
  const input = await originalInput(handle);
  // Completed runs have their five files; --skip-completed-runs leaves exactly the failed/unfinished ones.
  const next: SuiteWorkflowInput = onlyIncomplete ? { ...input, options: { ...input.options, skipCompletedRuns: true } } : input;
  logger.info(`${onlyIncomplete ? 'Retrying the incomplete runs of' : 'Running again'} suite ${suite} (was ${description.status.name})`);
  const previous = (description.memo ?? {}) as Partial<SuiteMemo>;
  const memo: SuiteMemo = {
    ...previous,
    suite,
    entries: previous.entries ?? next.entries.length,
    outputPath: next.paths.outputPath,
    localPath: next.paths.localPath,
    fingerprint: previous.fingerprint ?? (next.entriesFile ? undefined : suiteFingerprint(next)),
  };
  const started = await startSuiteExecution(session, next, memo, (taskQueue) => session.startWorker(taskQueue));
  logger.info(`Temporal UI: ${session.describeLink(started.handle.workflowId)}`);
  await session.startWorker(started.taskQueue);
  return followSuite(session, started.handle, suite, logger);
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args = parser.parseOrExit(normaliseArgv(argv));
  if (!args) return 0;
  const command = (args.command as Command | undefined) ?? 'list';
  const suite = args.suite as string | undefined;
  try {
    if (command !== 'list' && !suite) throw new ArgParseError(`${command} needs a suite: helm-suite ${command} SUITE`);
    checkSuiteName(suite, '--suite');
    checkPort(args.temporalPort as number | undefined, '--temporal-port', 1000);
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    throw error;
  }
  const logFormat = logFormatFrom(args.logFormat as string | undefined);
  const logger = createLogger(logFormat);
  const temporalAddress = (args.temporalAddress as string | undefined) ?? (process.env.TEMPORAL_ADDRESS || undefined);
  checkTemporalTarget(temporalAddress, args.namespace as string | undefined);
  const { openSession } = await import('./session');
  const session = await openSession({
    temporalAddress,
    namespace: args.namespace as string | undefined,
    temporalPort: args.temporalPort as number | undefined,
    localPath: checkWritableFolder(args.localPath as string, '--local-path'),
    modelTaskQueue: args.modelTaskQueue as string,
    logger,
    structuredLogs: logFormat === 'json',
  });
  try {
    switch (command) {
      case 'list':
        return await listSuites(session.client);
      case 'status':
        return await showStatus(session.client, suite as string);
      case 'cancel': {
        const { cancelSuite } = await import('./cancel-suite');
        return await cancelSuite(session, suite as string, logger);
      }
      case 'resume':
        return await restart(session, suite as string, logger, false);
      case 'retry-failed':
        return await restart(session, suite as string, logger, true);
      default:
        return 2;
    }
  } finally {
    await session.close();
  }
}
