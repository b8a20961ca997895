import { ApplicationFailure } from '@temporalio/activity';
import { HelmInputError } from '../core/common/errors';

/**
 * Temporal names a thrown error's failure type after its class, so a subclass of HelmInputError
 * (a damaged cache file, a wrong cache password) would not match the retry policy's
 * `nonRetryableErrorTypes: ['HelmInputError']` and be retried ten times. Every activity's
 * HelmInputError leaves as a non-retryable failure of type HelmInputError, whatever its class.
 */
export function failInputErrorsAtOnce<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (error) {
        if (error instanceof HelmInputError && error.constructor !== HelmInputError) {
          throw ApplicationFailure.create({ type: 'HelmInputError', message: error.message, nonRetryable: true });
        }
        throw error;
      }
    };
  }
  return wrapped as T;
}
