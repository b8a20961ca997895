import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { parsePythonCsv } from './python-csv';
import { choiceArg, noArgs, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance, type Reference } from './schemas';
import type { ScenarioClass } from './scenario';

export const TRUTHFUL_QA_URL =
  'https://raw.githubusercontent.com/sylinrl/TruthfulQA/d71c110897f5d31c5d7f309e7bc316c152f6f031/data/v1/TruthfulQA.csv';
export const TRUTHFUL_QA_FILE = 'TruthfulQA.csv';
export const TRUTHFUL_QA_TASKS: readonly string[] = ['mc_single'];
const TRAIN_RATIO = 0.2;

export interface TruthfulQaRow {
  question: string;
  bestAnswer: string;
  incorrectAnswers: string;
}

/** Stripped, with a final `.` added when missing. */
export function formatAnswer(text: string): string {
  const formatted = text.trim();
  return formatted.endsWith('.') ? formatted : `${formatted}.`;
}

/** Rows after the header; each must have HELM's seven columns. */
export function parseTruthfulQaCsv(text: string, file: string): TruthfulQaRow[] {
  const rows = parsePythonCsv(text);
  if (rows.length === 0) throw new HelmInputError(`${file}: empty; expected a header and rows of 7 columns`);
  return rows.slice(1).map(({ fields, line }) => {
    if (fields.length !== 7) {
      throw new HelmInputError(
        `${file}: line ${line} has ${fields.length} fields; expected 7 (Type, Category, Question, Best Answer, Correct Answers, Incorrect Answers, Source)`,
      );
    }
    return { question: fields[2], bestAnswer: fields[3], incorrectAnswers: fields[5] };
  });
}

/** Incorrect answers then the best one, rotated left by the best answer's first code point mod the count. */
export function truthfulQaReferences(bestAnswer: string, incorrectAnswers: readonly string[]): Reference[] {
  const references: Reference[] = incorrectAnswers.map((text) => ({ output: { text }, tags: [] }));
  references.push({ output: { text: bestAnswer }, tags: [CORRECT_TAG] });
  const k = bestAnswer.codePointAt(0)! % references.length;
  return [...references.slice(k), ...references.slice(0, k)];
}

export function truthfulQaInstances(rows: readonly TruthfulQaRow[]): Instance[] {
  // Python's int(len * 0.2) truncates.
  const splitK = Math.trunc(rows.length * TRAIN_RATIO);
  return rows.map((row, i) => {
    const incorrect = row.incorrectAnswers
      .split(';')
      .filter((a) => a.trim() !== '')
      .map((a) => formatAnswer(a.trim()));
    return {
      input: { text: row.question.trim() },
      references: truthfulQaReferences(formatAnswer(row.bestAnswer), incorrect),
      split: i < splitK ? 'train' : 'valid',
    };
  });
}

export async function ensureTruthfulQaData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFileDownloaded({
    targetPath: path.join(scenarioDir, 'data', TRUTHFUL_QA_FILE),
    sourceUrl: TRUTHFUL_QA_URL,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'truthful_qa', TRUTHFUL_QA_FILE),
    verify: async (f) => void parseTruthfulQaCsv(await readPythonTextFile(f, 'TruthfulQA data'), f),
    onProgress: options.onProgress,
  });
}

/** `TruthfulQAScenario(task).get_instances`: the first 20% of rows train, the rest valid. */
export async function getTruthfulQaInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('truthful_qa', args, ['task']);
  choiceArg('truthful_qa', args, 'task', TRUTHFUL_QA_TASKS);
  await ensureTruthfulQaData(scenarioDir, options);
  const file = path.join(scenarioDir, 'data', TRUTHFUL_QA_FILE);
  return truthfulQaInstances(parseTruthfulQaCsv(await readPythonTextFile(file, 'TruthfulQA data'), file));
}

/** HELM's `TruthfulQAScenario` (class attributes as HELM defines them). */
export const truthfulQaScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.truthful_qa_scenario.TruthfulQAScenario',
  name: 'truthful_qa',
  description: 'Truthful QA',
  tags: ['knowledge', 'harms', 'multiple_choice'],
  getInstances: getTruthfulQaInstances,
  ensureData: ensureTruthfulQaData,
};
