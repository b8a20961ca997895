import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import { pyStrip } from '../metrics/py-text';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { readPandasCsv } from './entity-matching-scenario';
import { column, dropLabels, filterRows, iterRowStrings, readCsvFrame, sampleFraction, type Frame } from './pandas-csv';
import { choiceArg, noArgs, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

const SOURCE = 'https://storage.googleapis.com/crfm-helm-public/source_datasets/scenarios/entity_data_imputation/';
/** Dataset → its archive, the file HELM reads in it, and the column to impute. */
export const ENTITY_DATA_IMPUTATION_DATASETS: Readonly<Record<string, { url: string; archive: 'zip' | 'tar'; file: string; impute: string }>> = {
  Buy: { url: `${SOURCE}Abt-Buy.zip`, archive: 'zip', file: 'Buy.csv', impute: 'manufacturer' },
  Restaurant: { url: `${SOURCE}restaurant.tar.gz`, archive: 'tar', file: 'fz.arff', impute: 'city' },
};
const DEFAULT_SEED = 1234;

/**
 * HELM's reading of a text ARFF file: the `@attribute` names in order, then every non-blank line
 * after `@data` (stripped) as CSV rows under those names, read by pandas' C parser.
 */
export function readArffAsHelm(text: string, file: string): Frame {
  const columns: string[] = [];
  const data: string[] = [];
  let inData = false;
  const lines = text.split(/(?<=\n)/);
  lines.forEach((line, i) => {
    if (pyStrip(line).length <= 0) return;
    if (inData) data.push(pyStrip(line));
    if (line.startsWith('@')) {
      if (line.startsWith('@attribute')) {
        const parts = line.split(/[ \t\n\r\f\v]+/).filter((p) => p !== '');
        if (parts.length < 3) throw new HelmInputError(`${file}: line ${i + 1}: expected "@attribute <name> <type>"`);
        columns.push(parts[1]);
      }
      if (line.startsWith('@data')) inData = true;
    }
  });
  return readCsvFrame(data.join('\n'), file, { names: columns });
}

/** `read_tables`: Buy without its id and rows without a description; Restaurant without `class`, quotes removed, values stripped, rows with a NaN dropped. */
export function entityImputationTable(dataset: string, frame: Frame, file: string): Frame {
  if (dataset === 'Buy') {
    column(frame, 'id', file);
    const table: Frame = { ...frame, columns: frame.columns.filter((c) => c.name !== 'id') };
    const description = column(table, 'description', file).values;
    return filterRows(table, (p) => description[p] !== null);
  }
  column(frame, 'class', file);
  const columns = frame.columns
    .filter((c) => c.name !== 'class')
    .map((c) => {
      if (c.dtype !== 'object') throw new HelmInputError(`${file}: column ${c.name} is not text (pandas' .str accessor needs strings)`);
      return { ...c, values: c.values.map((v) => (v === null ? null : pyStrip((v as string).replaceAll('"', '')))) };
    });
  const table: Frame = { ...frame, columns };
  return filterRows(table, (p) => columns.every((c) => c.values[p] !== null));
}

/** `get_splits`: test = 10% sampled (seeded), valid = 20% of the rest (seeded again), train = what remains, in table order. */
export function entityImputationSplits(table: Frame, seed: number): { train: Frame; valid: Frame; test: Frame } {
  const test = sampleFraction(table, 0.1, seed);
  const remaining = dropLabels(table, test.index);
  const valid = sampleFraction(remaining, 0.2, seed);
  return { train: dropLabels(remaining, valid.index), valid, test };
}

/** `EntityDataImputationScenario(dataset)`: "<col>: <value>. …. <imputed column>?" → the row's value of that column. */
export async function getEntityDataImputationInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('entity_data_imputation', args, ['dataset', 'seed']);
  const dataset = choiceArg('entity_data_imputation', args, 'dataset', Object.keys(ENTITY_DATA_IMPUTATION_DATASETS));
  const seed = args.seed === undefined ? DEFAULT_SEED : Number(args.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new HelmInputError(`entity_data_imputation: seed must be an integer from 0 to 2**32 - 1, got ${String(args.seed)}`);
  const spec = ENTITY_DATA_IMPUTATION_DATASETS[dataset];
  const dataPath = path.join(scenarioDir, 'data', dataset);
  await ensureFolderDownloaded({
    targetPath: dataPath,
    sourceUrl: spec.url,
    archive: spec.archive,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'entity_data_imputation', dataset),
    verify: async (folder) => {
      if (!(await pathExists(path.join(folder, spec.file)))) {
        throw new HelmInputError(`Entity data imputation ${dataset} data is incomplete: ${path.join(folder, spec.file)} is missing (expected the unpacked ${spec.url})`);
      }
    },
    onProgress: options.onProgress,
  });
  const file = path.join(dataPath, spec.file);
  const raw = dataset === 'Buy' ? await readPandasCsv(file, 'Buy table') : readArffAsHelm(await readPythonTextFile(file, 'Restaurant ARFF table'), file);
  const table = entityImputationTable(dataset, raw, file);
  column(table, spec.impute, file);
  const { train, valid, test } = entityImputationSplits(table, seed);
  const serialized = table.columns.map((c) => c.name).filter((c) => c !== spec.impute);
  const instances: Instance[] = [];
  for (const [split, frame] of [['train', train], ['valid', valid], ['test', test]] as const) {
    for (const row of iterRowStrings(frame)) {
      const text = `${serialized.map((c) => pyStrip(`${c}: ${row.get(c) as string}`)).join('. ')}. ${spec.impute}?`;
      instances.push({ input: { text }, references: [{ output: { text: row.get(spec.impute) as string }, tags: [CORRECT_TAG] }], split });
    }
  }
  return instances;
}

export const entityDataImputationScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.entity_data_imputation_scenario.EntityDataImputationScenario',
  name: 'entity_data_imputation',
  description: 'Missing cell value generation task from a structured row.',
  tags: ['entity_data_imputation', 'structured_reasoning'],
  getInstances: getEntityDataImputationInstances,
};
