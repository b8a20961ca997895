import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonJsonParse } from '../../core/common/python-json';
import { runCli } from '../helpers/cli';
import { HELM_RUN_BIN, PROJECT_ROOT, SHARED_DATA, tempDir } from '../helpers/paths';

const LITE_CONF = path.resolve(PROJECT_ROOT, '..', 'shared', 'helm-conf', 'run_entries_lite_20240424.conf');

/** helm-run --plan: HELM Lite's conf expanded without running anything. */
describe('helm-run --plan', () => {
  it('prints the 28 priority-2 Lite runs and writes run_specs.json; nothing starts', async () => {
    const work = tempDir('plan');
    const result = await runCli(
      HELM_RUN_BIN,
      ['--conf-paths', LITE_CONF, '--priority', '2', '--models-to-run', 'simple/model1', '-m', '10', '--data-mirror', SHARED_DATA, '--suite', 'lite', '--plan', '--local-path', path.join(work, 'prod_env')],
      { cwd: work },
    );
    expect(result.code).toBe(0);
    const names = result.stdout.trim().split('\n');
    expect(names).toHaveLength(28);
    expect(names[0]).toBe('narrative_qa:model=simple_model1');
    expect(names).toContain('math:subject=algebra,level=1,use_official_examples=False,use_chain_of_thought=True,model=simple_model1');
    const specs = pythonJsonParse(fs.readFileSync(path.join(work, 'benchmark_output', 'runs', 'lite', 'run_specs.json'), 'utf8')) as Array<{ name: string }>;
    expect(specs.map((s) => s.name)).toEqual(names);
    // legalbench's prompt settings were copied from the mirror for the expansion; no Temporal state.
    expect(fs.existsSync(path.join(work, 'benchmark_output', 'scenarios', 'legalbench', 'prompt_construction_settings.json'))).toBe(true);
    expect(fs.existsSync(path.join(work, 'prod_env', 'temporal'))).toBe(false);
  });

  it('lists unsupported entries all at once, prints only the runs that would start, and exits 1', async () => {
    const work = tempDir('plan-bad');
    const result = await runCli(
      HELM_RUN_BIN,
      ['-r', 'big_bench:task=x,subtask=y,model=simple/model1', 'commonsense:dataset=piqa,method=multiple_choice_joint,model=simple/model1', 'gsm:model=simple/model1', '-m', '1', '--suite', 'plan-bad', '--plan', '--local-path', path.join(work, 'prod_env')],
      { cwd: work },
    );
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual(['gsm:model=simple_model1']);
    expect(result.stderr).toContain('`big_bench`: a HELM run spec function helm-ts does not have yet');
    expect(result.stderr).toContain(
      'helm.benchmark.scenarios.commonsense_scenario.PiqaScenario: 1 run (e.g. `commonsense:dataset=piqa,method=multiple_choice_joint,model=simple_model1`) — not implemented in helm-ts yet',
    );
    // run_specs.json keeps HELM's whole expansion.
    const specs = pythonJsonParse(fs.readFileSync(path.join(work, 'benchmark_output', 'runs', 'plan-bad', 'run_specs.json'), 'utf8')) as Array<{ name: string }>;
    expect(specs.map((s) => s.name)).toHaveLength(2);
  });
});
