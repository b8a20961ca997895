import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { foldGrpcRetry, foldTemporalLog } from '../../../client/temporal-logging';

/** The Temporal SDK's own log entries, folded into one readable line each. */
describe('folding the Temporal SDK’s log entries', () => {
  it('an "Activity failed" dump: one line with where and why, no task token or option dump', () => {
    const line = foldTemporalLog('Activity failed', {
      sdkComponent: 'activity',
      taskToken: 'CiQ4ZjM2YjQ4Zi1hNGQ3LTQ2OWItYjY0Ny1mOTg0NjNmMzg3ZTUSEGhlbG06djEvcnVuIG5hbWUaJDAxOTM…',
      activityType: 'prepareRun',
      activityId: '1',
      workflowId: 'helm:v1/mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1',
      workflowType: 'runWorkflow',
      attempt: 3,
      error: new Error('Activity task failed', { cause: ApplicationFailure.retryable('connect ECONNRESET 127.0.0.1:9', 'Error') }),
      durationMs: 12,
    });
    expect(line).toBe(
      'temporal: Activity failed (activity prepareRun, helm:v1/mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1, attempt 3): connect ECONNRESET 127.0.0.1:9',
    );
    expect(line).not.toMatch(/taskToken|CiQ4|\n/);
  });

  it('a multi-line warning (the core’s TMPRL1104, followed by a dump of the task) keeps its first line only', () => {
    const message = [
      '[TMPRL1104] Workflow task duration exceeded 2 seconds.',
      ...Array.from({ length: 16 }, (_, i) => `    payloadUploadDrivers: [${i}] { … }`),
    ].join('\n');
    expect(foldTemporalLog(message, { sdkComponent: 'core', workflowType: 'shardWorkflow', workflowId: 'helm:v1#shard-0' })).toBe(
      'temporal: [TMPRL1104] Workflow task duration exceeded 2 seconds. (workflow shardWorkflow, helm:v1#shard-0)',
    );
  });

  it('an error with an empty message object ("error: {}") names nothing that is not there', () => {
    expect(foldTemporalLog('Workflow task failed', { workflowType: 'suiteWorkflow', workflowId: 'helm:v1', error: {} })).toBe(
      'temporal: Workflow task failed (workflow suiteWorkflow, helm:v1)',
    );
  });

  it('the core’s gRPC retries say once that the server cannot be reached', () => {
    const raw =
      'gRPC call poll_workflow_task_queue retried 11 times, error: Status { code: Unavailable, message: "error trying to connect: tcp connect error: Connection refused (os error 111)", details: [], metadata: MetadataMap { headers: {} }, source: None }';
    expect(foldGrpcRetry(raw)).toBe('temporal: cannot reach the Temporal server (Unavailable: error trying to connect: tcp connect error: Connection refused (os error 111)); retrying');
    expect(foldGrpcRetry('Workflow completed')).toBeUndefined();
  });
});
