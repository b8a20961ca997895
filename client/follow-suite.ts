import path from 'node:path';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { Logger } from 'pino';
import type { SuiteResult } from '../workflows/types';
import { SuiteProgressDisplay } from './progress';
import type { TemporalSession } from './session';
import { liveProgress } from './suite-progress';

/** Seconds after a first Ctrl-C during which a second one cancels the suite instead of detaching. */
const SECOND_INTERRUPT_WINDOW_MS = 3_000;

/** Innermost failure message: that is the one the user needs (e.g. an unknown model). */
export function failureMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

async function watch(session: TemporalSession, suite: string, handle: WorkflowHandle, display: SuiteProgressDisplay): Promise<SuiteResult> {
  let finished = false;
  const result = handle.result() as Promise<SuiteResult>;
  void result.finally(() => (finished = true)).catch(() => undefined);
  while (!finished) {
    const progress = await liveProgress(session.client, suite);
    if (progress) display.update(progress);
    // Each poll is a few queries (suite, running shard, running runs); once a second is plenty.
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 1_000))]);
  }
  // A finished suite still answers queries while a worker is up; if not, the result suffices.
  const progress = await liveProgress(session.client, suite);
  if (progress) display.update(progress);
  return result;
}

/**
 * Shows progress until the suite ends and returns the exit code: 0 done, 1 failed runs or a failed
 * suite, 130 detached or cancelled. Ctrl-C once detaches (the suite keeps going in Temporal);
 * twice within 3 s cancels it and waits for the cancellation to finish.
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
      void handle.cancel().catch((error: unknown) => logger.error(`Could not cancel: ${String(error)}`));
    }
  };
  process.on('SIGINT', onInterrupt);
  try {
    const outcome = await Promise.race([watch(session, suite, handle, display), detached]);
    if (outcome === 'detached') {
      logger.warn(`Detached from ${handle.workflowId}. Run the same command again (or helm-suite resume ${suite}) to resume.`);
      return 130;
    }
    const result = outcome;
    display.stop();
    logger.info(`Suite ${result.suite}: ${result.runsCompleted} run(s) completed, ${result.runsSkipped} skipped, ${result.runsFailed} failed`);
    process.stdout.write(`Outputs: ${path.relative(process.cwd(), result.outputDir) || '.'}\n`);
    if (result.runsFailed > 0) {
      for (const run of result.failed) logger.error(`Run ${run.runName} failed: ${run.error}`);
      const more = result.runsFailed > result.failed.length ? ` (and ${result.runsFailed - result.failed.length} more)` : '';
      process.stderr.write(`Failed runs: [${result.failed.map((f) => JSON.stringify(f.runName)).join(', ')}]${more}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure) {
      logger.warn(`Suite ${suite} cancelled; completed runs keep their files, the others left none.`);
      return 130;
    }
    if (error instanceof WorkflowFailedError) {
      logger.error(failureMessage(error));
      return 1;
    }
    throw error;
  } finally {
    display.stop();
    process.off('SIGINT', onInterrupt);
  }
}
