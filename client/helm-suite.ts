import path from 'node:path';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Logger } from 'pino';
import { ArgParseError, ArgumentParser } from './argparse';
import { cancelSuite } from './cancel-suite';
import { followSuite } from './follow-suite';
import { createLogger } from './logger';
import { openSession, type TemporalSession } from './session';
import { liveProgress } from './suite-progress';
import { TemporalUnreachableError } from './temporal-connection';
import { HELM_SUITE } from '../infra/search-attributes';
import { DEFAULT_TASK_QUEUE, suiteWorkflowId, type SuiteResult, type SuiteWorkflowInput } from '../workflows/types';

const COMMANDS = ['list', 'status', 'resume', 'cancel', 'retry-failed'] as const;
type Command = (typeof COMMANDS)[number];

const parser = new ArgumentParser({
  prog: 'helm-suite',
  description:
    'Manage helm-run suites on Temporal. Commands: list (every suite and its status), status SUITE (progress, ' +
    'failures), resume SUITE (attach to a running suite, or run a stopped one again with its original input), ' +
    'cancel SUITE, retry-failed SUITE (run again only the runs without complete outputs). Without ' +
    '--temporal-address the embedded dev server of --local-path is used (started if needed).',
  flags: [
    { names: ['--command'], dest: 'command', kind: 'string', choices: [...COMMANDS], metavar: 'COMMAND', help: 'What to do (usually given as the first word)' },
    { names: ['--suite'], dest: 'suite', kind: 'string', metavar: 'SUITE', help: 'The suite (usually given as the second word)' },
    { names: ['--local-path'], dest: 'localPath', kind: 'string', default: 'prod_env', metavar: 'LOCAL_PATH', help: 'helm-run --local-path (embedded server state)' },
    { names: ['--temporal-address'], dest: 'temporalAddress', kind: 'string', metavar: 'HOST:PORT', help: 'An existing Temporal server. Env: TEMPORAL_ADDRESS' },
    { names: ['--namespace'], dest: 'namespace', kind: 'string', metavar: 'NAMESPACE', help: 'Temporal namespace. Env: TEMPORAL_NAMESPACE' },
    { names: ['--temporal-port'], dest: 'temporalPort', kind: 'int', default: 7233, metavar: 'PORT', help: 'Port of the embedded dev server' },
    { names: ['--model-task-queue'], dest: 'modelTaskQueue', kind: 'string', default: 'helm-models', metavar: 'QUEUE', help: 'Task queue of model activities (in-process worker)' },
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

/** The input a suite execution was started with: the first event of its history. */
async function originalInput(handle: WorkflowHandle): Promise<SuiteWorkflowInput> {
  const history = await handle.fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) throw new Error(`No input in the history of ${handle.workflowId}`);
  return defaultPayloadConverter.fromPayload<SuiteWorkflowInput>(payload);
}

async function listSuites(client: Client): Promise<number> {
  const rows: string[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowType = 'suiteWorkflow'` })) {
    const suite = execution.workflowId.replace(/^helm:/, '');
    const closed = execution.closeTime ? ` closed ${execution.closeTime.toISOString()}` : '';
    rows.push(`${suite.padEnd(24)} ${execution.status.name.padEnd(11)} started ${execution.startTime.toISOString()}${closed}`);
  }
  process.stdout.write(rows.length > 0 ? `${rows.join('\n')}\n` : 'No suites.\n');
  return 0;
}

async function showStatus(client: Client, suite: string): Promise<number> {
  const handle = client.workflow.getHandle(suiteWorkflowId(suite));
  const description = await handle.describe();
  process.stdout.write(`Suite ${suite}: ${description.status.name} (workflow ${handle.workflowId}, started ${description.startTime.toISOString()})\n`);
  if (description.status.name === 'RUNNING') {
    const progress = await liveProgress(client, suite);
    if (progress) {
      process.stdout.write(
        `  stage ${progress.stage}; runs ${progress.runsDone + progress.runsFailed + progress.runsSkipped}/${progress.runsTotal} ` +
          `(${progress.runsFailed} failed, ${progress.runsSkipped} skipped); requests ${progress.requestsDone}/${progress.requestsTotal} ` +
          `(${progress.cachedHits} cached)\n`,
      );
    } else {
      process.stdout.write('  no worker is answering; start helm-worker (or resume with this command in embedded mode)\n');
    }
  } else if (description.status.name === 'COMPLETED') {
    // Results of suites run by older helm-ts versions may lack fields: show what is there.
    const result = (await handle.result()) as Partial<SuiteResult>;
    const count = (n: number | undefined): string => (n === undefined ? '?' : String(n));
    process.stdout.write(
      `  ${count(result.runsCompleted)} completed, ${count(result.runsSkipped)} skipped, ${count(result.runsFailed)} failed; outputs ${result.outputDir ?? '?'}\n`,
    );
    for (const failure of result.failed ?? []) process.stdout.write(`  failed: ${failure.runName}: ${failure.error}\n`);
  }
  return 0;
}

async function restart(session: TemporalSession, suite: string, logger: Logger, onlyIncomplete: boolean): Promise<number> {
  const handle = session.client.workflow.getHandle(suiteWorkflowId(suite));
  const description = await handle.describe();
  if (description.status.name === 'RUNNING') {
    if (onlyIncomplete) logger.info(`Suite ${suite} is still running; attaching to it instead`);
    else logger.info(`Suite ${suite} is running; attaching`);
    return followSuite(session, handle, suite, logger);
  }
  const input = await originalInput(handle);
  // Completed runs have their five files; --skip-completed-runs leaves exactly the failed/unfinished ones.
  const next: SuiteWorkflowInput = onlyIncomplete ? { ...input, options: { ...input.options, skipCompletedRuns: true } } : input;
  logger.info(`${onlyIncomplete ? 'Retrying the incomplete runs of' : 'Running again'} suite ${suite} (was ${description.status.name})`);
  const started = await session.client.workflow.start('suiteWorkflow', {
    taskQueue: DEFAULT_TASK_QUEUE,
    workflowId: suiteWorkflowId(suite),
    args: [next],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: [{ key: HELM_SUITE, value: suite }],
    memo: { suite, entries: next.entries.length, outputPath: next.paths.outputPath },
  });
  logger.info(`Temporal UI: ${session.describeLink(started.workflowId)}`);
  return followSuite(session, started, suite, logger);
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args = parser.parseOrExit(normaliseArgv(argv));
  if (!args) return 0;
  const command = (args.command as Command | undefined) ?? 'list';
  const suite = args.suite as string | undefined;
  if (command !== 'list' && !suite) {
    parser.fail(new ArgParseError(`${command} needs a suite: helm-suite ${command} SUITE`));
  }
  const logger = createLogger();
  let session: TemporalSession | undefined;
  try {
    session = await openSession({
      temporalAddress: (args.temporalAddress as string | undefined) ?? process.env.TEMPORAL_ADDRESS,
      namespace: args.namespace as string | undefined,
      temporalPort: args.temporalPort as number,
      localPath: path.resolve(args.localPath as string),
      modelTaskQueue: args.modelTaskQueue as string,
      // Only commands that make a suite progress need the in-process worker.
      withWorker: command === 'resume' || command === 'retry-failed' || command === 'cancel',
      logger,
    });
    switch (command) {
      case 'list':
        return await listSuites(session.client);
      case 'status':
        return await showStatus(session.client, suite as string);
      case 'cancel':
        return await cancelSuite(session, suite as string, logger);
      case 'resume':
        return await restart(session, suite as string, logger, false);
      case 'retry-failed':
        return await restart(session, suite as string, logger, true);
      default:
        return 2;
    }
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      logger.error(`No suite ${suite} on this Temporal server (workflow ${suiteWorkflowId(suite ?? '')}); helm-suite list shows the suites`);
      return 1;
    }
    if (error instanceof TemporalUnreachableError) {
      logger.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await session?.close();
  }
}
