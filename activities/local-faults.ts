import { ApplicationFailure } from '@temporalio/activity';
import { asLocalFileError } from '../core/common/file-errors';

/**
 * Disk full, no permission, read-only disk: retrying an activity ten times over minutes does not
 * heal them, so they fail the activity at once (non-retryable), with the file named and what to do.
 * Everything else keeps the retry policy of workflows/retry.ts.
 */
export function failFastOnLocalFaults<Args extends unknown[], R>(activity: (...args: Args) => Promise<R>): (...args: Args) => Promise<R> {
  const wrapped = async (...args: Args): Promise<R> => {
    try {
      return await activity(...args);
    } catch (error) {
      const fault = asLocalFileError(error);
      if (fault === undefined) throw error;
      throw ApplicationFailure.create({ type: 'LocalFileError', message: fault.message, nonRetryable: true, details: [{ code: fault.code, file: fault.file }] });
    }
  };
  // Temporal registers activities under their object keys; the name is for stack-free logs.
  Object.defineProperty(wrapped, 'name', { value: activity.name });
  return wrapped;
}
