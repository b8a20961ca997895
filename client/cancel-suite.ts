import type { Logger } from 'pino';
import { suiteWorkflowId } from '../workflows/types';
import type { TemporalSession } from './session';
import { describeSuite, stuckReason } from './suite-control';

/**
 * Requests cancellation of a running suite and waits until it is closed: its shard and run
 * workflows are cancelled with it; runs that already wrote their files keep them, and files are
 * written atomically, so nothing is left half-written. An execution that cannot process the
 * cancellation (its workflow task keeps failing, or no worker serves it within `timeoutMs`) is
 * terminated instead, with its children.
 */
export async function cancelSuite(session: TemporalSession, suite: string, logger: Logger, timeoutMs = 60_000): Promise<number> {
  const description = await describeSuite(session.client, suite);
  if (!description) {
    logger.error(`No suite ${suite} (workflow ${suiteWorkflowId(suite)}) on this Temporal server; helm-suite list shows the suites`);
    return 1;
  }
  if (description.status.name !== 'RUNNING') {
    logger.warn(`Suite ${suite} is not running (status ${description.status.name}); nothing to cancel`);
    return 0;
  }
  const handle = session.client.workflow.getHandle(description.workflowId, description.runId);
  // The embedded worker serves this execution's own task queue while it winds down.
  await session.startWorker(description.taskQueue);
  const stuck = await stuckReason(session.client, suite).catch(() => undefined);
  if (stuck) {
    await handle.terminate(`helm-suite cancel: the execution could not make progress (${stuck})`);
    logger.warn(`Suite ${suite} could not make progress (${stuck}); terminated it and its runs`);
    return 0;
  }
  await handle.cancel();
  logger.info(`Cancellation requested for suite ${suite}; waiting for its runs to stop`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') {
      logger.info(`Suite ${suite}: ${status.name}`);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await handle.terminate(`helm-suite cancel: not cancelled within ${timeoutMs / 1000} s (no worker serving its task queue ${description.taskQueue}?)`);
  logger.warn(`Suite ${suite} did not stop within ${timeoutMs / 1000} s (no worker serving task queue ${description.taskQueue}?); terminated it and its runs`);
  return 0;
}
