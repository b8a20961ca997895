import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, bundleWorkflowCode, type ReplayResult, type WorkflowBundle } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedHistory } from '../../scripts/record-replay-histories';

/**
 * Replay safety: histories recorded from real suites (scripts/record-replay-histories.ts) are
 * replayed by the Temporal SDK's replayer against the current workflow code. A change to
 * workflows/ that would break resuming a suite in flight (after an upgrade, a suite interrupted
 * under the old code continues under the new) fails here. README, "Changing workflow code", says
 * how to change workflows safely.
 */
const HISTORIES = path.join(__dirname, 'histories');
/** One folder per helm-ts version the histories were recorded with: every one of them must replay. */
const versions = fs.readdirSync(HISTORIES).filter((v) => fs.existsSync(path.join(HISTORIES, v, 'index.json')));
type Entry = RecordedHistory & { version: string };
const index: Entry[] = versions.flatMap((version) =>
  (JSON.parse(fs.readFileSync(path.join(HISTORIES, version, 'index.json'), 'utf8')) as RecordedHistory[]).map((h) => ({ ...h, version })),
);

function load(entry: Entry): { workflowId: string; history: temporal.api.history.v1.History } {
  const History = temporal.api.history.v1.History;
  return { workflowId: entry.workflowId, history: History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES, entry.version, entry.file), 'utf8'))) };
}

async function replay(bundle: WorkflowBundle, entries: Entry[]): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, entries.map(load))) results.push(result);
  return results;
}

describe('recorded workflow histories replay against the current workflow code', () => {
  let bundle: WorkflowBundle;

  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, '..', '..', 'workflows', 'index.ts') });
  });

  it('cover every workflow type: a failed run, an activity retry, signals, a summarize, a suite in flight and a cancelled one', () => {
    expect(versions.length).toBeGreaterThan(0);
    const kinds = new Set(index.map((h) => `${h.case} ${h.workflowType} ${h.status}`));
    for (const kind of [
      'failed-run suiteWorkflow FAILED',
      'failed-run shardWorkflow COMPLETED',
      'failed-run runWorkflow COMPLETED',
      'failed-run runWorkflow FAILED',
      'failed-run summarizeWorkflow COMPLETED',
      'in-flight suiteWorkflow RUNNING',
      'in-flight shardWorkflow RUNNING',
      'in-flight runWorkflow RUNNING',
      'cancelled suiteWorkflow CANCELLED',
      'cancelled shardWorkflow CANCELLED',
      'cancelled runWorkflow CANCELLED',
      'grouped suiteWorkflow COMPLETED',
      'grouped shardWorkflow COMPLETED',
      'grouped runWorkflow COMPLETED',
    ]) {
      expect(kinds).toContain(kind);
    }
    // The retry: the anatomy run's prepareRun started a second time after an injected transient fault.
    const retried = load(index.find((h) => h.case === 'failed-run' && h.workflowId.includes('subject=anatomy')) as Entry);
    expect(retried.history.events.some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 0) > 1)).toBe(true);
  });

  it('every history of every version replays without a nondeterminism error', async () => {
    const results = await replay(bundle, index);
    expect(results).toHaveLength(index.length);
    const failures = results.filter((r) => r.error !== undefined).map((r) => `${r.workflowId}: ${(r.error as Error).message}`);
    expect(failures).toEqual([]);
  });

  it('a workflow changed without a patch fails to replay (the check is real)', async () => {
    const changed = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'changed-workflows.ts') });
    const runs = index.filter((h) => h.workflowType === 'runWorkflow');
    const results = await replay(changed, runs);
    expect(results).toHaveLength(runs.length);
    for (const result of results) expect(result.error, result.workflowId).toBeInstanceOf(DeterminismViolationError);
  });
});
