import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps, pythonJsonParse } from '../../../core/common/python-json';
import { createPerturbations } from '../../../core/perturbations/create-perturbations';
import type { ObjectSpec } from '../../../core/run-specs/schemas';
import { Instance } from '../../../core/scenarios/schemas';
import { PROJECT_ROOT, tempDir } from '../../helpers/paths';

/**
 * Every helm-ts perturbation against HELM's own classes on the same instances and seeds
 * (test/fixtures/perturbations/perturbation-goldens.json, from
 * scripts/helm-reference/perturbation-goldens.sh): the perturbed instance's JSON, byte for byte.
 */
interface GoldenCase {
  name: string;
  class_name: string;
  args: ObjectSpec['args'];
  outputs: Array<{ instance_id: string; seed: number | null; json: string }>;
}

const file = path.join(PROJECT_ROOT, 'test', 'fixtures', 'perturbations', 'perturbation-goldens.json');
const golden = pythonJsonParse(fs.readFileSync(file, 'utf8')) as { instances: string[]; cases: GoldenCase[] };
const instances = golden.instances.map((json) => Instance.parse(pythonJsonParse(json)));

describe('perturbations vs HELM (unit goldens)', () => {
  it('cover every perturbation class helm-ts reproduces', () => {
    const classes = new Set(golden.cases.map((c) => c.class_name.split('.').pop()));
    expect([...classes].sort()).toEqual(
      [
        'LowerCasePerturbation', 'ContractionPerturbation', 'ExpansionPerturbation', 'SpacePerturbation',
        'ExtraSpacePerturbation', 'FillerWordsPerturbation', 'MisspellingPerturbation', 'TyposPerturbation',
        'GenderPerturbation', 'DialectPerturbation', 'PersonNamePerturbation', 'ContrastSetsPerturbation',
        'MildMixPerturbation', 'SuffixPerturbation',
      ].sort(),
    );
  });

  for (const c of golden.cases) {
    it(`${c.name}: ${c.outputs.length} perturbed instances equal HELM's`, async () => {
      // Paths in the args are relative to the repository root, as in the script.
      const [perturbation] = await createPerturbations([{ class_name: c.class_name, args: c.args }], {
        outputPath: tempDir('perturb-golden'),
      });
      const byId = new Map(instances.map((instance) => [instance.id, instance]));
      const mismatches: string[] = [];
      for (const output of c.outputs) {
        const instance = byId.get(output.instance_id) as Instance;
        const actual = pythonJsonDumps(perturbation.apply(instance, output.seed ?? undefined), { indent: 2 });
        if (actual !== output.json) mismatches.push(`${output.instance_id} seed ${output.seed}:\n${actual}\n--- HELM ---\n${output.json}`);
      }
      expect(mismatches.slice(0, 2).join('\n\n')).toBe('');
    });
  }
});
