import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import type { EnsureDataOptions } from './download';
import { ensureHfFile, type HfDataset } from './huggingface';
import { LEGALBENCH_SUBSETS, ensureLegalbenchPromptSettings, readLegalbenchPromptSettingsSync } from './legalbench-prompt-settings';
import { parsePythonCsv } from './python-csv';
import { choiceArg, noArgs, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** The dataset and revision HELM loads (`nguha/legalbench`, one config per subset, splits train and test). */
export const LEGALBENCH_DATASET: HfDataset = { repo: 'nguha/legalbench', revision: 'e042ea68c19df12b737fe768572f22ead61e8e37' };
export const LEGALBENCH_SPLITS = ['train', 'test'] as const;

/** A subset split's file in the dataset repository (tab-separated, a header row). */
export function legalbenchHubFile(subset: string, split: string): string {
  return `data/${subset}/${split}.tsv`;
}

/** The rows of a TSV file as column → value records (blank lines skipped, like the readers HF uses). */
export function parseTsvRecords(text: string, file: string): Array<Record<string, string>> {
  const rows = parsePythonCsv(text, '\t').filter((row) => row.fields.length > 0);
  if (rows.length === 0) throw new HelmInputError(`${file}: empty file (expected a header row)`);
  const header = rows[0].fields;
  return rows.slice(1).map(({ fields, line }) => {
    if (fields.length !== header.length) {
      throw new HelmInputError(`${file}: line ${line} has ${fields.length} fields, the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((name, i) => [name, fields[i]]));
  });
}

/** The settings' fields, `<label>: <value>` one per line, as the prompt; the label key's value as the one reference. */
export function legalbenchInstance(
  row: Record<string, string>,
  fields: ReadonlyArray<[string, string]>,
  labelKey: string,
  split: string,
  where: string,
): Instance {
  const value = (column: string): string => {
    if (!Object.prototype.hasOwnProperty.call(row, column)) {
      throw new HelmInputError(`${where}: no column ${JSON.stringify(column)} (columns: ${Object.keys(row).join(', ')})`);
    }
    return row[column];
  };
  return {
    input: { text: fields.map(([label, column]) => `${label}: ${value(column)}`).join('\n') },
    references: [{ output: { text: value(labelKey) }, tags: [CORRECT_TAG] }],
    split,
  };
}

function splitFile(scenarioDir: string, subset: string, split: string): string {
  return path.join(scenarioDir, 'data', LEGALBENCH_DATASET.repo.replace('/', '--'), subset, `${split}.tsv`);
}

/**
 * The prompt settings (into `data/`, where HELM's scenario reads them) and the subset's two split
 * files: from the mirror (`legalbench/tasks/<subset>/<split>.tsv`, the GitHub layout, or the Hub
 * layout) or from the Hub at HELM's revision.
 */
export async function ensureLegalbenchData(scenarioDir: string, subset: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureLegalbenchPromptSettings(path.join(scenarioDir, 'data'), options.mirrorDir);
  for (const split of LEGALBENCH_SPLITS) {
    await ensureHfFile({
      dataset: LEGALBENCH_DATASET,
      file: legalbenchHubFile(subset, split),
      target: splitFile(scenarioDir, subset, split),
      what: `LegalBench subset ${subset}, ${split} split`,
      mirrorDir: options.mirrorDir,
      mirrorCandidates: options.mirrorDir === undefined ? [] : [path.join(options.mirrorDir, 'legalbench', 'tasks', subset, `${split}.tsv`)],
      verify: async (file) => void parseTsvRecords(await readPythonTextFile(file, 'LegalBench data'), file),
    });
  }
}

/** `LegalBenchScenario(subset).get_instances`: train rows then test rows, in file order. */
export async function getLegalbenchInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('legalbench', args, ['subset', 'random_seed']);
  const subset = choiceArg('legalbench', args, 'subset', LEGALBENCH_SUBSETS);
  await ensureLegalbenchData(scenarioDir, subset, options);
  const settings = readLegalbenchPromptSettingsSync(path.join(scenarioDir, 'data'), subset);
  const instances: Instance[] = [];
  for (const split of LEGALBENCH_SPLITS) {
    const file = splitFile(scenarioDir, subset, split);
    parseTsvRecords(await readPythonTextFile(file, 'LegalBench data'), file).forEach((row, i) => {
      instances.push(legalbenchInstance(row, settings.fieldOrdering, settings.labelKey, split, `${file}: row ${i + 1}`));
    });
  }
  return instances;
}

/** HELM's `LegalBenchScenario` (class attributes as HELM defines them). */
export const legalbenchScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.legalbench_scenario.LegalBenchScenario',
  name: 'legalbench',
  description: 'LegalBench',
  tags: ['text_classification', 'robustness'],
  getInstances: getLegalbenchInstances,
};
