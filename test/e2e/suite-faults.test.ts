import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_FILES } from '../../core/outputs/paths';
import { devServerStatus, startDevServer, stopDevServer } from '../../infra/dev-server';
import { helmRun, runCli, type CliResult } from '../helpers/cli';
import { startFakeModelProcess, type FakeModelProcess } from '../helpers/fake-model-server';
import { PROJECT_ROOT, SHARED_DATA, tempDir, testPort } from '../helpers/paths';
import { CONCURRENCY_FLAGS, helmRunArgs, prepareWork, waitUntil } from '../durability/harness';

/**
 * What a user sees when a suite meets another helm-run, a full disk or a dying server, through the
 * real CLIs on a real embedded Temporal dev server: one readable message saying what happened and
 * what to do, a non-zero exit, no stack trace, and a rerun that completes.
 */

const PORT = testPort(17480);
const KILL_PORT = testPort(17482);
const HELM_SUITE_BIN = path.join(PROJECT_ROOT, 'bin', 'helm-suite.js');
const FAULT_PRELOAD = path.join(PROJECT_ROOT, 'test', 'helpers', 'inject-fs-fault.cjs');
const ANATOMY = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1';
const STACK_LINE = /^\s*at (?:.+ \(.+:\d+:\d+\)|\S+:\d+:\d+|new |async )/m;

