import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { noArgs, parseJson, parseJsonLines, passageQuestionInput, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Input, type Instance, type Reference } from './schemas';
import type { ScenarioClass } from './scenario';

export const BOOLQ_BASE_URL = 'https://huggingface.co/datasets/stanford-crfm/helm-scenarios/resolve/main/boolq';
export const BOOLQ_CONTRAST_URL = 'https://raw.githubusercontent.com/allenai/contrast-sets/main/BoolQ/boolq_perturbed.json';

/** HELM split → file name (`<name>.jsonl` upstream, `data/<name>` locally), in HELM's order. */
export const BOOLQ_SPLITS: ReadonlyArray<readonly [split: string, name: string]> = [
  ['train', 'train'],
  ['valid', 'dev'],
];

export const BoolqTriplet = z.object({ question: z.string(), passage: z.string(), answer: z.boolean() });
export const BoolqContrastFile = z.object({
  data: z.array(
    z.object({
      question: z.string(),
      answer: z.string(),
      perturbed_questions: z.array(z.object({ perturbed_q: z.string(), answer: z.string() })),
    }),
  ),
});

export interface ContrastEntry {
  originalAnswer: string;
  perturbedQuestions: string[];
  perturbedAnswers: string[];
}

/** Python's `str.capitalize()`: first character upper-cased, all others lower-cased. */
export function pythonCapitalize(text: string): string {
  const [first = '', ...rest] = [...text];
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/** `<passage>\nQuestion: <Capitalized question>?` (HELM asserts the raw question has no `?`). */
export function boolqInput(passage: string, question: string): Input {
  const q = pythonCapitalize(question.trim());
  if (q.endsWith('?')) throw new HelmInputError(`BoolQ question already ends with "?": ${JSON.stringify(question)}`);
  return passageQuestionInput(passage, `${q}?`);
}

const yesNo = (value: string): string => (value === 'TRUE' ? 'Yes' : 'No');

/** Contrast sets by original question: `data[1:]`, perturbations that flip the answer and are non-empty. */
export function parseBoolqContrast(text: string, file: string): Map<string, ContrastEntry> {
  const parsed = BoolqContrastFile.safeParse(parseJson(text, file));
  if (!parsed.success) throw new HelmInputError(`${file}: not a BoolQ contrast-set file: ${parsed.error.message}`);
  const map = new Map<string, ContrastEntry>();
  for (const item of parsed.data.data.slice(1)) {
    if (map.has(item.question)) throw new HelmInputError(`${file}: question ${JSON.stringify(item.question)} appears twice`);
    const entry: ContrastEntry = { originalAnswer: yesNo(item.answer), perturbedQuestions: [], perturbedAnswers: [] };
    for (const p of item.perturbed_questions) {
      const answer = yesNo(p.answer);
      if (!p.perturbed_q || answer === entry.originalAnswer) continue;
      entry.perturbedQuestions.push(p.perturbed_q);
      entry.perturbedAnswers.push(answer);
    }
    if (entry.perturbedQuestions.length > 0) map.set(item.question, entry);
  }
  return map;
}

export function parseBoolqSplit(
  text: string,
  file: string,
  split: string,
  contrast: ReadonlyMap<string, ContrastEntry>,
  onlyContrast: boolean,
): Instance[] {
  const instances: Instance[] = [];
  parseJsonLines(text, file).forEach((value, i) => {
    const parsed = BoolqTriplet.safeParse(value);
    if (!parsed.success) throw new HelmInputError(`${file}: line ${i + 1}: expected {question, passage, answer: bool}: ${parsed.error.message}`);
    const { passage, question, answer } = parsed.data;
    const correct = answer ? 'Yes' : 'No';
    const entry = contrast.get(question);
    if (entry === undefined && onlyContrast && split === 'valid') return;
    const references: Reference[] = [{ output: { text: correct }, tags: [CORRECT_TAG] }];
    const instance: Instance = { input: boolqInput(passage, question), references, split };
    if (entry !== undefined) {
      if (entry.originalAnswer !== correct) throw new HelmInputError(`${file}: line ${i + 1}: answer differs from the contrast set's`);
      instance.contrast_inputs = entry.perturbedQuestions.map((q) => boolqInput(passage, q));
      instance.contrast_references = entry.perturbedAnswers.map((a) => [{ output: { text: a }, tags: [CORRECT_TAG] }]);
    }
    instances.push(instance);
  });
  return instances;
}

/** Python truthiness of a description value (`only_contrast=False` is the non-empty string "False"). */
export function pythonTruthy(value: ArgValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return false;
  if (typeof value === 'object' && 'py_float' in value) return value.py_float !== 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export async function ensureBoolqData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  const mirror = (name: string): string | undefined =>
    options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'boolq', name);
  for (const [, name] of BOOLQ_SPLITS) {
    await ensureFileDownloaded({
      targetPath: path.join(scenarioDir, 'data', name),
      sourceUrl: `${BOOLQ_BASE_URL}/${name}.jsonl`,
      mirrorSource: mirror(`${name}.jsonl`),
      onProgress: options.onProgress,
    });
  }
  await ensureFileDownloaded({
    targetPath: path.join(scenarioDir, 'data', 'boolq_perturbed.jsonl'),
    sourceUrl: BOOLQ_CONTRAST_URL,
    mirrorSource: mirror('boolq_perturbed.json'),
    onProgress: options.onProgress,
  });
}

/** `BoolQScenario(only_contrast).get_instances`: train then valid (with contrast sets), file order. */
export async function getBoolqInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('boolq', args, ['only_contrast']);
  const onlyContrast = pythonTruthy(args.only_contrast);
  await ensureBoolqData(scenarioDir, options);
  const contrastFile = path.join(scenarioDir, 'data', 'boolq_perturbed.jsonl');
  const contrast = parseBoolqContrast(await readPythonTextFile(contrastFile, 'BoolQ contrast sets'), contrastFile);
  const instances: Instance[] = [];
  for (const [split, name] of BOOLQ_SPLITS) {
    const file = path.join(scenarioDir, 'data', name);
    const text = await readPythonTextFile(file, 'BoolQ data');
    instances.push(...parseBoolqSplit(text, file, split, split === 'valid' ? contrast : new Map(), onlyContrast));
  }
  return instances;
}

/** HELM's `BoolQScenario` (class attributes as HELM defines them). */
export const boolqScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.boolq_scenario.BoolQScenario',
  name: 'boolq',
  description: 'Question answering dataset with naturally occurring Yes/No questions.',
  tags: ['question_answering'],
  getInstances: getBoolqInstances,
  ensureData: ensureBoolqData,
};
