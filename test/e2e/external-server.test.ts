import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, stopDevServer } from '../../infra/dev-server';
import { helmRun } from '../helpers/cli';
import { HELM_WORKER_BIN, SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/** A Temporal server started separately, helm-worker processes, and helm-run --temporal-address. */
describe('helm-run with --temporal-address and helm-worker processes', () => {
  let work: string;
  let address: string;
  const workers: ChildProcess[] = [];
  let cpuWorkerLog = '';
  const serverState = () => path.join(work, 'server_state');

  beforeAll(async () => {
    work = tempDir('external');
    address = (await startDevServer({ localPath: serverState(), port: testPort(17263) })).address;
    for (const roles of [['cpu'], ['models']]) {
      const worker = spawn(process.execPath, [HELM_WORKER_BIN, '--temporal-address', address, '--role', ...roles], {
        cwd: work,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, HELM_LOG_FORMAT: 'json' },
      });
      worker.stderr?.on('data', (d: Buffer) => {
        if (roles[0] === 'cpu') cpuWorkerLog += d.toString();
        else process.stderr.write(d);
      });
      workers.push(worker);
    }
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve(null) : w.once('exit', resolve)))));
    await stopDevServer(serverState());
  });

  it('runs a suite on the workers, without starting an embedded server', async () => {
    const result = await helmRun(
      ['--run-entries', 'mmlu:subject=astronomy,model=simple/model1', '--suite', 'fleet', '-m', '12', '--temporal-address', address, '--data-mirror', SHARED_DATA],
      { cwd: work },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('workflow helm:fleet');
    expect(fs.existsSync(path.join(work, 'prod_env', 'temporal'))).toBe(false);
    const run = path.join(work, 'benchmark_output', 'runs', 'fleet', 'mmlu:subject=astronomy,method=multiple_choice_joint,model=simple_model1');
    expect(fs.readdirSync(run).sort()).toEqual(['per_instance_stats.json', 'run_spec.json', 'scenario.json', 'scenario_state.json', 'stats.json']);
  });

  it("a failed run is logged by the worker that ran its shard, with the run's workflow id and the cause", async () => {
    const mirror = path.join(work, 'corrupt-mirror', 'mmlu');
    fs.cpSync(path.join(SHARED_DATA, 'mmlu'), mirror, { recursive: true });
    fs.appendFileSync(path.join(mirror, 'test', 'anatomy_test.csv'), 'a question with,too few,columns\n');
    // Its own output path: the mirror is copied once per output path, and the first test's is intact.
    const result = await helmRun(
      ['--run-entries', 'mmlu:subject=anatomy,model=simple/model1', '--suite', 'fleet-bad', '-m', '5', '-o', 'corrupt_output', '--temporal-address', address, '--data-mirror', path.dirname(mirror)],
      { cwd: work },
    );
    expect(result.code, result.stderr).toBe(1);
    // The worker's stderr arrives through a pipe; give it a moment after helm-run's exit.
    const failureLine = (): string | undefined => cpuWorkerLog.split('\n').find((l) => l.includes('Run mmlu:subject=anatomy') && l.includes('failed'));
    for (let i = 0; i < 50 && failureLine() === undefined; i++) await new Promise((r) => setTimeout(r, 100));
    const line = failureLine();
    expect(line, cpuWorkerLog.slice(-2000)).toBeDefined();
    const record = JSON.parse(line ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 40,
      runName: 'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1',
      runWorkflowId: 'helm:fleet-bad/mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1',
      workflowId: 'helm:fleet-bad#shard-0',
    });
    expect(String(record.msg)).toMatch(/anatomy_test\.csv/);
  });

  it('helm-worker exits 1 with a clear message when the server is unreachable', async () => {
    const worker = spawn(process.execPath, [HELM_WORKER_BIN, '--temporal-address', '127.0.0.1:1'], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    worker.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => worker.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/Temporal server unreachable at 127\.0\.0\.1:1/);
  });
});
