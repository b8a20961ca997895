import { proxyActivities } from '@temporalio/workflow';
import type { HelmActivities } from '../activities';
import { ACTIVITY_RETRY } from './retry';
import type { SuitePaths } from './types';

const { summarizeSuite } = proxyActivities<HelmActivities>({
  startToCloseTimeout: '2h',
  heartbeatTimeout: '2m',
  retry: ACTIVITY_RETRY,
});

/** helm-summarize of a suite as a workflow: HELM's summary files, then helm-server can show them. */
export async function summarizeWorkflow(paths: SuitePaths): Promise<{ runs: number; skipped: number }> {
  return summarizeSuite(paths);
}
