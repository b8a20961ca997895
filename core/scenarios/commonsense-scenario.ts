import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { noArgs, parseJsonLines, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** File split name → HELM split. */
const SPLIT_TRANSLATION: Readonly<Record<string, string>> = { train: 'train', val: 'valid', test: 'test' };

/** Every answer a reference, tagged correct when its text equals the correct one. */
function makeInstance(question: string, answers: readonly string[], correct: string, split: string): Instance {
  return {
    input: { text: question },
    references: answers.map((text) => ({ output: { text }, tags: text === correct ? [CORRECT_TAG] : [] })),
    split: SPLIT_TRANSLATION[split],
  };
}

export const HELLASWAG_URL_TEMPLATE = 'https://raw.githubusercontent.com/rowanz/hellaswag/master/data/hellaswag_{}.jsonl';
export const HELLASWAG_SPLITS: readonly string[] = ['train', 'val'];

export const HellaSwagItem = z.object({
  activity_label: z.string(),
  ctx_a: z.string(),
  ctx_b: z.string(),
  endings: z.array(z.string()).length(4),
  label: z.number().int().min(0).max(3),
});

/** `<activity_label>: <ctx_a> <ctx_b with its first character upper-cased>`; the 4 endings. */
export function hellaswagInstance(value: unknown, split: string, where: string): Instance {
  const parsed = HellaSwagItem.safeParse(value);
  if (!parsed.success) throw new HelmInputError(`${where}: not a HellaSwag item: ${parsed.error.message}`);
  const item = parsed.data;
  const [first = '', ...rest] = [...item.ctx_b];
  const ctxB = first.toUpperCase() + rest.join('');
  return makeInstance(`${item.activity_label}: ${item.ctx_a} ${ctxB}`, item.endings, item.endings[item.label], split);
}

export function parseHellaswagJsonLines(text: string, file: string, split: string): Instance[] {
  return parseJsonLines(text, file).map((value, i) => hellaswagInstance(value, split, `${file}: line ${i + 1}`));
}

export const OPENBOOKQA_URL = 'https://ai2-public-datasets.s3.amazonaws.com/open-book-qa/OpenBookQA-V1-Sep2018.zip';
export const OPENBOOKQA_SPLITS: readonly string[] = ['train', 'test'];
const LETTER_TO_INDEX: Readonly<Record<string, number>> = { A: 0, B: 1, C: 2, D: 3 };

export const OpenBookQaItem = z.object({
  question: z.object({
    stem: z.string(),
    choices: z.array(z.object({ text: z.string(), label: z.string() })).length(4),
  }),
  answerKey: z.enum(['A', 'B', 'C', 'D']),
});

/** Input `question.stem`; the 4 choice texts; correct is the choice at `answerKey`'s position. */
export function openbookqaInstance(value: unknown, split: string, where: string): Instance {
  const parsed = OpenBookQaItem.safeParse(value);
  if (!parsed.success) throw new HelmInputError(`${where}: not an OpenBookQA item: ${parsed.error.message}`);
  const item = parsed.data;
  const answers = item.question.choices.map((c) => c.text);
  const index = LETTER_TO_INDEX[item.answerKey];
  if (item.question.choices[index].label !== item.answerKey) {
    throw new HelmInputError(`${where}: choice ${index} is labelled ${item.question.choices[index].label}, not ${item.answerKey}`);
  }
  return makeInstance(item.question.stem, answers, answers[index], split);
}

export function parseOpenbookqaJsonLines(text: string, file: string, split: string): Instance[] {
  return parseJsonLines(text, file).map((value, i) => openbookqaInstance(value, split, `${file}: line ${i + 1}`));
}

function mirrorOf(options: EnsureDataOptions, ...parts: string[]): string | undefined {
  return options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, ...parts);
}

export async function ensureHellaswagData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  for (const split of HELLASWAG_SPLITS) {
    await ensureFileDownloaded({
      targetPath: path.join(scenarioDir, 'data', `hellaswag_${split}.jsonl`),
      sourceUrl: HELLASWAG_URL_TEMPLATE.replace('{}', split),
      mirrorSource: mirrorOf(options, 'hellaswag', `hellaswag_${split}.jsonl`),
      onProgress: options.onProgress,
    });
  }
}

/** `HellaSwagScenario().get_instances`: train then val (the unlabelled test set is not used). */
export async function getHellaswagInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('hellaswag', args);
  await ensureHellaswagData(scenarioDir, options);
  const instances: Instance[] = [];
  for (const split of HELLASWAG_SPLITS) {
    const file = path.join(scenarioDir, 'data', `hellaswag_${split}.jsonl`);
    instances.push(...parseHellaswagJsonLines(await readPythonTextFile(file, 'HellaSwag data'), file, split));
  }
  return instances;
}

function openbookqaFolder(scenarioDir: string): string {
  return path.join(scenarioDir, 'data', 'OpenBookQA-V1-Sep2018');
}

export async function ensureOpenbookqaData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFolderDownloaded({
    targetPath: openbookqaFolder(scenarioDir),
    sourceUrl: OPENBOOKQA_URL,
    archive: 'zip',
    mirrorSource: mirrorOf(options, 'openbookqa'),
    verify: async (folder) => {
      for (const split of OPENBOOKQA_SPLITS) {
        const file = path.join(folder, 'Data', 'Main', `${split}.jsonl`);
        if (!(await pathExists(file))) throw new HelmInputError(`OpenBookQA data is incomplete: ${file} is missing`);
      }
    },
    onProgress: options.onProgress,
  });
}

/** `OpenBookQA().get_instances`: train then test (the dev file is not used). */
export async function getOpenbookqaInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('openbookqa', args);
  await ensureOpenbookqaData(scenarioDir, options);
  const instances: Instance[] = [];
  for (const split of OPENBOOKQA_SPLITS) {
    const file = path.join(openbookqaFolder(scenarioDir), 'Data', 'Main', `${split}.jsonl`);
    instances.push(...parseOpenbookqaJsonLines(await readPythonTextFile(file, 'OpenBookQA data'), file, split));
  }
  return instances;
}

/** HELM's `HellaSwagScenario` (class attributes as HELM defines them). */
export const hellaswagScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.commonsense_scenario.HellaSwagScenario',
  name: 'hellaswag',
  description: 'Benchmark from https://arxiv.org/pdf/1905.07830.pdf.',
  tags: ['knowledge', 'multiple_choice'],
  getInstances: getHellaswagInstances,
  ensureData: ensureHellaswagData,
};

/** HELM's `OpenBookQA` (class attributes as HELM defines them). */
export const openbookqaScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.commonsense_scenario.OpenBookQA',
  name: 'openbookqa',
  description: 'Benchmark from https://aclanthology.org/D18-1260.pdf.',
  tags: ['knowledge', 'multiple_choice'],
  getInstances: getOpenbookqaInstances,
  ensureData: ensureOpenbookqaData,
};
