import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelTaskQueues, modelTaskQueueFor } from '../../core/models/task-queues';
import { stopDevServer } from '../../infra/dev-server';
import { runWorkflowId } from '../../workflows/types';
import { helmRun } from '../helpers/cli';
import { SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/** prod_env/model_task_queues.yaml routes a deployment's model calls to its own, rate-limited queue. */
describe('model task queues per deployment', () => {
  let work: string;
  const PORT = testPort(17323);
  const RUN = 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1';

  beforeAll(() => {
    work = tempDir('queues');
    fs.mkdirSync(path.join(work, 'prod_env'), { recursive: true });
    fs.writeFileSync(
      path.join(work, 'prod_env', 'model_task_queues.yaml'),
      'model_task_queues:\n  - task_queue: helm-models-simple\n    deployments: ["simple/*"]\n    max_batches_per_second: 5\n',
    );
  });

  afterAll(async () => {
    await stopDevServer(path.join(work, 'prod_env'));
  });

  it('routes by deployment pattern, first match wins, default otherwise', () => {
    const routes = loadModelTaskQueues(path.join(work, 'prod_env'));
    expect(modelTaskQueueFor(routes, 'simple/model1', 'helm-models')).toBe('helm-models-simple');
    expect(modelTaskQueueFor(routes, 'openai/gpt-4o', 'helm-models')).toBe('helm-models');
  });

  it('runs the batches on the routed queue, served by the embedded worker', async () => {
    const result = await helmRun(
      ['-r', 'mmlu:subject=philosophy,model=simple/model1', '--suite', 'q1', '-m', '6', '--request-batch-size', '2', '--data-mirror', SHARED_DATA, '--temporal-port', String(PORT)],
      { cwd: work },
    );
    expect(result.code, result.stderr).toBe(0);
    const connection = await Connection.connect({ address: `127.0.0.1:${PORT}` });
    try {
      const history = await new Client({ connection }).workflow.getHandle(runWorkflowId('q1', RUN)).fetchHistory();
      const queues = (history.events ?? [])
        .map((e) => e.activityTaskScheduledEventAttributes)
        .filter((a) => a?.activityType?.name === 'executeRequestBatch')
        .map((a) => a?.taskQueue?.name);
      expect(queues).toEqual(['helm-models-simple', 'helm-models-simple', 'helm-models-simple']);
      // Every step carries a summary for the Temporal UI's event history.
      const summaries = (history.events ?? [])
        .filter((e) => e.activityTaskScheduledEventAttributes)
        .map((e) => (e.userMetadata?.summary ? defaultPayloadConverter.fromPayload<string>(e.userMetadata.summary) : undefined));
      expect(summaries).toEqual([
        'prepare: load scenario, adapt prompts and requests',
        'requests 0–1 of 6 (batch 1/3)',
        'requests 2–3 of 6 (batch 2/3)',
        'requests 4–5 of 6 (batch 3/3)',
        'finish: metrics, the five run files',
      ]);
    } finally {
      await connection.close();
    }
  });

  it('names a malformed routes file', async () => {
    fs.mkdirSync(path.join(work, 'bad_env'), { recursive: true });
    fs.writeFileSync(path.join(work, 'bad_env', 'model_task_queues.yaml'), 'model_task_queues:\n  - deployments: ["simple/*"]\n');
    const result = await helmRun(['-r', 'mmlu:subject=philosophy,model=simple/model1', '--suite', 'q2', '-m', '2', '--local-path', 'bad_env', '--temporal-port', String(PORT + 1)], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/model_task_queues\.yaml: model_task_queues\.0\.task_queue/);
  });
});
