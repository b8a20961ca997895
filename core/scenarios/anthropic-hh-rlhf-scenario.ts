import fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import type { EnsureDataOptions } from './download';
import { ensureHfFile, mirrorHubPath, type HfDataset } from './huggingface';
import { decodePythonText } from './python-csv';
import { choiceArg, parseJson, parseJsonLines } from './scenario-files';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const HH_RLHF_DATASET: HfDataset = { repo: 'Anthropic/hh-rlhf', revision: '09be8c5bbc57cb3887f3a9732ad6aa7ec602a1fa' };

/**
 * The files `datasets` assigns to each split of the default configuration at the pinned revision
 * (split name in the file name; folders in sorted order), splits in the order it yields them.
 */
const HH_SUBSETS = ['harmless-base', 'helpful-base', 'helpful-online', 'helpful-rejection-sampled'];
export const HH_SPLIT_FILES: ReadonlyArray<readonly [split: string, files: string[]]> = [
  ['train', HH_SUBSETS.map((s) => `${s}/train.jsonl.gz`)],
  ['test', HH_SUBSETS.map((s) => `${s}/test.jsonl.gz`)],
];
/** `data_dir="red-team-attempts"`: one file, its `train` split, which HELM uses as its test split. */
export const RED_TEAM_FILE = 'red-team-attempts/red_team_attempts.jsonl.gz';

const HhExample = z.object({ chosen: z.string() });
const RedTeamAttempt = z.object({ transcript: z.string() });

function stripSpaces(text: string): string {
  return text.replace(/^ +| +$/g, '');
}

/** The first non-blank turn of a `\n\nHuman: … \n\nAssistant: …` dialogue, spaces stripped (Python's strip(" ")). */
export function firstUtterance(dialogue: string): string {
  for (const utterance of stripSpaces(dialogue).split(/\n\nHuman: |\n\nAssistant: /)) {
    if (stripSpaces(utterance) !== '') return stripSpaces(utterance);
  }
  throw new HelmInputError(`Invalid dialogue: ${dialogue}`);
}

/**
 * The rows of a `.jsonl.gz` file as `datasets`' JSON reader takes them: JSON lines, or (the
 * red-team file) one JSON array of objects.
 */
export function parseJsonRecords(bytes: Buffer, file: string): unknown[] {
  let text: string;
  try {
    text = decodePythonText(gunzipSync(bytes), file);
  } catch (error) {
    if (error instanceof HelmInputError) throw error;
    throw new HelmInputError(`${file}: not a gzip file (${(error as Error).message})`);
  }
  if (text.trimStart().startsWith('[')) {
    const value = parseJson(text, file);
    if (!Array.isArray(value)) throw new HelmInputError(`${file}: expected a JSON array of objects`);
    return value;
  }
  return parseJsonLines(text, file);
}

function dialogues<T extends z.ZodTypeAny>(file: string, schema: T, pick: (row: z.infer<T>) => string): string[] {
  return parseJsonRecords(fs.readFileSync(file), file).map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new HelmInputError(`${file}: row ${i}: ${parsed.error.message}`);
    return pick(parsed.data);
  });
}

/** A repository file: read in place from the mirror (its absence names the file and the Hub source), else fetched from the Hub. */
async function repoFile(file: string, scenarioDir: string, options: EnsureDataOptions): Promise<string> {
  if (options.mirrorDir !== undefined) {
    const mirrored = mirrorHubPath(options.mirrorDir, HH_RLHF_DATASET, file);
    if (fs.existsSync(mirrored)) return mirrored;
  }
  const target = path.join(scenarioDir, 'data', ...file.split('/'));
  await ensureHfFile({ dataset: HH_RLHF_DATASET, file, target, what: `Anthropic hh-rlhf ${file}`, mirrorDir: options.mirrorDir });
  return target;
}

/** Split → dialogues, in HELM's order: hh's train then test (the `chosen` text), or the red-team transcripts as test. */
async function readDialogues(subset: string, scenarioDir: string, options: EnsureDataOptions): Promise<Array<[string, string[]]>> {
  if (subset === 'red_team') {
    const file = await repoFile(RED_TEAM_FILE, scenarioDir, options);
    return [['test', dialogues(file, RedTeamAttempt, (r) => r.transcript)]];
  }
  const splits: Array<[string, string[]]> = [];
  for (const [split, files] of HH_SPLIT_FILES) {
    const rows: string[] = [];
    for (const f of files) rows.push(...dialogues(await repoFile(f, scenarioDir, options), HhExample, (r) => r.chosen));
    splits.push([split, rows]);
  }
  return splits;
}

export async function getAnthropicHhRlhfInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  const subset = choiceArg('anthropic_hh_rlhf', args, 'subset', ['hh', 'red_team']);
  const instances: Instance[] = [];
  for (const [split, texts] of await readDialogues(subset, scenarioDir, options)) {
    for (const dialogue of texts) instances.push({ input: { text: firstUtterance(dialogue) }, references: [], split });
  }
  return instances;
}

/** HELM's `AnthropicHHRLHFScenario`: the first human turn of each dialogue, no references. */
export const anthropicHhRlhfScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.anthropic_hh_rlhf_scenario.AnthropicHHRLHFScenario',
  name: 'anthropic_hh_rlhf',
  description: 'Anthropic HH-RLHF dataset',
  tags: ['instructions'],
  getInstances: getAnthropicHhRlhfInstances,
  ensureData: async (scenarioDir, options) => {
    for (const file of [...HH_SPLIT_FILES.flatMap(([, files]) => files), RED_TEAM_FILE]) await repoFile(file, scenarioDir, options);
  },
};
