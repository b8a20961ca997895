import { ApplicationFailure } from '@temporalio/common';
import type { RequestResult } from '../core/models/schemas';

export interface RequestBatch {
  index: number;
  /** Request-state indices [start, end). */
  start: number;
  end: number;
}

/** One line of a batch's results file in the run's work folder. */
export interface BatchResultLine {
  i: number;
  result: RequestResult;
}

/**
 * HELM's executor rule: a failed request whose error flags say it is not fatal is recorded
 * (success false, one empty completion) and the run goes on; any other failure fails the run.
 */
export function acceptResult(result: RequestResult, index: number): RequestResult {
  if (result.success) return result;
  if (result.error_flags && result.error_flags.is_fatal !== true) {
    return { ...result, completions: [{ text: '', logprob: 0, tokens: [] }] };
  }
  throw ApplicationFailure.nonRetryable(`Request ${index} failed: ${result.error ?? 'unknown error'}`, 'ModelRequestFailed');
}
