import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import { NumpyRandomState } from '../common/numpy-random';
import { pyStrip } from '../metrics/py-text';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { column, concatRows, filterRows, innerMerge, iterRowStrings, readCsvFrame, sampleRows, type Frame } from './pandas-csv';
import { choiceArg, noArgs, parseJson, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** Run entry dataset → its folder in deepmatcher's data (`<category>/<name>`). */
export const ENTITY_MATCHING_DATASETS: Readonly<Record<string, string>> = {
  Beer: 'Structured/Beer',
  iTunes_Amazon: 'Structured/iTunes-Amazon',
  Fodors_Zagats: 'Structured/Fodors-Zagats',
  DBLP_ACM: 'Structured/DBLP-ACM',
  DBLP_GoogleScholar: 'Structured/DBLP-GoogleScholar',
  Amazon_Google: 'Structured/Amazon-Google',
  Walmart_Amazon: 'Structured/Walmart-Amazon',
  Abt_Buy: 'Textual/Abt-Buy',
  Company: 'Textual/Company',
  Dirty_iTunes_Amazon: 'Dirty/iTunes-Amazon',
  Dirty_DBLP_ACM: 'Dirty/DBLP-ACM',
  Dirty_DBLP_GoogleScholar: 'Dirty/DBLP-GoogleScholar',
  Dirty_Walmart_Amazon: 'Dirty/Walmart-Amazon',
};
const DEEPMATCHER_URL = 'http://pages.cs.wisc.edu/~anhai/data1/deepmatcher_data/';
export const FIXED_RANDOM_STATE_URL = 'https://worksheets.codalab.org/rest/bundles/0x4d0a972e99c848d2ab3ecf129bb77d29/contents/blob/';
export const FIXED_RANDOM_STATE_FILE = 'entity_matching_scenario_fixed_random_state.json';
const SPLITS: ReadonlyArray<readonly [file: string, split: string]> = [
  ['train', 'train'],
  ['valid', 'valid'],
  ['test', 'test'],
];

export function entityMatchingUrl(dataset: string): string {
  return `${DEEPMATCHER_URL}${ENTITY_MATCHING_DATASETS[dataset]}/${dataset.toLowerCase()}_exp_data.zip`;
}

/** A CSV file read as `pd.read_csv` does (UTF-8, the C parser's own line endings). */
export async function readPandasCsv(file: string, what: string, options: { sep?: string; names?: readonly string[] } = {}): Promise<Frame> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new HelmInputError(`${file}: cannot read ${what} (${(error as Error).message})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new HelmInputError(`${file}: ${what} is not valid UTF-8`);
  }
  return readCsvFrame(text, file, options);
}

/**
 * HELM seeds NumPy's global generator per dataset from a pinned file of MT19937 states (what the
 * published runs had); a dataset it does not list gets `np.random.seed(0)`.
 */
export function entityMatchingRandomState(pinned: unknown, dataset: string, file: string): NumpyRandomState {
  const random = new NumpyRandomState(0);
  const state = (pinned as Record<string, unknown> | null)?.[dataset];
  if (state === undefined || state === null) return random;
  if (!Array.isArray(state) || state.length < 3 || !Array.isArray(state[1]) || typeof state[2] !== 'number') {
    throw new HelmInputError(`${file}: the state of ${dataset} is not ["MT19937", [624 words], pos, has_gauss, cached_gaussian]`);
  }
  try {
    random.setState(state[1] as number[], state[2]);
  } catch (error) {
    throw new HelmInputError(`${file}: the state of ${dataset}: ${(error as Error).message}`);
  }
  return random;
}

/**
 * `read_blocked_pairs`: the split's labelled pairs joined to table A then B (suffixes _A, _B);
 * for train, each label's rows sampled down to the number of matches (label 0's sample first).
 */
export function blockedPairs(labels: Frame, tableA: Frame, tableB: Frame, split: string, random: NumpyRandomState, where: string): Frame {
  const mergedA = innerMerge(labels, tableA, 'ltable_id', 'id', ['_x', '_y'], where);
  const merged = innerMerge(mergedA, tableB, 'rtable_id', 'id', ['_A', '_B'], where);
  if (split !== 'train') return merged;
  const label = column(merged, 'label', where).values;
  const positives = label.filter((v) => v === 1 || v === true).length;
  const negatives = label.filter((v) => v === 0 || v === false).length;
  if (!(positives < negatives)) throw new HelmInputError(`${where}: the train pairs have ${positives} matches and ${negatives} non-matches (HELM needs fewer matches)`);
  // groupby("label") visits the labels in sorted order.
  const keys = [...new Set(label.map((v) => (typeof v === 'boolean' ? Number(v) : v)))].sort((a, b) => (a as number) - (b as number));
  return concatRows(keys.map((key) => sampleRows(filterRows(merged, (p) => Number(label[p]) === key), positives, random)));
}

/** `serialize_row`: `<column>: <value>` stripped, joined by ". ". */
function serializeRow(row: Map<string, string>, columns: ReadonlyArray<readonly [string, string]>): string {
  return columns.map(([key, name]) => pyStrip(`${name}: ${row.get(key) as string}`)).join('. ');
}

async function ensureEntityMatchingData(dataset: string, scenarioDir: string, options: EnsureDataOptions): Promise<{ dataPath: string; stateFile: string }> {
  const stateFile = path.join(scenarioDir, FIXED_RANDOM_STATE_FILE);
  const mirror = options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'entity_matching');
  await ensureFileDownloaded({
    targetPath: stateFile,
    sourceUrl: FIXED_RANDOM_STATE_URL,
    mirrorSource: mirror === undefined ? undefined : path.join(mirror, FIXED_RANDOM_STATE_FILE),
    onProgress: options.onProgress,
  });
  const dataPath = path.join(scenarioDir, 'data', dataset);
  await ensureFolderDownloaded({
    targetPath: dataPath,
    sourceUrl: entityMatchingUrl(dataset),
    archive: 'zip',
    mirrorSource: mirror === undefined ? undefined : path.join(mirror, dataset),
    verify: async (folder) => {
      for (const name of ['tableA', 'tableB', 'train', 'valid', 'test']) {
        const file = path.join(folder, `${name}.csv`);
        if (!(await pathExists(file))) throw new HelmInputError(`Entity matching ${dataset} data is incomplete: ${file} is missing (expected the unpacked ${entityMatchingUrl(dataset)})`);
      }
    },
    onProgress: options.onProgress,
  });
  return { dataPath, stateFile };
}

/** `EntityMatchingScenario(dataset)`: "Product A is …. Product B is …. Are A and B the same?" → Yes/No, train (balanced), valid, test. */
export async function getEntityMatchingInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('entity_matching', args, ['dataset']);
  const dataset = choiceArg('entity_matching', args, 'dataset', Object.keys(ENTITY_MATCHING_DATASETS));
  const { dataPath, stateFile } = await ensureEntityMatchingData(dataset, scenarioDir, options);
  const random = entityMatchingRandomState(parseJson(await readPythonTextFile(stateFile, 'entity matching random states'), stateFile), dataset, stateFile);
  const tableA = await readPandasCsv(path.join(dataPath, 'tableA.csv'), 'table A');
  const tableB = await readPandasCsv(path.join(dataPath, 'tableB.csv'), 'table B');
  const columnsA = tableA.columns.filter((c) => c.name !== 'id').map((c) => [`${c.name}_A`, c.name] as const);
  const columnsB = tableB.columns.filter((c) => c.name !== 'id').map((c) => [`${c.name}_B`, c.name] as const);
  const pairsBySplit: Array<[string, Frame, string]> = [];
  for (const [file, split] of SPLITS) {
    const labelsFile = path.join(dataPath, `${file}.csv`);
    pairsBySplit.push([split, blockedPairs(await readPandasCsv(labelsFile, `${split} pairs`), tableA, tableB, split, random, labelsFile), labelsFile]);
  }
  const instances: Instance[] = [];
  for (const [split, pairs, where] of pairsBySplit) {
    const labels = column(pairs, 'label', where).values;
    for (const key of [...columnsA, ...columnsB].map(([k]) => k)) column(pairs, key, where);
    iterRowStrings(pairs).forEach((row, p) => {
      const text = `Product A is ${serializeRow(row, columnsA)}. Product B is ${serializeRow(row, columnsB)}. Are A and B the same?`;
      const label = labels[p];
      // Python truth: NaN is true.
      const truthy = label !== 0 && label !== false && label !== '';
      instances.push({ input: { text }, references: [{ output: { text: truthy ? 'Yes' : 'No' }, tags: [CORRECT_TAG] }], split });
    });
  }
  return instances;
}

export const entityMatchingScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.entity_matching_scenario.EntityMatchingScenario',
  name: 'entity_matching',
  description: 'T/F generation task for determining if two structured rows refer to the same entity.',
  tags: ['entity_matching', 'structured_reasoning'],
  getInstances: getEntityMatchingInstances,
};
