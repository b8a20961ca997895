/**
 * Whole runs of the HELM Instruct entries (simple/model1, fixture data, no Temporal): the adapter
 * and basic pipeline run, and InstructionFollowingCritiqueMetric — HELM's only metric for these
 * runs, which needs a critique service — is reported as unavailable while the run files are written.
 * (RealToxicityPrompts and BOLD runs are compared with Python HELM's in test/differential.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonJsonParse } from '../../../core/common/python-json';
import type { ScenarioState } from '../../../core/adaptation/schemas';
import { evaluateMetrics } from '../../../core/metrics/evaluate';
import { RunSpec } from '../../../core/run-specs/schemas';
import { runPipeline } from '../../differential/run-pipeline';
import { PROJECT_ROOT, tempDir } from '../../helpers/paths';

const MIRROR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'scenarios', 'classic');
const work = tempDir('harms-instruct-runs');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function readJson(file: string): unknown {
  return pythonJsonParse(fs.readFileSync(file, 'utf8'));
}

describe('HELM Instruct runs', () => {
  const cases: Array<[description: string, requests: number]> = [
    ['koala:model=simple/model1,num_respondents=1', 8],
    ['self_instruct:model=simple/model1,num_respondents=1', 5],
    ['vicuna:category=generic,model=simple/model1,num_respondents=1', 2],
    ['open_assistant:language=en,model=simple/model1,num_respondents=1', 3],
    ['anthropic_hh_rlhf:subset=red_team,model=simple/model1,num_respondents=1', 5],
  ];
  for (const [description, requests] of cases) {
    it(`${description}: requests from the eval instances, the critique metric named as unavailable`, async () => {
      const [run] = await runPipeline({ description, maxEvalInstances: 5 }, { outputPath: path.join(work, 'out'), localPath: path.join(work, 'prod_env'), dataMirror: MIRROR });
      const state = readJson(path.join(run.runDir, 'scenario_state.json')) as ScenarioState;
      expect(state.request_states).toHaveLength(Math.min(requests, 5));
      // HELM's instruct adapter: the instance's input alone, then the model's answer.
      for (const rs of state.request_states) expect(rs.request.prompt).toBe(`${rs.instance.input.text}\n`);
      const spec = RunSpec.parse(readJson(path.join(run.runDir, 'run_spec.json')));
      const result = evaluateMetrics(spec, state, { countTokens: () => 1 });
      expect(result.unavailableMetrics).toEqual([
        'InstructionFollowingCritiqueMetric needs a critique service (human raters via Surge AI/Scale AI, or a model critic); its stats are left out of this run',
      ]);
      expect(readJson(path.join(run.runDir, 'stats.json'))).toEqual([]);
    });
  }
});
