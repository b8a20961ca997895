import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { createPerturbations } from '../../../core/perturbations/create-perturbations';
import { jsonObjectEntries } from '../../../core/perturbations/perturbation-data';
import { dataAugmentationOptions } from '../../../core/run-specs/data-augmentation';
import type { Instance } from '../../../core/scenarios/schemas';
import { PROJECT_ROOT, tempDir } from '../../helpers/paths';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'perturbations');

/** A data mirror laid out as README says, holding the hand-made fixtures under HELM's file names. */
function mirrorWithFixtures(): string {
  const mirror = tempDir('perturb-mirror');
  fs.mkdirSync(path.join(mirror, 'perturbations', 'dialect'), { recursive: true });
  fs.mkdirSync(path.join(mirror, 'perturbations', 'person_name'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, 'dialect-mapping.json'), path.join(mirror, 'perturbations', 'dialect', 'SAE_to_AAVE_mapping.json'));
  fs.copyFileSync(path.join(FIXTURES, 'person-names.txt'), path.join(mirror, 'perturbations', 'person_name', 'person_names.txt'));
  return mirror;
}

const instance: Instance = {
  input: { text: 'Adam went with his brother to see Amanda.' },
  references: [{ output: { text: 'Adam' }, tags: ['correct'] }],
  split: 'test',
  id: 'id3',
};

describe('perturbation data files (download / data mirror)', () => {
  it('the fairness preset finds its dialect and name lists in the data mirror, at HELM paths', async () => {
    const [[, specs]] = dataAugmentationOptions('fairness') ?? [];
    const outputPath = tempDir('perturb-out');
    const context = { outputPath, helmOutputPath: 'benchmark_output', mirrorDir: mirrorWithFixtures() };
    const [dialect, gender, names] = await createPerturbations(specs, context);
    // Copied once into the output folder, where HELM keeps them.
    expect(fs.existsSync(path.join(outputPath, 'perturbations', 'dialect', 'SAE_to_AAVE_mapping.json'))).toBe(true);
    expect(fs.existsSync(path.join(outputPath, 'perturbations', 'person_name', 'data', 'person_names.txt'))).toBe(true);
    // HELM's descriptions name the file under --output-path as the user typed it.
    expect(dialect.description.mapping_file_path).toBe('benchmark_output/perturbations/dialect/SAE_to_AAVE_mapping.json');
    expect(names.description.name_file_path).toBe('benchmark_output/perturbations/person_name/data/person_names.txt');
    expect(dialect.apply(instance).input.text).toBe('Adam went wit his brotha to see Amanda.');
    expect(gender.apply(instance).input.text).toBe('Adam went with her brother to see Amanda.');
    const renamed = names.apply(instance);
    expect(renamed.input.text).not.toContain('Adam');
    // The same substitute in the input and the references.
    expect(renamed.input.text.startsWith(renamed.references[0].output.text)).toBe(true);
  });

  it('a missing file names the file, its canonical source and where the mirror should hold it', async () => {
    const [[, specs]] = dataAugmentationOptions('dialect_easy') ?? [];
    const mirror = tempDir('perturb-empty-mirror');
    const attempt = createPerturbations(specs, { outputPath: tempDir('perturb-out'), mirrorDir: mirror });
    await expect(attempt).rejects.toThrow(HelmInputError);
    await expect(createPerturbations(specs, { outputPath: tempDir('perturb-out'), mirrorDir: mirror })).rejects.toThrow(
      new RegExp(
        'DialectPerturbation needs SAE_to_AAVE_mapping.json \\(canonical source: https://storage.googleapis.com/crfm-helm-public/' +
          `source_datasets/augmentations/dialect_perturbation/SAE_to_AAVE_mapping.json\\).*${mirror}/perturbations/dialect/SAE_to_AAVE_mapping.json`,
      ),
    );
    const [[, nameSpecs]] = dataAugmentationOptions('person_name_last_hard') ?? [];
    await expect(createPerturbations(nameSpecs, { outputPath: tempDir('perturb-out'), mirrorDir: mirror })).rejects.toThrow(
      /PersonNamePerturbation needs person_names.txt \(canonical source: .*person_names.txt\).*perturbations\/person_name\/person_names.txt/,
    );
  });

  it('a file already in the output folder is used as is', async () => {
    const outputPath = tempDir('perturb-out');
    fs.mkdirSync(path.join(outputPath, 'perturbations', 'dialect'), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'dialect-mapping.json'), path.join(outputPath, 'perturbations', 'dialect', 'SAE_to_AAVE_mapping.json'));
    const [[, specs]] = dataAugmentationOptions('dialect_deterministic') ?? [];
    const [dialect] = await createPerturbations(specs, { outputPath });
    expect(dialect.apply(instance).input.text).toContain('wit his brotha');
    expect(dialect.description.mapping_file_path).toBe(`${outputPath}/perturbations/dialect/SAE_to_AAVE_mapping.json`);
  });
});

describe('perturbation arguments and unsupported classes', () => {
  it('rejects unknown or mistyped arguments, naming the class', async () => {
    const spec = { class_name: 'helm.benchmark.augmentations.typos_perturbation.TyposPerturbation', args: { probability: 0.1 } };
    await expect(createPerturbations([spec], { outputPath: '/nonexistent' })).rejects.toThrow(
      /Invalid arguments for perturbation .*TyposPerturbation: .*prob.*probability/s,
    );
  });
  it('rejects an unknown class with close names', async () => {
    const spec = { class_name: 'helm.benchmark.augmentations.typos_perturbation.TypoPerturbation', args: { prob: 0.1 } };
    await expect(createPerturbations([spec], { outputPath: '/nonexistent' })).rejects.toThrow(/Unknown perturbation class.*TyposPerturbation/);
  });
  it('refuses the synonym perturbation with the reason (spaCy tagger)', async () => {
    const [[, specs]] = dataAugmentationOptions('synonym') ?? [];
    await expect(createPerturbations(specs, { outputPath: '/nonexistent' })).rejects.toThrow(/en_core_web_sm part-of-speech tagger/);
  });
  it('names why the CLEVA and translation presets are not supported', async () => {
    const [[, cleva]] = dataAugmentationOptions('cleva') ?? [];
    await expect(createPerturbations(cleva, { outputPath: '/nonexistent' })).rejects.toThrow(/CLEVAMildMixPerturbation is not supported by helm-ts: .*jieba/);
    const [[, spanish]] = dataAugmentationOptions('spanish') ?? [];
    await expect(createPerturbations(spanish, { outputPath: '/nonexistent' })).rejects.toThrow(/translation service/);
  });
  it('keeps a JSON object file order, integer-like keys included (as Python json.load)', () => {
    expect(jsonObjectEntries('{"b": [1], "10": {"x": "y"}, "a\\"q": 2, "b": 3}', 'test').map(([k]) => k)).toEqual(['b', '10', 'a"q']);
  });
});
