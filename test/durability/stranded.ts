import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { StrandedActivity } from './harness';

/** Heartbeat timeouts longer than this are shortened by the test rather than waited for. */
export const LONGEST_WAIT_SECONDS = 10;
const SHORTENED_SECONDS = 2;

function seconds(duration: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!duration) return 0;
  return Number(duration.seconds ?? 0) + (duration.nanos ?? 0) / 1e9;
}

/**
 * Activities that a killed process had started are only retried once Temporal notices: at their
 * heartbeat timeout (request batches: 5 minutes in workflows/run-workflow.ts). The test does not
 * wait that long; like an operator would (`temporal activity update-options --heartbeat-timeout`),
 * it shortens the heartbeat timeout of exactly those activities — started, attempt by the dead
 * process's identity (`<pid>@<host>`) — and records what it found, so the report can say what a
 * real crash costs. Activities of live workers are left alone.
 */
export async function expediteStranded(
  connection: Connection,
  workflowIds: string[],
  deadPid: number,
  seen: Map<string, StrandedActivity>,
): Promise<void> {
  for (const workflowId of workflowIds) {
    let description;
    try {
      description = await connection.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
    } catch {
      continue; // not started yet, or the server is restarting
    }
    for (const activity of description.pendingActivities ?? []) {
      const started = activity.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
      if (!started || !(activity.lastWorkerIdentity ?? '').startsWith(`${deadPid}@`)) continue;
      const key = `${workflowId}#${activity.activityId}#${activity.attempt}`;
      if (seen.has(key)) continue;
      const heartbeatTimeoutSeconds = seconds(activity.activityOptions?.heartbeatTimeout);
      const record: StrandedActivity = {
        workflowId,
        activityType: activity.activityType?.name ?? '?',
        attempt: activity.attempt ?? 0,
        heartbeatTimeoutSeconds,
        shortened: false,
      };
      if (heartbeatTimeoutSeconds === 0 || heartbeatTimeoutSeconds > LONGEST_WAIT_SECONDS) {
        await connection.workflowService.updateActivityOptions({
          namespace: 'default',
          execution: { workflowId },
          id: activity.activityId,
          activityOptions: { heartbeatTimeout: msToTs(SHORTENED_SECONDS * 1000) },
          updateMask: { paths: ['heartbeat_timeout'] },
          identity: 'helm-ts durability test',
        });
        record.shortened = true;
      }
      seen.set(key, record);
    }
  }
}

/** Runs expediteStranded every 500 ms until stop() (errors while the server is away are ignored). */
export function watchStranded(connection: Connection, workflowIds: string[], deadPid: number) {
  const seen = new Map<string, StrandedActivity>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await expediteStranded(connection, workflowIds, deadPid, seen).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return {
    seen,
    async stop(): Promise<StrandedActivity[]> {
      stopped = true;
      await loop;
      return [...seen.values()];
    },
  };
}
