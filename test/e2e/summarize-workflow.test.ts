import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopDevServer } from '../../infra/dev-server';
import { helmRun } from '../helpers/cli';
import { SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/** helm-run --summarize: the suite ends with a SummarizeWorkflow that writes HELM's summary files. */
describe('helm-run --summarize', () => {
  let work: string;

  beforeAll(() => {
    work = tempDir('summarize-wf');
  });

  afterAll(async () => {
    await stopDevServer(path.join(work, 'prod_env'));
  });

  it('writes the summary files helm-server reads', async () => {
    const result = await helmRun(
      ['-r', 'mmlu:subject=philosophy,model=simple/model1', 'mmlu:subject=anatomy,model=simple/model1', '--suite', 's1', '-m', '5', '--summarize', '--data-mirror', SHARED_DATA, '--temporal-port', String(testPort(17313))],
      { cwd: work },
    );
    expect(result.code, result.stderr).toBe(0);
    const suiteDir = path.join(work, 'benchmark_output', 'runs', 's1');
    for (const file of ['summary.json', 'schema.json', 'runs.json', 'run_specs.json', 'groups.json', 'groups_metadata.json', 'costs.json']) {
      expect(fs.existsSync(path.join(suiteDir, file)), file).toBe(true);
    }
    const runs = JSON.parse(fs.readFileSync(path.join(suiteDir, 'runs.json'), 'utf8')) as Array<{ run_spec: { name: string } }>;
    expect(runs.map((r) => r.run_spec.name).sort()).toEqual([
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1',
      'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1',
    ]);
    expect(fs.existsSync(path.join(suiteDir, 'groups', 'mmlu.json'))).toBe(true);
    const run = path.join(suiteDir, 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1');
    for (const file of ['instances.json', 'display_predictions.json', 'display_requests.json']) expect(fs.existsSync(path.join(run, file)), file).toBe(true);
  });
});
