import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_FILES } from '../../core/outputs/paths';
import { stopDevServer } from '../../infra/dev-server';
import { helmRun, runCli } from '../helpers/cli';
import { PROJECT_ROOT, SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/** helm-suite list/status/cancel/resume/retry-failed and helm-run --cancel, through the real CLIs. */
const HELM_SUITE_BIN = path.join(PROJECT_ROOT, 'bin', 'helm-suite.js');
const PORT = String(testPort(17273));
const ANATOMY = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1';
const ASTRONOMY = 'mmlu:subject=astronomy,method=multiple_choice_joint,model=simple_model1';

describe('managing suites', () => {
  let work: string;
  const suite = (args: string[]) => runCli(HELM_SUITE_BIN, [...args, '--temporal-port', PORT], { cwd: work });
  const run = (args: string[]) => helmRun([...args, '--temporal-port', PORT, '--data-mirror', SHARED_DATA], { cwd: work });
  const runDir = (suiteName: string, runName: string) => path.join(work, 'benchmark_output', 'runs', suiteName, runName);
  /** A run directory has all of HELM's five files or none: a cancelled run never leaves a partial set. */
  const allOrNothing = (dir: string) => {
    const present = fs.existsSync(dir) ? RUN_FILES.filter((f) => fs.existsSync(path.join(dir, f))).length : 0;
    expect([0, RUN_FILES.length]).toContain(present);
  };

  beforeAll(() => {
    work = tempDir('suites');
  });

  afterAll(async () => {
    await stopDevServer(path.join(work, 'prod_env'));
  });

  it('cancels a submitted suite, then resumes it with its original input', async () => {
    const entries = ['--run-entries', 'mmlu:subject=anatomy,model=simple/model1', 'mmlu:subject=astronomy,model=simple/model1'];
    // --no-wait with the embedded server: submitted, but nothing works on it until a worker comes.
    const submitted = await run([...entries, '--suite', 'c1', '-m', '30', '--no-wait']);
    expect(submitted.code, submitted.stderr).toBe(0);
    const status = await suite(['status', 'c1']);
    expect(status.stdout).toMatch(/Suite c1: running/);
    // Nothing serves an embedded suite submitted with --no-wait: status answers from Temporal alone.
    expect(status.stdout).toMatch(/no worker is serving it \(task queue helm\/c1\)/);

    const cancelled = await run([...entries, '--suite', 'c1', '-m', '30', '--cancel']);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stderr).toMatch(/Suite c1: CANCELLED/);
    expect((await suite(['status', 'c1'])).stdout).toMatch(/Suite c1: cancelled/);
    allOrNothing(runDir('c1', ANATOMY));
    allOrNothing(runDir('c1', ASTRONOMY));

    const resumed = await suite(['resume', 'c1']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/Running again suite c1 \(was CANCELLED\)/);
    for (const name of [ANATOMY, ASTRONOMY]) expect(fs.readdirSync(runDir('c1', name)).sort()).toEqual([...RUN_FILES].sort());
    // Both executions are listed, told apart by their run ids.
    const list = (await suite(['list'])).stdout;
    const rows = list.split('\n').filter((l) => l.startsWith('c1 '));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^c1\s+completed\s+2\/2 runs done\s/);
    expect(rows[1]).toMatch(/^c1\s+cancelled\s/);
    const runIds = rows.map((r) => r.split(/\s+/).pop());
    expect(new Set(runIds).size).toBe(2);
  });

  it('retry-failed runs again only the runs without complete outputs', async () => {
    const entries = ['--run-entries', 'mmlu:subject=anatomy,model=simple/model1', 'mmlu:subject=astronomy,model=simple/model1'];
    // A private output folder whose astronomy data is broken: that run fails, anatomy completes.
    const output = path.join(work, 'retry_output');
    const data = path.join(output, 'scenarios', 'mmlu', 'data');
    fs.cpSync(path.join(SHARED_DATA, 'mmlu'), data, { recursive: true });
    const astronomyCsv = path.join(data, 'test', 'astronomy_test.csv');
    const good = fs.readFileSync(astronomyCsv);
    fs.appendFileSync(astronomyCsv, 'broken,row\n');
    const first = await run([...entries, '--suite', 'r1', '-m', '10', '-o', output]);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(`Failed runs: ["${ASTRONOMY}"]`);
    // A suite with a failed run looks failed, without any worker running: "completed with failures".
    const failed = await suite(['status', 'r1']);
    expect(failed.stdout).toMatch(/Suite r1: completed with failures, 1\/2 runs done, 1 failed/);
    expect(failed.stdout).toContain(`failed: ${ASTRONOMY}: `);
    expect((await suite(['list'])).stdout).toMatch(/^r1\s+completed with failures\s+1\/2 runs done, 1 failed\s/m);
    const anatomyDir = path.join(output, 'runs', 'r1', ANATOMY);
    const anatomyStats = fs.statSync(path.join(anatomyDir, 'stats.json')).mtimeMs;

    fs.writeFileSync(astronomyCsv, good);
    const retried = await suite(['retry-failed', 'r1']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stderr).toMatch(/1 run\(s\) completed, 1 skipped, 0 failed/);
    expect(fs.readdirSync(path.join(output, 'runs', 'r1', ASTRONOMY)).sort()).toEqual([...RUN_FILES].sort());
    expect(fs.statSync(path.join(anatomyDir, 'stats.json')).mtimeMs).toBe(anatomyStats);
  });

  it('names an unknown suite', async () => {
    const result = await suite(['status', 'nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^helm-suite: error: No suite nope on this Temporal server/m);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
