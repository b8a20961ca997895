import fs from 'node:fs';
import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Logger } from 'pino';
import { RunEntries } from '../core/run-specs/schemas';
import { HELM_STATUS, HELM_SUITE } from '../infra/search-attributes';
import { DEFAULT_TASK_QUEUE, embeddedTaskQueue, suiteWorkflowId, type SuiteMemo, type SuiteWorkflowInput } from '../workflows/types';
import { UserFacingError } from './cli-runner';
import type { TemporalSession } from './session';
import { describeMemo, suiteFingerprint } from './suite-identity';

/** A workflow task failed this many times in a row: the execution cannot go on as it is. */
const STUCK_WORKFLOW_TASK_ATTEMPTS = 3;
/** An activity cut off by a timeout this many times: its worker died each time (out of memory?). */
const STUCK_ACTIVITY_TIMEOUTS = 3;
/** Running workflows of a suite inspected for being stuck (the suite, its shard, its runs in flight). */
const STUCK_SCAN_LIMIT = 30;

export interface SuiteExecution {
  handle: WorkflowHandle;
  /** The execution's workflow task queue: the in-process worker polls it. */
  taskQueue: string;
  attached: boolean;
}

/** The suite's latest execution, or undefined when there has never been one. */
export async function describeSuite(client: Client, suite: string): Promise<WorkflowExecutionDescription | undefined> {
  try {
    return await client.workflow.getHandle(suiteWorkflowId(suite)).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** The input an execution was started with: the first event of its history. */
export async function originalInput(handle: WorkflowHandle): Promise<SuiteWorkflowInput> {
  const history = await handle.fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) throw new UserFacingError(`No input in the history of ${handle.workflowId}`);
  return defaultPayloadConverter.fromPayload<SuiteWorkflowInput>(payload);
}

/**
 * The fingerprint a running execution was started with: from its memo, or, for executions started
 * by an older helm-ts, computed from its input (undefined when its entries file is gone).
 */
async function runningFingerprint(handle: WorkflowHandle, description: WorkflowExecutionDescription): Promise<string | undefined> {
  const memo = (description.memo ?? {}) as Partial<SuiteMemo>;
  if (memo.fingerprint) return memo.fingerprint;
  try {
    const input = await originalInput(handle);
    if (!input.entriesFile) return suiteFingerprint(input);
    if (!fs.existsSync(input.entriesFile)) return undefined;
    return suiteFingerprint(input, RunEntries.parse(JSON.parse(fs.readFileSync(input.entriesFile, 'utf8'))).entries);
  } catch {
    return undefined; // an input this helm-ts cannot read: not the same arguments
  }
}

function refusal(suite: string, description: WorkflowExecutionDescription): UserFacingError {
  const memo = (description.memo ?? {}) as Partial<SuiteMemo>;
  const what = describeMemo(memo);
  return new UserFacingError(
    `Suite ${suite} is already running with other arguments (workflow ${description.workflowId}, run ${description.runId}, ` +
      `started ${description.startTime.toISOString()}${what ? `; ${what}` : ''}). A second helm-run of a running suite must ask ` +
      'for the same run entries, models, -m/-t and paths, and then attaches to it. Wait for it to finish, cancel it with ' +
      `\`helm-suite cancel ${suite}\` (or \`helm-run --suite ${suite} --cancel\`), or give this one another --suite name.`,
  );
}

async function lastWorkflowTaskFailure(client: Client, workflowId: string, runId: string): Promise<string | undefined> {
  const { history } = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 25,
  });
  for (const event of history?.events ?? []) {
    const failure = event.workflowTaskFailedEventAttributes?.failure;
    if (failure) return failure.message?.split('\n')[0] ?? undefined;
  }
  return undefined;
}

async function workflowStuck(client: Client, workflowId: string, runId?: string): Promise<string | undefined> {
  const description = await client.workflow.getHandle(workflowId, runId).describe();
  if (description.status.name !== 'RUNNING') return undefined;
  const task = description.raw.pendingWorkflowTask;
  if (task && (task.attempt ?? 0) >= STUCK_WORKFLOW_TASK_ATTEMPTS) {
    const cause = await lastWorkflowTaskFailure(client, workflowId, description.runId).catch(() => undefined);
    return (
      `the workflow task of ${workflowId} has failed ${(task.attempt ?? 1) - 1} times${cause ? ` (${cause})` : ''}; ` +
      'this happens when helm-ts changed in a way that cannot resume this execution, or on a bug'
    );
  }
  for (const activity of description.raw.pendingActivities ?? []) {
    const attempts = activity.attempt ?? 0;
    if (attempts >= STUCK_ACTIVITY_TIMEOUTS && activity.lastFailure?.timeoutFailureInfo) {
      return (
        `activity ${activity.activityType?.name ?? '?'} of ${workflowId} timed out ${attempts - 1} times in a row: its worker died ` +
        'each time it ran it (out of memory?); lower -m/-t or the number of runs'
      );
    }
  }
  return undefined;
}

