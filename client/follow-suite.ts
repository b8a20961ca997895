import path from 'node:path';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure } from '@temporalio/common';
import type { Logger } from 'pino';
import { SUITE_RUNS_FAILED, type SuiteResult } from '../workflows/types';
import { CONNECTION_LOST_HINT, errorChain, isConnectionLoss } from './cli-runner';
import { SuiteProgressDisplay } from './progress';
import type { TemporalSession } from './session';
import { stuckReason } from './suite-control';
import { liveProgress } from './suite-progress';

/** Seconds after a first Ctrl-C during which a second one cancels the suite instead of detaching. */
const SECOND_INTERRUPT_WINDOW_MS = 3_000;
/** How often a followed suite is checked for executions that cannot make progress. */
const STUCK_CHECK_EVERY_MS = 15_000;

/** Innermost failure message: that is the one the user needs (e.g. an unknown model). */
export function failureMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** The SuiteResult a suite with failed runs carries in its failure (see workflows/suite-workflow.ts). */
export function failedSuiteResult(error: unknown): SuiteResult | undefined {
  const cause = error instanceof WorkflowFailedError ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type === SUITE_RUNS_FAILED) return cause.details?.[0] as SuiteResult | undefined;
  return undefined;
}

type Outcome = { kind: 'result'; result: SuiteResult } | { kind: 'stuck'; reason: string } | { kind: 'server gone' };

async function watch(session: TemporalSession, suite: string, handle: WorkflowHandle, display: SuiteProgressDisplay): Promise<Outcome> {
  let finished = false;
  const result = (handle.result() as Promise<SuiteResult>).catch((error: unknown) => {
    const withFailures = failedSuiteResult(error);
    if (withFailures) return withFailures;
    throw error;
  });
  void result.finally(() => (finished = true)).catch(() => undefined);
  let lastStuckCheck = Date.now();
  while (!finished) {
    if (!session.serverAlive()) return { kind: 'server gone' };
    const progress = await liveProgress(session.client, suite);
    if (progress) display.update(progress);
    if (Date.now() - lastStuckCheck > STUCK_CHECK_EVERY_MS && !finished) {
      lastStuckCheck = Date.now();
      const reason = await stuckReason(session.client, suite, handle.workflowId).catch(() => undefined);
      if (reason) return { kind: 'stuck', reason };
    }
    // Each poll is a few queries (suite, running shard, running runs); once a second is plenty.
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 1_000))]);
  }
  // A finished suite still answers queries while a worker is up: the last runs' lines.
  const progress = await liveProgress(session.client, suite);
  if (progress) display.update(progress);
  return { kind: 'result', result: await result };
}

/**
 * Shows progress until the suite ends and returns the exit code: 0 done, 1 failed runs, a failed
 * suite or one that cannot make progress, 130 detached or cancelled. Ctrl-C once detaches (the suite
 * keeps going in Temporal); twice within 3 s cancels it and waits for the cancellation to finish.
 */
export async function followSuite(session: TemporalSession, handle: WorkflowHandle, suite: string, logger: Logger): Promise<number> {
  const display = new SuiteProgressDisplay(logger);
  let interrupts = 0;
  let detach: () => void = () => undefined;
  const detached = new Promise<'detached'>((resolve) => (detach = () => resolve('detached')));
  const onInterrupt = (): void => {
    interrupts++;
    if (interrupts === 1) {
      logger.warn('Ctrl-C: detaching in 3 s (the suite keeps its state in Temporal); press Ctrl-C again to cancel the suite instead');
      setTimeout(() => interrupts === 1 && detach(), SECOND_INTERRUPT_WINDOW_MS).unref();
    } else if (interrupts === 2) {
      logger.warn(`Cancelling suite ${suite}…`);
      void handle.cancel().catch((error: unknown) => logger.error(`Could not cancel: ${errorChain(error)}`));
    }
  };
  process.on('SIGINT', onInterrupt);
  try {
    const outcome = await Promise.race([watch(session, suite, handle, display), detached]);
    if (outcome === 'detached') {
      display.stop();
      logger.warn(`Detached from ${handle.workflowId}. Run the same command again (or helm-suite resume ${suite}) to resume.`);
      return 130;
    }
    display.stop();
    if (outcome.kind === 'server gone') {
      logger.error(`The embedded Temporal dev server stopped while suite ${suite} was running. ${CONNECTION_LOST_HINT}`);
      return 1;
    }
    if (outcome.kind === 'stuck') {
      logger.error(`Suite ${suite} cannot make progress: ${outcome.reason}. Stop it with: helm-suite cancel ${suite}`);
      return 1;
    }
    const { result } = outcome;
    logger.info(`Suite ${result.suite}: ${result.runsCompleted} run(s) completed, ${result.runsSkipped} skipped, ${result.runsFailed} failed`);
    process.stdout.write(`Outputs: ${path.relative(process.cwd(), result.outputDir) || '.'}\n`);
    if (result.runsFailed > 0) {
      for (const run of result.failed) logger.error(`Run ${run.runName} failed: ${run.error}`);
      const more = result.runsFailed > result.failed.length ? ` (and ${result.runsFailed - result.failed.length} more)` : '';
      process.stderr.write(`Failed runs: [${result.failed.map((f) => JSON.stringify(f.runName)).join(', ')}]${more}\n`);
      process.stderr.write(`Run them again with: helm-suite retry-failed ${suite}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    display.stop();
    if (error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure) {
      logger.warn(`Suite ${suite} cancelled; completed runs keep their files, the others left none.`);
      return 130;
    }
    if (error instanceof WorkflowFailedError && error.cause instanceof TerminatedFailure) {
      logger.error(`Suite ${suite} was terminated (${failureMessage(error)}); completed runs keep their files.`);
      return 1;
    }
    if (error instanceof WorkflowFailedError) {
      logger.error(`Suite ${suite} failed: ${failureMessage(error)}`);
      return 1;
    }
    if (isConnectionLoss(error)) {
      logger.error(`Lost the connection to the Temporal server while following suite ${suite} (${errorChain(error)}). ${CONNECTION_LOST_HINT}`);
      return 1;
    }
    throw error;
  } finally {
    display.stop();
    process.off('SIGINT', onInterrupt);
  }
}
