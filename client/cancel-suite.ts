import { WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from 'pino';
import { suiteWorkflowId } from '../workflows/types';
import type { TemporalSession } from './session';

/**
 * Requests cancellation of a running suite and waits until it is closed: its shard and run
 * workflows are cancelled with it; runs that already wrote their files keep them, and files are
 * written atomically, so nothing is left half-written.
 */
export async function cancelSuite(session: TemporalSession, suite: string, logger: Logger, timeoutMs = 120_000): Promise<number> {
  const handle = session.client.workflow.getHandle(suiteWorkflowId(suite));
  try {
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') {
      logger.warn(`Suite ${suite} is not running (status ${description.status.name}); nothing to cancel`);
      return 0;
    }
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      logger.error(`No suite ${suite} (workflow ${handle.workflowId}) on this Temporal server`);
      return 1;
    }
    throw error;
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
  logger.error(`Suite ${suite} still running after ${timeoutMs / 1000} s; is a worker polling its task queue?`);
  return 1;
}
