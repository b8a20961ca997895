/**
 * Whole HELM Instruct runs (simple/model1, fixture data, no Temporal) against the Python HELM's:
 * run_spec.json, scenario.json and scenario_state.json byte-identical (timings masked) to the files
 * HELM wrote for the same entries (test/golden/helm-instruct/, by
 * scripts/helm-reference/instruct-runs-golden.sh, where HELM used its random critic to get that far).
 * InstructionFollowingCritiqueMetric, the runs' only metric, needs a critique service: it is named as
 * unavailable and the stats are empty. RealToxicityPrompts and BOLD runs are in test/differential.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonJsonParse } from '../../../core/common/python-json';
import type { ScenarioState } from '../../../core/adaptation/schemas';
import { evaluateMetrics } from '../../../core/metrics/evaluate';
import { RunSpec } from '../../../core/run-specs/schemas';
import { maskTimingsRaw } from '../../differential/compare';
import { runPipeline } from '../../differential/run-pipeline';
import { PROJECT_ROOT, tempDir } from '../../helpers/paths';

const MIRROR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'scenarios', 'classic');
const GOLDEN = path.join(PROJECT_ROOT, 'test', 'golden', 'helm-instruct');
const work = tempDir('harms-instruct-runs');
const cwd = process.cwd();
// The grammar entry names its file relative to the working directory, as the conf does (HELM ran there too).
beforeAll(() => process.chdir(MIRROR));
afterAll(() => {
  process.chdir(cwd);
  fs.rmSync(work, { recursive: true, force: true });
});

const ENTRIES = [
  'koala:model=simple/model1,num_respondents=1',
  'self_instruct:model=simple/model1,num_respondents=1',
  'vicuna:category=all,model=simple/model1,num_respondents=1',
  'grammar:path=grammar/instructions.yaml,tags=summarize,model=simple/model1,num_respondents=1',
  'open_assistant:language=en,model=simple/model1,num_respondents=1',
  'anthropic_hh_rlhf:subset=hh,model=simple/model1,num_respondents=1',
  'anthropic_hh_rlhf:subset=red_team,model=simple/model1,num_respondents=1',
];

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

describe("HELM Instruct runs equal to the Python HELM's", () => {
  for (const description of ENTRIES) {
    it(description, async () => {
      const [run] = await runPipeline({ description, maxEvalInstances: 6 }, { outputPath: path.join(work, 'out'), localPath: path.join(work, 'prod_env'), dataMirror: MIRROR });
      const helmDir = path.join(GOLDEN, run.runName);
      for (const file of ['run_spec.json', 'scenario.json', 'scenario_state.json']) {
        expect(maskTimingsRaw(read(path.join(run.runDir, file))), file).toBe(maskTimingsRaw(read(path.join(helmDir, file))));
      }
      const state = pythonJsonParse(read(path.join(run.runDir, 'scenario_state.json'))) as ScenarioState;
      expect(state.request_states.length).toBeGreaterThan(0);
      const spec = RunSpec.parse(pythonJsonParse(read(path.join(run.runDir, 'run_spec.json'))));
      expect(evaluateMetrics(spec, state, { countTokens: () => 1 }).unavailableMetrics).toEqual([
        'InstructionFollowingCritiqueMetric needs a critique service (human raters via Surge AI/Scale AI, or a model critic); its stats are left out of this run',
      ]);
      expect(pythonJsonParse(read(path.join(run.runDir, 'stats.json')))).toEqual([]);
    });
  }

  it('every golden run is checked', () => {
    expect(fs.readdirSync(GOLDEN)).toHaveLength(ENTRIES.length);
  });
});
