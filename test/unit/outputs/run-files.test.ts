import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_FILES } from '../../../core/outputs/paths';
import { isRunComplete, runFilesProblem } from '../../../core/outputs/run-files';
import { GOLDEN_HELM, tempDir } from '../../helpers/paths';
import { goldenRunDir } from '../../helpers/golden';

/** A copy of one of HELM's own run folders (test/golden/helm), under a fresh temp folder. */
function helmRunFolder(): string {
  const source = goldenRunDir(path.join(GOLDEN_HELM, 'philosophy_m10'));
  const target = path.join(tempDir('run-files'), path.basename(source));
  fs.mkdirSync(target);
  for (const file of RUN_FILES) fs.copyFileSync(path.join(source, file), path.join(target, file));
  return target;
}

describe('--skip-completed-runs counts a run complete only when its five files are sound', () => {
  it('HELM’s own run folder is complete', () => {
    expect(runFilesProblem(helmRunFolder())).toBeUndefined();
  });

  it.each([
    ['stats.json', 'garbage', /stats\.json is not valid JSON/],
    ['stats.json', '[{"name": {"name": "x"}}]', /stats\.json does not have the shape of HELM's file \(0\.count/],
    ['per_instance_stats.json', '[', /per_instance_stats\.json is not valid JSON/],
    ['scenario_state.json', '{"request_states": 3}', /scenario_state\.json does not have the shape/],
    ['run_spec.json', '{}', /run_spec\.json does not have the shape/],
    ['scenario.json', '', /scenario\.json is not valid JSON/],
  ])('%s holding %j', (file, content, problem) => {
    const dir = helmRunFolder();
    fs.writeFileSync(path.join(dir, file), content);
    expect(runFilesProblem(dir)).toMatch(problem);
    expect(isRunComplete(dir)).toBe(false);
  });

  it('a truncated file (a copy cut short) and a missing one', () => {
    const dir = helmRunFolder();
    const stats = path.join(dir, 'stats.json');
    fs.writeFileSync(stats, fs.readFileSync(stats, 'utf8').slice(0, 200));
    expect(runFilesProblem(dir)).toMatch(/stats\.json is not valid JSON/);
    fs.rmSync(path.join(dir, 'per_instance_stats.json'));
    fs.writeFileSync(stats, '[]');
    expect(runFilesProblem(dir)).toBe('per_instance_stats.json is missing');
  });

  it('another run’s files in the folder', () => {
    const dir = helmRunFolder();
    const renamed = path.join(path.dirname(dir), 'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1');
    fs.renameSync(dir, renamed);
    expect(runFilesProblem(renamed)).toMatch(/^run_spec\.json is for run mmlu:subject=philosophy,.*, not mmlu:subject=anatomy/);
  });
});
