import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFromArgs, type RunningServer } from '../../client/helm-server';
import { startDevServer, stopDevServer } from '../../infra/dev-server';
import { launchChromium, screenshotPath } from '../browser/browser';
import { helmRun, runCli } from '../helpers/cli';
import { PHILOSOPHY_YAML, writePhilosophyScenario } from '../helpers/declarative';
import { HELM_WORKER_BIN, PROJECT_ROOT, tempDir, testPort } from '../helpers/paths';
import { buildFrontend } from '../unit/server/helpers';

const SUMMARIZE_BIN = path.join(PROJECT_ROOT, 'bin', 'helm-summarize.js');
const EXAMPLE_PLUGIN = path.join(PROJECT_ROOT, 'examples', 'plugin', 'index.ts');
const RUN_FILES = ['per_instance_stats.json', 'run_spec.json', 'scenario.json', 'scenario_state.json', 'stats.json'];

function statValue(runDir: string, name: string, split = 'test'): number | undefined {
  const stats = JSON.parse(fs.readFileSync(path.join(runDir, 'stats.json'), 'utf8')) as Array<{ name: { name: string; split?: string; perturbation?: unknown }; mean?: number }>;
  return stats.find((s) => s.name.name === name && s.name.split === split && s.name.perturbation === undefined)?.mean;
}

