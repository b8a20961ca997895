import { proxyActivities } from '@temporalio/workflow';
import type { HelmActivities } from '../../activities';
import type { RunRef } from '../../workflows/types';

/**
 * A RunWorkflow changed in a way that cannot resume a run already in flight (its first activity is
 * now finishRun, not prepareRun), with no patch. replay.test.ts replays the recorded histories
 * against it to show that the replayer does catch such a change. Not part of the workflow bundle.
 */
const { finishRun } = proxyActivities<HelmActivities>({ startToCloseTimeout: '1m' });

export async function runWorkflow(input: { run: RunRef; options: { dryRun: boolean } }): Promise<unknown> {
  return finishRun(input.run, { dryRun: input.options.dryRun });
}
