import type { RetryPolicy } from '@temporalio/common';

/** Transient faults retry with backoff; bad input (HelmInputError) never heals by retrying. */
export const ACTIVITY_RETRY: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '1m',
  maximumAttempts: 10,
  nonRetryableErrorTypes: ['HelmInputError'],
};

/** The innermost cause carries the real message (e.g. the HelmInputError an activity threw). */
export function innermostMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
