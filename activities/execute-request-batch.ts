import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { WorkerContext } from './context';
import { keepAlive } from './keep-alive';
import type { RequestState } from '../core/adaptation/schemas';
import type { RequestResult } from '../core/models/schemas';
import { asLocalFileError } from '../core/common/file-errors';
import { batchResultsFile, workFile } from '../core/outputs/paths';
import { readJsonLines, readRunSpec } from './work-files';
import type { RunRef } from '../workflows/types';

export interface RequestBatch {
  index: number;
  /** Request-state indices [start, end). */
  start: number;
  end: number;
}

export interface BatchResultLine {
  i: number;
  result: RequestResult;
}

/** Request states are re-read by every batch of a run; keep the last few files parsed. */
const requestStateMemo = new Map<string, { mtimeMs: number; states: RequestState[] }>();

function requestStates(run: RunRef): RequestState[] {
  const file = workFile(run, 'requestStates');
  const { mtimeMs } = fs.statSync(file);
  const memo = requestStateMemo.get(file);
  if (memo && memo.mtimeMs === mtimeMs) return memo.states;
  const states = readJsonLines<RequestState>(file);
  requestStateMemo.set(file, { mtimeMs, states });
  while (requestStateMemo.size > 4) requestStateMemo.delete(requestStateMemo.keys().next().value as string);
  return states;
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

/** Results already written by an earlier attempt of this batch (a retry resumes after them). */
function completedIndices(file: string): Set<number> {
  const done = new Set<number>();
  if (!fs.existsSync(file)) return done;
  const text = fs.readFileSync(file, 'utf8');
  // Drop a torn last line so new lines start on a clean boundary.
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline !== text.length - 1) fs.truncateSync(file, lastNewline + 1);
  for (const line of readJsonLines<BatchResultLine>(file)) done.add(line.i);
  return done;
}

/**
 * Runner step 10 for one slice of requests: call the model (through the request cache), append
 * each result to the batch's JSONL file and heartbeat, so a killed worker loses at most the calls
 * in flight and the retry skips what is already written.
 */
export function createExecuteRequestBatch(context: WorkerContext) {
  return async function executeRequestBatch(
    run: RunRef,
    batch: RequestBatch,
    options: { disableCache: boolean; requestCache?: string },
  ): Promise<{ completed: number; cachedHits: number }> {
    const activity = Context.current();
    let done = new Set<number>();
    return keepAlive(async () => {
      const spec = readRunSpec(run);
      const client = context.modelClient(run, spec.adapter_spec.model_deployment, options.disableCache, options.requestCache);
      const states = requestStates(run);
      const file = batchResultsFile(run, batch.index);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      done = completedIndices(file);
      let cachedHits = 0;
      let pending: string[] = [];
      let lastHeartbeat = 0;
      const flush = (): void => {
        if (pending.length === 0) return;
        try {
          fs.appendFileSync(file, pending.join(''));
        } catch (error) {
          // A torn last line is dropped by the next attempt (completedIndices).
          throw asLocalFileError(error, file, 'append to') ?? error;
        }
        pending = [];
      };
    for (let i = batch.start; i < batch.end; i++) {
      if (done.has(i)) continue;
      if (activity.cancellationSignal.aborted) break;
      const result = acceptResult(await client.makeRequest(states[i].request), i);
      if (result.cached) cachedHits++;
      pending.push(JSON.stringify({ i, result } satisfies BatchResultLine) + '\n');
      done.add(i);
      // Written at once: a result lost with a killed worker would cost a model call again
      // (with --disable-cache); one small append per call is cheap next to the call itself.
      flush();
      if (Date.now() - lastHeartbeat > 1000) {
        activity.heartbeat({ completed: done.size });
        lastHeartbeat = Date.now();
      }
    }
    flush();
    activity.heartbeat({ completed: done.size });
    if (activity.cancellationSignal.aborted) throw new Error('Request batch cancelled');
    return { completed: batch.end - batch.start, cachedHits };
    }, () => ({ completed: done.size }));
  };
}
