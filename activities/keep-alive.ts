import { Context } from '@temporalio/activity';

/** How often a running activity tells Temporal it is alive, whatever it is waiting for. */
const HEARTBEAT_EVERY_MS = 5_000;

/**
 * Runs `work` while heartbeating every few seconds, so Temporal notices a dead worker within the
 * heartbeat timeout (and retries elsewhere) even while the activity waits on a slow model or a
 * rate limit. `details` are the progress a retry resumes from.
 */
export async function keepAlive<T>(work: () => Promise<T>, details?: () => unknown): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(details?.()), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
