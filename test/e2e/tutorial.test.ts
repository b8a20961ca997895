import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScenarioState } from '../../core/adaptation/schemas';
import { pythonJsonParse } from '../../core/common/python-json';
import { PerInstanceStats, StatJson } from '../../core/metrics/schemas';
import { RunSpec } from '../../core/run-specs/schemas';
import { ScenarioMetadata } from '../../core/scenarios/schemas';
import { devServerStatus, stopDevServer } from '../../infra/dev-server';
import { helmRun } from '../helpers/cli';
import { SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/** HELM's tutorial through the real CLI, then the ways users get it wrong. */
const RUN = 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1';
const CONF = 'entries: [{description: "mmlu:subject=philosophy,model=simple/model1", priority: 1}]\n';
const PORT = String(testPort(17253));

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  return schema.parse(pythonJsonParse(fs.readFileSync(file, 'utf8')));
}

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of fs.readdirSync(dir).sort()) {
    out[file] = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, file))).digest('hex');
  }
  return out;
}

describe('the HELM tutorial with helm-run', () => {
  let work: string;
  const env = { HELM_DATA_MIRROR: SHARED_DATA };
  const run = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
    helmRun([...args, '--temporal-port', PORT], { cwd: work, env: { ...env, ...options.env } });

  beforeAll(() => {
    work = tempDir('tutorial');
    fs.writeFileSync(path.join(work, 'run_entries.conf'), CONF);
  });

  afterAll(async () => {
    await stopDevServer(path.join(work, 'prod_env'));
  });

  it('runs the tutorial suite and writes HELM’s files', async () => {
    const result = await run(['--conf-paths', 'run_entries.conf', '--suite', 'v1', '--max-eval-instances', '10']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Outputs: benchmark_output/runs/v1');
    expect(result.stderr).toContain(`Temporal UI: http://127.0.0.1:${testPort(18253)}/`);
    const runDir = path.join(work, 'benchmark_output', 'runs', 'v1', RUN);
    const spec = readJson(path.join(runDir, 'run_spec.json'), RunSpec);
    expect(spec.name).toBe(RUN);
    expect(spec.adapter_spec.max_eval_instances).toBe(10);
    expect(readJson(path.join(runDir, 'scenario.json'), ScenarioMetadata).name).toBe('mmlu');
    const state = readJson(path.join(runDir, 'scenario_state.json'), ScenarioState);
    expect(state.request_states).toHaveLength(10);
    expect(state.request_states.every((s) => s.result?.success === true && s.result.cached === false)).toBe(true);
    const stats = readJson(path.join(runDir, 'stats.json'), z.array(StatJson));
    const exactMatch = stats.find((s) => s.name.name === 'exact_match' && s.name.split === 'test' && !s.name.perturbation);
    expect(exactMatch).toMatchObject({ count: 1, sum: { py_float: 0 } });
    const numInstances = stats.find((s) => s.name.name === 'num_instances');
    expect(numInstances).toMatchObject({ count: 1, mean: { py_float: 10 } });
    expect(readJson(path.join(runDir, 'per_instance_stats.json'), z.array(PerInstanceStats))).toHaveLength(10);
    const suiteSpecs = readJson(path.join(work, 'benchmark_output', 'runs', 'v1', 'run_specs.json'), z.array(RunSpec));
    expect(suiteSpecs.map((s) => s.name)).toEqual([RUN]);
    // The data came from the mirror into HELM's download folder.
    expect(fs.existsSync(path.join(work, 'benchmark_output', 'scenarios', 'mmlu', 'data', 'test', 'philosophy_test.csv'))).toBe(true);
    expect(devServerStatus(path.join(work, 'prod_env'))).toBeDefined();
  });

  it('re-running replays every model call from the cache', async () => {
    const result = await run(['--conf-paths', 'run_entries.conf', '--suite', 'v1', '--max-eval-instances', '10']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Reusing the embedded Temporal dev server');
    const state = readJson(path.join(work, 'benchmark_output', 'runs', 'v1', RUN, 'scenario_state.json'), ScenarioState);
    expect(state.request_states.map((s) => s.result?.cached)).toEqual(Array(10).fill(true));
  });

  it('--skip-completed-runs leaves a complete run alone', async () => {
    const runDir = path.join(work, 'benchmark_output', 'runs', 'v1', RUN);
    const before = digest(runDir);
    const result = await run(['--conf-paths', 'run_entries.conf', '--suite', 'v1', '-m', '10', '--skip-completed-runs']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/0 run\(s\) completed, 1 skipped/);
    expect(digest(runDir)).toEqual(before);
  });

  it('--skip-completed-runs runs again a run whose files do not parse, naming the file', async () => {
    const stats = path.join(work, 'benchmark_output', 'runs', 'v1', RUN, 'stats.json');
    fs.writeFileSync(stats, 'garbage');
    const result = await run(['--conf-paths', 'run_entries.conf', '--suite', 'v1', '-m', '10', '--skip-completed-runs']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Run mmlu:subject=philosophy,.* is not complete \(stats\.json is not valid JSON/);
    expect(result.stderr).toMatch(/1 run\(s\) completed, 0 skipped/);
    expect(readJson(stats, z.array(StatJson)).length).toBeGreaterThan(0);
  });

  it('accepts the tutorial’s older spellings: --run-specs <conf file> and --local', async () => {
    const result = await run(['--run-specs', 'run_entries.conf', '--local', '--suite', 'old', '--max-eval-instances', '10']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('use --conf-paths run_entries.conf instead');
    expect(fs.existsSync(path.join(work, 'benchmark_output', 'runs', 'old', RUN, 'per_instance_stats.json'))).toBe(true);
  });

  it('two concurrent helm-runs of one suite attach to one execution', async () => {
    const args = ['--run-entries', 'mmlu:subject=anatomy,model=simple/model1', '--suite', 'concurrent', '-m', '20'];
    const [a, b] = await Promise.all([run(args), run(args)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const connection = await Connection.connect({ address: `127.0.0.1:${PORT}` });
    try {
      const client = new Client({ connection });
      const executions = [];
      for await (const execution of client.workflow.list({ query: `WorkflowId = "helm:concurrent"` })) executions.push(execution);
      expect(executions).toHaveLength(1);
    } finally {
      await connection.close();
    }
  });

  describe('bad input: a specific message, a non-zero exit, nothing written is damaged', () => {
    let before: Record<string, string>;
    beforeAll(() => {
      before = digest(path.join(work, 'benchmark_output', 'runs', 'v1', RUN));
    });
    afterAll(() => {
      expect(digest(path.join(work, 'benchmark_output', 'runs', 'v1', RUN))).toEqual(before);
    });

    it('malformed conf: file, line and column', async () => {
      fs.writeFileSync(path.join(work, 'bad.conf'), 'entries: [\n  {description: "mmlu:subject=philosophy,model=simple/model1", priority: 1\n');
      const result = await run(['--conf-paths', 'bad.conf', '--suite', 'v1', '-m', '10']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/bad\.conf:\d+:\d+: /);
    });

    it.each([
      ['unknown scenario', 'mmluu:subject=philosophy,model=simple/model1', /Unknown run spec name: mmluu\. Did you mean: mmlu\?/],
      ['unknown model', 'mmlu:subject=philosophy,model=simple/model2', /simple\/model2.*Did you mean: simple\/model1/],
      ['missing subject', 'mmlu:model=simple/model1', /missing required argument 'subject'/],
      ['unknown subject', 'mmlu:subject=philosophi,model=simple/model1', /unknown subject 'philosophi'\. Did you mean: philosophy\?/],
      ['model weights not available', 'mmlu:subject=philosophy,model=huggingface/gpt2', /huggingface\/gpt2.*model weights not available/],
    ])('%s', async (_what, description, message) => {
      const result = await run(['--run-entries', description, '--suite', 'v1', '-m', '10']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    });

    it.each([
      [['-m', 'ten'], /argument -m\/--max-eval-instances: invalid int value: 'ten'/],
      [['-m', '10', '--num-threads', '0'], /argument -n\/--num-threads: must be >= 1/],
      [[], /the following arguments are required: -m\/--max-eval-instances/],
      [['-m', '10', '--run'], /ambiguous option: --run could match --run-entries, --run-specs/],
    ])('bad flags %j exit 2 with argparse’s message', async (flags, message) => {
      const result = await run(['--conf-paths', 'run_entries.conf', '--suite', 'v1', ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/^usage: helm-run/m);
    });

    it('Temporal server unreachable at a given address', async () => {
      const result = await helmRun(['--conf-paths', 'run_entries.conf', '--suite', 'v1', '-m', '10', '--temporal-address', '127.0.0.1:1'], {
        cwd: work,
        env,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Temporal server unreachable at 127\.0\.0\.1:1/);
    });

    it('a corrupt data file fails its run with the file and line named', async () => {
      const mirror = path.join(work, 'corrupt-mirror', 'mmlu');
      fs.cpSync(path.join(SHARED_DATA, 'mmlu'), mirror, { recursive: true });
      fs.appendFileSync(path.join(mirror, 'test', 'philosophy_test.csv'), 'a question with,too few,columns\n');
      const result = await run(['--conf-paths', 'run_entries.conf', '--suite', 'v1', '-m', '10', '-o', 'corrupt_output', '--data-mirror', path.dirname(mirror)]);
      expect(result.code).toBe(1);
      // The mirror file the user can open and fix, not the deleted temporary copy it was read from.
      expect(result.stderr).toContain(path.join(mirror, 'test', 'philosophy_test.csv'));
      expect(result.stderr).not.toMatch(/\.tmp-\d+-/);
      expect(result.stderr).toMatch(/line \d+/);
      expect(result.stderr).toContain(`Failed runs: ["${RUN}"]`);
    });
  });
});