describe('your own data: a declarative scenario from an empty folder to the leaderboard', () => {
  let work: string;
  const port = String(testPort(17333));

  beforeAll(() => {
    work = tempDir('own-data');
    writePhilosophyScenario(path.join(work, 'my_scenarios'), 12);
  });
  afterAll(async () => {
    await runCli(path.join(PROJECT_ROOT, 'bin', 'helm-temporal.js'), ['stop'], { cwd: work });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('helm-run --include-path runs it, helm-summarize makes its leaderboard, helm-server shows it in Chromium', async () => {
    const run = await helmRun(['--include-path', 'my_scenarios', '-r', 'philosophy_mine:model=simple/model1', '--suite', 'mine', '-m', '8', '--temporal-port', port], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    const runDir = path.join(work, 'benchmark_output', 'runs', 'mine', 'philosophy_mine:model=simple_model1');
    expect(fs.readdirSync(runDir).sort()).toEqual(RUN_FILES);
    const scenario = JSON.parse(fs.readFileSync(path.join(runDir, 'scenario.json'), 'utf8')) as Record<string, unknown>;
    expect(scenario).toMatchObject({ name: 'philosophy_mine', tags: ['multiple_choice', 'philosophy'] });
    const state = JSON.parse(fs.readFileSync(path.join(runDir, 'scenario_state.json'), 'utf8')) as { request_states: Array<{ instance: { id: string }; request: { prompt: string } }> };
    expect(state.request_states).toHaveLength(8);
    expect(state.request_states.every((rs) => rs.instance.id.startsWith('test-'))).toBe(true);
    expect(state.request_states[0].request.prompt).toMatch(/^Answer the philosophy questions\.\n\nQuestion: /);
    expect(statValue(runDir, 'exact_match')).toBeTypeOf('number');

    const summarized = await runCli(SUMMARIZE_BIN, ['--suite', 'mine'], { cwd: work });
    expect(summarized.code, summarized.stderr).toBe(0);
    const suiteDir = path.join(work, 'benchmark_output', 'runs', 'mine');
    const groupTables = JSON.parse(fs.readFileSync(path.join(suiteDir, 'groups', 'philosophy_mine.json'), 'utf8')) as Array<{ title: string; rows: Array<Array<{ value?: unknown }>> }>;
    expect(groupTables[0].rows.map((r) => r[0].value)).toEqual(['Simple Model 1']);

    buildFrontend();
    const server = await startFromArgs(['--port', '0', '-o', path.join(work, 'benchmark_output'), '--suite', 'mine']);
    if (server === 'help') throw new Error('unexpected --help');
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      await page.goto(`${(server as RunningServer).url}#/leaderboard/philosophy_mine`);
      await page.waitForSelector('main[aria-busy="false"]');
      expect(await page.textContent('h1')).toBe('Philosophy (my copy)');
      expect(await page.locator('#group-select optgroup[label="Your scenarios"] option').allTextContents()).toContain('Philosophy (my copy)');
      await page.waitForSelector('.tab-panel table tbody tr');
      const firstColumn = await page.$$eval('.tab-panel table tbody tr', (rows) => rows.map((r) => (r.children[0]?.textContent ?? '').trim()));
      expect(firstColumn).toEqual(['Simple Model 1']);
      await page.screenshot({ path: screenshotPath('own-scenario-leaderboard'), fullPage: true });
    } finally {
      await browser?.close();
      await (server as RunningServer).close();
    }
  });

  it('--list scenarios shows it (and custom_mcqa) with descriptions and arguments; --validate finds nothing wrong', async () => {
    const list = await helmRun(['--include-path', 'my_scenarios', '--list', 'scenarios'], { cwd: work });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/philosophy_mine\s+MMLU philosophy questions kept as my own scenario\. \(.*scenario\.yaml\)/);
    expect(list.stdout).toMatch(/custom_mcqa\s+A generic multiple choice question answering scenario that a user \[path \(required\), num_train_instances, method\]/);
    expect(list.stdout).toMatch(/mmlu\s+.*\[subject \(required\), method\]/);
    const metrics = await helmRun(['--list', 'metrics'], { cwd: work });
    expect(metrics.stdout).toMatch(/exact_match\s+Share of instances whose prediction equals a correct reference exactly\./);
    const ok = await helmRun(['--validate', 'my_scenarios'], { cwd: work });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toBe('No problems found.\n');
  });

  it('bad input stops helm-run before anything is written, naming file, line and field; --validate reports every problem at once', async () => {
    const bad = path.join(work, 'bad_scenarios');
    const folder = writePhilosophyScenario(bad, 4, PHILOSOPHY_YAML.replace('metrics: [exact_match, quasi_exact_match]', 'metrics: [exact_match, acuracy]'));
    const yaml = path.join(folder, 'scenario.yaml');
    const outputs = () => fs.existsSync(path.join(work, 'bad_output'));

    const unknownMetric = await helmRun(['--include-path', 'bad_scenarios', '-r', 'philosophy_mine:model=simple/model1', '--suite', 'bad', '-m', '3', '-o', 'bad_output', '--temporal-port', port], { cwd: work });
    expect(unknownMetric.code).toBe(1);
    expect(unknownMetric.stderr).toContain(`${yaml}:12: metrics.1: unknown metric name "acuracy"`);
    expect(outputs()).toBe(false);

    fs.writeFileSync(yaml, PHILOSOPHY_YAML);
    const trainFile = path.join(folder, 'train.jsonl');
    const lines = fs.readFileSync(trainFile, 'utf8').trim().split('\n');
    lines[2] = lines[2].replace('"input": {', '"inptu": {').replace('"input":{', '"inptu":{');
    lines[3] = lines[3].replace(/"tags":\["correct"\]/g, '"tags":[]');
    fs.writeFileSync(trainFile, lines.join('\n') + '\n');
    const badLines = await helmRun(['--include-path', 'bad_scenarios', '-r', 'philosophy_mine:model=simple/model1', '--suite', 'bad', '-m', '3', '-o', 'bad_output', '--temporal-port', port], { cwd: work });
    expect(badLines.code).toBe(1);
    expect(badLines.stderr).toContain(`${trainFile}:3: input: missing (required; expected object)`);
    expect(badLines.stderr).toContain(`${trainFile}:4: references: no reference is tagged "correct"`);
    expect(outputs()).toBe(false);

    fs.writeFileSync(path.join(work, 'entries.conf'), 'entries: [\n  {description: "philosophy_mine:model=simple/model1", priority: 1}\n  {description: "mmlu:subject=philosophy,model=simple/nope", priority: 1}\n]\n');
    const validate = await helmRun(['--include-path', 'bad_scenarios', '--validate', 'bad_scenarios', 'entries.conf'], { cwd: work });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(`${trainFile}:3: input: missing`);
    expect(validate.stdout).toContain(`${trainFile}:4: references: no reference is tagged "correct"`);
    expect(validate.stdout).toMatch(/entries\.conf: entry 1 \(philosophy_mine:model=simple\/model1\): philosophy_mine:model=simple_model1: Declarative scenario philosophy_mine [\s\S]*train\.jsonl:3/);
    expect(validate.stdout).toMatch(/entries\.conf: entry 2 \(mmlu:subject=philosophy,model=simple\/nope\): [\s\S]*?Unknown model or no default model deployment found for model simple\/nope/);
    expect(validate.stdout).toMatch(/\n5 problems found\.\n$/);
    expect(outputs()).toBe(false);

    const throwing = await helmRun(['--plugins', path.join(PROJECT_ROOT, 'test', 'fixtures', 'plugins', 'throws-at-import.ts'), '-r', 'mmlu:subject=philosophy,model=simple/model1', '--suite', 'bad', '-m', '3', '-o', 'bad_output', '--temporal-port', port], { cwd: work });
    expect(throwing.code).toBe(1);
    expect(throwing.stderr).toMatch(/--plugins .*throws-at-import\.ts: the plugin threw while loading \(at .*throws-at-import\.ts:5\): the plugin cannot find its configuration/);
    expect(outputs()).toBe(false);
  });
});

describe('a plugin scenario, metric and client on helm-worker processes', () => {
  let work: string;
  let address: string;
  const workers: ChildProcess[] = [];
  let log = '';
  const serverState = () => path.join(work, 'server_state');

  function startWorker(args: string[]): ChildProcess {
    const worker = spawn(process.execPath, [HELM_WORKER_BIN, '--temporal-address', address, ...args], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    worker.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    workers.push(worker);
    return worker;
  }

  beforeAll(async () => {
    work = tempDir('plugin-fleet');
    address = (await startDevServer({ localPath: serverState(), port: testPort(17343) })).address;
    startWorker(['--role', 'cpu', '--plugins', EXAMPLE_PLUGIN]);
    startWorker(['--role', 'models', '--plugins', EXAMPLE_PLUGIN]);
    // A models worker without the plugin, on a queue of its own.
    startWorker(['--role', 'models', '--model-task-queue', 'helm-models-bare']);
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve(null) : w.once('exit', resolve)))));
    await stopDevServer(serverState());
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('runs end to end: the plugin scenario on the plugin client, scored by the plugin metric', async () => {
    const result = await helmRun(['--plugins', EXAMPLE_PLUGIN, '-r', 'example_arithmetic:digits=2,model=example/calculator', '--suite', 'arith', '-m', '10', '--temporal-address', address], { cwd: work });
    expect(result.code, result.stderr + log.slice(-3000)).toBe(0);
    const runDir = path.join(work, 'benchmark_output', 'runs', 'arith', 'example_arithmetic:digits=2,model=example_calculator');
    expect(fs.readdirSync(runDir).sort()).toEqual(RUN_FILES);
    expect(statValue(runDir, 'absolute_error')).toBe(0);
    expect(statValue(runDir, 'answered_a_number')).toBe(1);
    expect(statValue(runDir, 'exact_match')).toBe(1);
    const scenario = JSON.parse(fs.readFileSync(path.join(runDir, 'scenario.json'), 'utf8')) as Record<string, unknown>;
    expect(scenario).toMatchObject({ name: 'example_arithmetic', definition_path: 'examples/plugin/index.ts' });
  });

  it('a worker without the plugin fails the run with a message saying which plugin and how to start workers; no run files', async () => {
    const result = await helmRun(
      ['--plugins', EXAMPLE_PLUGIN, '-r', 'example_arithmetic:digits=3,model=example/calculator', '--suite', 'arith-bare', '-m', '5', '--temporal-address', address, '--model-task-queue', 'helm-models-bare'],
      { cwd: work },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Suite arith-bare uses the plugin .*examples\/plugin\/index\.ts .*which helm-worker .* has not loaded \(it was started without --plugins\)\. Start every helm-worker that serves this suite with --plugins/);
    expect(fs.existsSync(path.join(work, 'benchmark_output', 'runs', 'arith-bare', 'example_arithmetic:digits=3,model=example_calculator', 'stats.json'))).toBe(false);
  });

  it('helm-worker with a plugin that throws at import exits 1 naming it', async () => {
    const worker = spawn(process.execPath, [HELM_WORKER_BIN, '--temporal-address', address, '--plugins', path.join(PROJECT_ROOT, 'test', 'fixtures', 'plugins', 'throws-at-import.ts')], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    worker.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await new Promise((resolve) => worker.once('exit', resolve))).toBe(1);
    expect(stderr).toMatch(/throws-at-import\.ts: the plugin threw while loading .*the plugin cannot find its configuration/);
  });
});
