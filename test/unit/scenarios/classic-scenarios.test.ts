/**
 * HELM Classic scenarios against HELM's own scenario classes: instances equal to the Python HELM's
 * on the same input (scripts/helm-reference/classic-scenario-goldens.py; generated scenarios need
 * no input, the others read the canonical-format fixtures in test/fixtures/scenarios/classic/).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getScenario } from '../../../core/scenarios/registry';
import { FIXTURES, GoldenInstances, expectedSummary, summarise } from './golden';

const CLASSIC = path.join(FIXTURES, 'classic');

function readClassicGolden(name: string): GoldenInstances {
  return GoldenInstances.parse(JSON.parse(readFileSync(path.join(CLASSIC, 'goldens', `${name}.json`), 'utf8')));
}

async function expectHelmInstances(name: string, scenarioDir = '/nonexistent/scenario/dir'): Promise<void> {
  const golden = readClassicGolden(name);
  const scenario = getScenario(golden.class_name);
  const instances = await scenario.getInstances(golden.args as never, scenarioDir, { mirrorDir: CLASSIC });
  expect(summarise(instances)).toEqual(expectedSummary(golden));
}

describe('dyck_language (Python random and NumPy RandomState, both seeded 42)', () => {
  for (const n of [1, 2, 3, 4]) {
    it(`num_parenthesis_pairs=${n}: 503 instances equal to HELM's`, () => expectHelmInstances(`dyck_language_np${n}`));
  }
});
