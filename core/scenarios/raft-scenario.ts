import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HelmInputError, MissingDataError } from '../common/errors';
import { NumpyGenerator } from '../common/numpy-generator';
import { pyStrip } from '../metrics/py-text';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { ensureHfFile, type HfDataset } from './huggingface';
import { decodePythonText, parsePythonCsv } from './python-csv';
import { choiceArg, noArgs, parseJson, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const RAFT_PROMPT_SETTINGS_URL = 'https://www.dropbox.com/s/a5cyevryzw8rt4f/prompt_construction_settings.json?dl=0';
export const RAFT_PROMPT_SETTINGS_FILE = 'prompt_construction_settings.json';

export const RAFT_SUBSETS: readonly string[] = [
  'ade_corpus_v2',
  'banking_77',
  'neurips_impact_statement_risks',
  'one_stop_english',
  'overruling',
  'semiconductor_org_types',
  'systematic_review_inclusion',
  'tai_safety_research',
  'terms_of_service',
  'tweet_eval_hate',
  'twitter_complaints',
];

export interface RaftPromptSettings {
  /** The instance fields, in prompt order. */
  fields: string[];
  instructions: string;
}

/** The settings file is two JSON lines: field order by subset, then instructions by subset. */
export function parseRaftPromptSettings(text: string, subset: string, file: string): RaftPromptSettings {
  const lines = text.trim().split('\n');
  if (lines.length !== 2) throw new HelmInputError(`${file}: expected two JSON lines (field order, instructions), found ${lines.length}`);
  let fieldOrdering: unknown;
  let instructions: unknown;
  try {
    [fieldOrdering, instructions] = lines.map((line) => JSON.parse(line) as unknown);
  } catch (error) {
    throw new HelmInputError(`${file}: not two JSON lines (${(error as Error).message})`);
  }
  const fields = (fieldOrdering as Record<string, unknown> | null)?.[subset];
  const text_ = (instructions as Record<string, unknown> | null)?.[subset];
  if (!Array.isArray(fields) || !fields.every((f): f is string => typeof f === 'string') || typeof text_ !== 'string') {
    throw new HelmInputError(`${file}: no field order and instructions for RAFT subset ${subset}`);
  }
  return { fields, instructions: text_ };
}

/** Where the run spec function reads the settings: `<benchmark output>/scenarios/raft/` (HELM's scenario cache path). */
export function raftRunSpecSettingsPath(benchmarkOutputPath = 'benchmark_output'): string {
  return path.join(benchmarkOutputPath, 'scenarios', 'raft', RAFT_PROMPT_SETTINGS_FILE);
}

function mirrorPath(mirrorDir: string | undefined): string | undefined {
  return mirrorDir === undefined ? undefined : path.join(mirrorDir, 'raft', RAFT_PROMPT_SETTINGS_FILE);
}

function missingSettings(file: string, mirror: string | undefined): MissingDataError {
  return new MissingDataError(
    `RAFT needs its prompt settings file ${RAFT_PROMPT_SETTINGS_FILE} (canonical source ${RAFT_PROMPT_SETTINGS_URL}) to build ` +
      `its run specs: not found at ${file}` +
      (mirror === undefined ? ' and no --data-mirror was given' : ` nor in the data mirror at ${mirror}`) +
      '. Download it there, or put a copy in <data mirror>/raft/.',
  );
}

/** Downloads (or copies from the mirror) the settings file where the run spec function reads it. */
export async function ensureRaftPromptSettings(env: { benchmarkOutputPath?: string; dataMirror?: string }): Promise<void> {
  await ensureFileDownloaded({
    targetPath: raftRunSpecSettingsPath(env.benchmarkOutputPath),
    sourceUrl: RAFT_PROMPT_SETTINGS_URL,
    mirrorSource: mirrorPath(env.dataMirror),
  });
}

/** The settings of `subset`, read synchronously (run spec functions are); a mirror copy is taken if needed. */
export function readRaftPromptSettingsSync(
  subset: string,
  env: { benchmarkOutputPath?: string; dataMirror?: string },
): RaftPromptSettings {
  const file = raftRunSpecSettingsPath(env.benchmarkOutputPath);
  if (!existsSync(file)) {
    const mirror = mirrorPath(env.dataMirror);
    if (mirror === undefined || !existsSync(mirror)) throw missingSettings(file, mirror);
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(mirror, file);
  }
  return parseRaftPromptSettings(decodePythonText(readFileSync(file), file), subset, file);
}

/** The dataset HELM loads (`load_dataset("ought/raft", subset, split="train", revision=…)`): its loading script's revision. */
export const RAFT_DATASET: HfDataset = { repo: 'ought/raft', revision: '9ee50172ea9afda2f1033c6f1b986e568b862fb3' };
/** HELM keeps 20% of the labelled rows as train (few-shot pool) and evaluates the other 80%. */
const RAFT_TEST_SIZE = 0.8;
const RAFT_SEED = 42;
/** The loading script puts this class name first and gives it the unlabelled test rows. */
const UNLABELED = 'Unlabeled';

/** A subset's labelled rows and its task description (for the label names) in the dataset repository. */
export function raftHubFiles(subset: string): { rows: string; task: string } {
  return { rows: `data/${subset}/train.csv`, task: `data/${subset}/task.json` };
}

/**
 * The `Label` class names of a subset: `Unlabeled`, then the task's labels in order (the loading
 * script's `ClassLabel`), from `task.json`'s `label_columns.Label`.
 */
export function parseRaftLabelNames(text: string, file: string): string[] {
  const task = parseJson(text, file) as { label_columns?: Record<string, unknown> } | null;
  const labels = task?.label_columns?.Label;
  if (!Array.isArray(labels) || !labels.every((l): l is string => typeof l === 'string')) {
    throw new HelmInputError(`${file}: expected {"label_columns": {"Label": [<label names>]}}`);
  }
  return [UNLABELED, ...labels];
}

/** `ClassLabel.encode_example` of a CSV cell: a class name (as is or stripped), else its index. */
function encodeClassLabel(value: string, names: readonly string[], where: string): number {
  for (const candidate of [value, pyStrip(value)]) {
    const index = names.indexOf(candidate);
    if (index >= 0) return index;
  }
  const parsed = /^\s*[+-]?\d+\s*$/.test(value) ? Number.parseInt(value.trim(), 10) : NaN;
  if (Number.isNaN(parsed) || parsed < 0 || parsed >= names.length) {
    throw new HelmInputError(`${where}: Label ${JSON.stringify(value)} is neither a class name nor a class index (0-${names.length - 1})`);
  }
  return parsed;
}

/**
 * The loading script's rows: `csv.reader(quotechar='"', delimiter=",", skipinitialspace=True)` on
 * the universal-newline text, the first row naming the columns, `Label` encoded as a class index.
 */
export function parseRaftRows(text: string, file: string, labelNames: readonly string[]): Array<{ fields: Record<string, string>; label: number }> {
  const rows = parsePythonCsv(text, ',', { skipInitialSpace: true });
  if (rows.length === 0) throw new HelmInputError(`${file}: empty file (expected a header row)`);
  const header = rows[0].fields;
  if (!header.includes('Label')) throw new HelmInputError(`${file}: no Label column in the header (${header.join(', ')})`);
  return rows.slice(1).map(({ fields, line }) => {
    if (fields.length < header.length) {
      throw new HelmInputError(`${file}: line ${line} has ${fields.length} fields, the header has ${header.length}`);
    }
    const record: Record<string, string> = {};
    header.forEach((name, i) => {
      record[name] = fields[i];
    });
    return { fields: record, label: encodeClassLabel(record.Label, labelNames, `${file}: line ${line}`) };
  });
}

/** `Dataset.train_test_split(test_size=0.8, seed)`: test = the first ⌈0.8·n⌉ positions of the permutation, train = the rest. */
export function raftTrainTestSplit<T>(rows: readonly T[], seed = RAFT_SEED): { train: T[]; test: T[] } {
  const n = rows.length;
  const nTest = Math.ceil(RAFT_TEST_SIZE * n);
  if (n - nTest <= 0) throw new HelmInputError(`RAFT: ${n} labelled rows leave no train split (test_size=${RAFT_TEST_SIZE})`);
  const permutation = new NumpyGenerator(seed).permutation(n);
  return { test: permutation.slice(0, nTest).map((i) => rows[i]), train: permutation.slice(nTest).map((i) => rows[i]) };
}

async function ensureRaftHubFile(subset: string, file: string, scenarioDir: string, what: string, options: EnsureDataOptions): Promise<string> {
  const target = path.join(scenarioDir, 'data', RAFT_DATASET.repo.replace('/', '--'), ...file.split('/'));
  await ensureHfFile({ dataset: RAFT_DATASET, file, target, what: `RAFT ${subset} ${what}`, mirrorDir: options.mirrorDir });
  return target;
}

/**
 * `RAFTScenario(subset)`: the subset's labelled rows split 20/80 into train and test (seed 42),
 * each the settings' fields as `<field>: <value>` lines, the label's name as the one reference.
 */
export async function getRaftInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('raft', args, ['subset', 'random_seed']);
  const subset = choiceArg('raft', args, 'subset', RAFT_SUBSETS);
  const seed = args.random_seed === undefined ? RAFT_SEED : Number(args.random_seed);
  if (!Number.isInteger(seed) || seed < 0) throw new HelmInputError(`raft: random_seed must be a non-negative integer, got ${String(args.random_seed)}`);
  // The scenario reads its own copy of the settings (under data/, as HELM's scenario does).
  const settingsFile = path.join(scenarioDir, 'data', RAFT_PROMPT_SETTINGS_FILE);
  await ensureFileDownloaded({ targetPath: settingsFile, sourceUrl: RAFT_PROMPT_SETTINGS_URL, mirrorSource: mirrorPath(options.mirrorDir), onProgress: options.onProgress });
  const { fields } = parseRaftPromptSettings(await readPythonTextFile(settingsFile, 'RAFT prompt settings'), subset, settingsFile);
  const files = raftHubFiles(subset);
  const taskFile = await ensureRaftHubFile(subset, files.task, scenarioDir, 'task description', options);
  const rowsFile = await ensureRaftHubFile(subset, files.rows, scenarioDir, 'labelled rows', options);
  const labelNames = parseRaftLabelNames(await readPythonTextFile(taskFile, 'RAFT task description'), taskFile);
  const rows = parseRaftRows(await readPythonTextFile(rowsFile, 'RAFT rows'), rowsFile, labelNames);
  const { train, test } = raftTrainTestSplit(rows, seed);
  const instances: Instance[] = [];
  for (const [split, splitRows] of [['train', train], ['test', test]] as const) {
    for (const row of splitRows) {
      const prompt = fields.map((field) => {
        if (!Object.prototype.hasOwnProperty.call(row.fields, field)) throw new HelmInputError(`${rowsFile}: no column ${JSON.stringify(field)} (columns: ${Object.keys(row.fields).join(', ')})`);
        return `${field}: ${row.fields[field]}`;
      });
      instances.push({ input: { text: prompt.join('\n') }, references: [{ output: { text: labelNames[row.label] }, tags: [CORRECT_TAG] }], split });
    }
  }
  return instances;
}

export const raftScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.raft_scenario.RAFTScenario',
  name: 'raft',
  description: 'Real-world Annotated Few-shot Tasks (RAFT)',
  tags: ['text_classification', 'robustness'],
  getInstances: getRaftInstances,
};