function expectNoStack(result: CliResult): void {
  const said = `${result.stderr}\n${result.stdout}`;
  expect(said).not.toMatch(STACK_LINE);
  expect(said).not.toMatch(/internal error|ServiceError|\[object Object\]/);
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

describe('suites meeting other helm-runs, full disks and a dying server', () => {
  let work: string;
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    helmRun([...args, '--temporal-port', String(PORT), '--data-mirror', SHARED_DATA], { cwd: work, env: { HELM_LOG_LEVEL: '', TEMPORAL_ADDRESS: '', ...env } });
  const suite = (args: string[]) => runCli(HELM_SUITE_BIN, [...args, '--temporal-port', String(PORT)], { cwd: work, env: { TEMPORAL_ADDRESS: '' } });

  beforeAll(async () => {
    work = tempDir('suite-faults');
    await startDevServer({ localPath: path.join(work, 'prod_env'), port: PORT });
  });

  afterAll(async () => {
    await stopDevServer(path.join(work, 'prod_env'));
  });

  it.each([['status'], ['cancel'], ['resume'], ['retry-failed']])('helm-suite %s of an unknown suite names it', async (command) => {
    const result = await suite([command, 'nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(command === 'cancel' ? /No suite nope \(workflow helm:nope\) on this Temporal server; helm-suite list shows the suites/ : /^helm-suite: error: No suite nope on this Temporal server \(workflow helm:nope\); helm-suite list shows the suites/m);
    expectNoStack(result);
  });

  it('--temporal-port other than the running embedded server’s is refused, naming both', async () => {
    const result = await helmRun(['-r', 'mmlu:subject=anatomy,model=simple/model1', '--suite', 'ports', '-m', '2', '--temporal-port', String(PORT + 1)], {
      cwd: work,
      env: { TEMPORAL_ADDRESS: '', HELM_DATA_MIRROR: SHARED_DATA },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^helm-run: error: The embedded Temporal dev server of .*prod_env already runs on 127\\.0\\.0\\.1:${PORT} \\(pid \\d+\\), not on --temporal-port ${PORT + 1}\\. Leave out --temporal-port to use it, or stop it first`, 'm'),
    );
    expectNoStack(result);
  });

  it('one suite name = one set of arguments: others are refused naming the running suite and how to cancel it; the same ones attach', async () => {
    const anatomy = ['-r', 'mmlu:subject=anatomy,model=simple/model1', '--suite', 'busy', '-m', '5'];
    // Submitted, and (embedded, --no-wait) nothing works on it: it stays running.
    const submitted = await run([...anatomy, '--no-wait']);
    expect(submitted.code, submitted.stderr).toBe(0);
    for (const other of [
      ['-r', 'mmlu:subject=philosophy,model=simple/model1', '--suite', 'busy', '-m', '5'],
      [...anatomy.slice(0, -1), '6'],
      [...anatomy, '-o', 'elsewhere'],
    ]) {
      const refused = await run(other);
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toMatch(
        /^helm-run: error: Suite busy is already running with other arguments \(workflow helm:busy, run [\w-]+, started [\dT:.Z-]+; 1 run entry \(mmlu:subject=anatomy,model=simple\/model1\); models simple\/model1; output path .*benchmark_output; local path .*prod_env; started by .*\)\. .*cancel it with `helm-suite cancel busy` \(or `helm-run --suite busy --cancel`\), or give this one another --suite name\./m,
      );
      expectNoStack(refused);
    }
    // Nothing of the refused runs happened.
    expect(fs.existsSync(path.join(work, 'elsewhere'))).toBe(false);
    expect(fs.existsSync(path.join(work, 'benchmark_output', 'runs', 'busy'))).toBe(false);

    // Another suite's helm-run on the same server serves its own suite only: busy, submitted with
    // arguments it was not given, stays untouched.
    const other = await run(['-r', 'mmlu:subject=philosophy,model=simple/model1', '--suite', 'other', '-m', '2']);
    expect(other.code, other.stderr).toBe(0);
    expect(fs.existsSync(path.join(work, 'benchmark_output', 'runs', 'busy'))).toBe(false);
    expect((await suite(['status', 'busy'])).stdout).toMatch(/Suite busy: running \(starting\)[\s\S]*\n  no worker is serving it \(task queue helm\/busy\)/);

    // The same arguments (in another order, with other speed flags) attach and finish it.
    const attached = await run(['--suite', 'busy', '-m', '5', '-r', 'mmlu:subject=anatomy,model=simple/model1', '--num-threads', '2']);
    expect(attached.code, attached.stderr).toBe(0);
    expect(attached.stderr).toMatch(/Suite busy is already running \(workflow helm:busy, started [\dT:.Z-]+\); attaching to it/);
    // One line for the finished run: instances, requests, seconds, main metric.
    expect(attached.stderr).toMatch(new RegExp(`INFO: Run ${ANATOMY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} done: 5 instances, 5 requests, \\d+\\.\\d s, exact_match \\(test\\) \\d\\.\\d{3}`));
    // Piped: plain readable lines, no colour codes or bar redraws, no JSON.
    expect(attached.stderr).not.toMatch(/\u001b\[/);
    for (const line of attached.stderr.trim().split('\n')) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] (INFO|WARN|ERROR): \S/);
    expect(fs.readdirSync(path.join(work, 'benchmark_output', 'runs', 'busy', ANATOMY)).sort()).toEqual([...RUN_FILES].sort());
  });

  it('--log-format json: every log line is a JSON object; the per-run line carries the run', async () => {
    const result = await run(['-r', 'mmlu:subject=anatomy,model=simple/model1', '--suite', 'json-logs', '-m', '3', '--log-format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.map((l) => l.msg)).toContainEqual(expect.stringMatching(/^Run mmlu:subject=anatomy,.* done: 3 instances, 3 requests, /));
  });

  it('a full disk while writing a run’s files: the run fails at once naming the file and what to do, no partial or temporary file; a rerun completes', async () => {
    const args = ['-r', 'mmlu:subject=anatomy,model=simple/model1', '--suite', 'full', '-m', '5'];
    const runFolder = path.join(work, 'benchmark_output', 'runs', 'full', ANATOMY);
    const started = Date.now();
    const full = await run(args, { NODE_OPTIONS: `--require ${FAULT_PRELOAD}`, HELM_TEST_FS_FAULT: 'ENOSPC:/work/full/[^/]+/[^/]+/per_instance_stats\\.json\\.tmp-' });
    expect(full.code).toBe(1);
    // The run's files are written once, in its work folder, then moved into the run folder.
    const workFolder = path.join(work, 'benchmark_output', 'work', 'full');
    expect(full.stderr).toContain(`Run ${ANATOMY} failed: Cannot write ${workFolder}${path.sep}`);
    expect(full.stderr).toContain(`${path.sep}${ANATOMY}${path.sep}per_instance_stats.json: no space left on the device (ENOSPC). To fix: free space on that disk`);
    expect(full.stderr).toContain(`Failed runs: ["${ANATOMY}"]`);
    expect(full.stderr).toContain('Run them again with: helm-suite retry-failed full');
    expectNoStack(full);
    // Not retried for minutes: well within the activities' first retry interval.
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(RUN_FILES.filter((f) => fs.existsSync(path.join(runFolder, f)))).toEqual([]);
    expect(filesUnder(path.join(work, 'benchmark_output')).filter((f) => /\.tmp-/.test(f))).toEqual([]);
    const status = await suite(['status', 'full']);
    expect(status.stdout).toMatch(/Suite full: completed with failures, 0\/1 runs done, 1 failed/);

    const again = await run(args);
    expect(again.code, again.stderr).toBe(0);
    expect(fs.readdirSync(runFolder).sort()).toEqual([...RUN_FILES].sort());
    expect(filesUnder(path.join(work, 'benchmark_output')).filter((f) => /\.tmp-/.test(f))).toEqual([]);
    expect(fs.readdirSync(path.join(work, 'benchmark_output', 'work', 'full'))).toEqual([]);
  });

  describe('the embedded dev server killed mid-suite', () => {
    let fake: FakeModelProcess;
    let killWork: string;

    beforeAll(async () => {
      fake = await startFakeModelProcess(150);
      killWork = path.join(work, 'server-killed');
      prepareWork(killWork, fake.baseUrl);
    });

    afterAll(async () => {
      await stopDevServer(path.join(killWork, 'prod_env'));
      await fake?.stop();
    });

    it('helm-run ends with a message that the suite is safe and how to resume, no stack trace; the same command completes it', async () => {
      const args = helmRunArgs('killed', ['--temporal-port', String(KILL_PORT), ...CONCURRENCY_FLAGS]);
      const env = { TEMPORAL_ADDRESS: '', HELM_LOG_LEVEL: '' };
      const first = runCli(path.join(PROJECT_ROOT, 'bin', 'helm-run.js'), args, { cwd: killWork, env });
      await waitUntil('model calls', async () => (await fake.stats()).calls >= 8);
      const pid = devServerStatus(path.join(killWork, 'prod_env'))?.pid;
      expect(pid).toBeDefined();
      process.kill(pid as number, 'SIGKILL');
      const killed = await first;
      expect(killed.code).toBe(1);
      expect(killed.stderr).toMatch(
        /(The embedded Temporal dev server stopped while suite killed was running|Lost the connection to the Temporal server)[^\n]*The suite's state is safe in Temporal: once the server is back, run the same command again to resume/,
      );
      expectNoStack(killed);

      await fake.setDelay(0);
      const resumed = await runCli(path.join(PROJECT_ROOT, 'bin', 'helm-run.js'), args, { cwd: killWork, env });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(/Suite killed is already running .*attaching to it/);
      expect(resumed.stderr).toMatch(/Suite killed: 3 run\(s\) completed, 0 skipped, 0 failed/);
    });
  });
});