/**
 * Why a running suite cannot make progress, or undefined: a workflow task that keeps failing (a
 * helm-ts upgrade that cannot replay it, a bug), or an activity whose worker keeps dying.
 */
export async function stuckReason(client: Client, suite: string, suiteId = suiteWorkflowId(suite)): Promise<string | undefined> {
  const own = await workflowStuck(client, suiteId);
  if (own) return own;
  let scanned = 0;
  for await (const execution of client.workflow.list({ query: `HelmSuite = '${suite}' AND ExecutionStatus = 'Running'`, pageSize: STUCK_SCAN_LIMIT })) {
    if (++scanned > STUCK_SCAN_LIMIT) break;
    if (execution.workflowId === suiteId) continue;
    const reason = await workflowStuck(client, execution.workflowId, execution.runId).catch(() => undefined);
    if (reason) return reason;
  }
  return undefined;
}

/**
 * Starts a new execution of the suite (the previous one, if any, is closed) on the right task queue.
 * `beforeStart` gets that queue first: a worker already polling it takes the first workflow task at
 * once, where a task that found no poller waits in the server's backlog (about 2 s on the dev server).
 */
export async function startSuiteExecution(
  session: TemporalSession,
  input: SuiteWorkflowInput,
  memo: SuiteMemo,
  beforeStart?: (taskQueue: string) => Promise<void>,
): Promise<SuiteExecution> {
  const suite = input.paths.suite;
  const taskQueue = session.embedded ? embeddedTaskQueue(suite) : DEFAULT_TASK_QUEUE;
  await beforeStart?.(taskQueue);
  const handle = await session.client.workflow.start('suiteWorkflow', {
    taskQueue,
    workflowId: suiteWorkflowId(suite),
    args: [input],
    // Two helm-runs racing to start the same suite end up with one execution (checked below).
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: [
      { key: HELM_SUITE, value: suite },
      { key: HELM_STATUS, value: 'starting' },
    ],
    memo: { ...memo },
  });
  const description = await handle.describe();
  return { handle, taskQueue: description.taskQueue, attached: false };
}

/**
 * One suite name = one set of arguments. A running execution with the same fingerprint is attached
 * to; one with another fingerprint is refused with what it is and how to cancel it; one that cannot
 * make progress is refused with why. Otherwise a new execution starts. A lost race to start (two
 * helm-runs at once) is checked the same way after the fact.
 */
export async function startOrAttach(
  session: TemporalSession,
  input: SuiteWorkflowInput,
  memo: SuiteMemo,
  logger: Logger,
  beforeStart?: (taskQueue: string) => Promise<void>,
): Promise<SuiteExecution> {
  const suite = input.paths.suite;
  const fingerprint = memo.fingerprint as string;
  const existing = await describeSuite(session.client, suite);
  if (existing?.status.name === 'RUNNING') {
    const handle = session.client.workflow.getHandle(existing.workflowId);
    // Stuck first: whoever started it, it will not finish, and cancelling it is the way out.
    const stuck = await stuckReason(session.client, suite);
    if (stuck) {
      throw new UserFacingError(
        `Suite ${suite} has an execution (run ${existing.runId}) that cannot make progress: ${stuck}. ` +
          `Stop it with \`helm-suite cancel ${suite}\`, then run this command again.`,
      );
    }
    if ((await runningFingerprint(handle, existing)) !== fingerprint) throw refusal(suite, existing);
    logger.info(`Suite ${suite} is already running (workflow ${existing.workflowId}, started ${existing.startTime.toISOString()}); attaching to it`);
    return { handle, taskQueue: existing.taskQueue, attached: true };
  }
  // Nothing of the suite runs now: a worker may poll its queue before the start.
  const started = await startSuiteExecution(session, input, memo, beforeStart);
  const now = await started.handle.describe();
  const theirs = ((now.memo ?? {}) as Partial<SuiteMemo>).fingerprint;
  if (theirs !== undefined && theirs !== fingerprint) throw refusal(suite, now);
  return started;
}
