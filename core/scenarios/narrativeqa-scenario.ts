import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import { PythonRandom } from '../common/python-random';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { parsePythonCsv } from './python-csv';
import { noArgs, passageQuestionInput, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Input, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const NARRATIVEQA_URL = 'https://github.com/deepmind/narrativeqa/archive/master.zip';
export const NARRATIVEQA_SPLITS: readonly string[] = ['train', 'valid', 'test'];

/** `csv.DictReader`: the first row names the columns; blank rows are skipped. */
export function parseCsvDicts(text: string, file: string, required: readonly string[]): Array<Record<string, string>> {
  const rows = parsePythonCsv(text);
  const header = rows[0]?.fields ?? [];
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) throw new HelmInputError(`${file}: missing column(s) ${missing.join(', ')}; header is ${header.join(',')}`);
  return rows
    .slice(1)
    .filter((row) => row.fields.length > 0)
    .map(({ fields, line }) => {
      if (fields.length < header.length) throw new HelmInputError(`${file}: line ${line} has ${fields.length} fields, header has ${header.length}`);
      return Object.fromEntries(header.map((name, i) => [name, fields[i]]));
    });
}

/** Passage + question, with `?` appended when the question lacks one. */
export function narrativeqaInput(summary: string, question: string): Input {
  return passageQuestionInput(summary, question.endsWith('?') ? question : `${question}?`);
}

export interface NarrativeqaFiles {
  summaries: ReadonlyArray<Record<string, string>>;
  qaps: ReadonlyArray<Record<string, string>>;
}

/** One split: questions grouped by document (first-appearance order), one drawn per document. */
export function narrativeqaSplit(files: NarrativeqaFiles, split: string, random: PythonRandom): Instance[] {
  const summaries = new Map<string, string>();
  for (const row of files.summaries) if (row.set === split) summaries.set(row.document_id, row.summary);
  const byDocument = new Map<string, Array<Record<string, string>>>();
  for (const row of files.qaps) {
    if (row.set !== split) continue;
    const rows = byDocument.get(row.document_id);
    if (rows === undefined) byDocument.set(row.document_id, [row]);
    else rows.push(row);
  }
  return [...byDocument].map(([documentId, rows]) => {
    const row = random.choice(rows);
    const summary = summaries.get(documentId);
    if (summary === undefined) throw new HelmInputError(`NarrativeQA: no ${split} summary for document ${documentId}`);
    return {
      input: narrativeqaInput(summary.trim(), row.question.trim()),
      references: [
        { output: { text: row.answer1 }, tags: [CORRECT_TAG] },
        { output: { text: row.answer2 }, tags: [CORRECT_TAG] },
      ],
      split,
    };
  });
}

/** All splits with `random.seed(0)` set once before them, as HELM does. */
export function narrativeqaInstances(files: NarrativeqaFiles): Instance[] {
  const random = new PythonRandom(0);
  return NARRATIVEQA_SPLITS.flatMap((split) => narrativeqaSplit(files, split, random));
}

function repoPath(scenarioDir: string): string {
  return path.join(scenarioDir, 'data', 'narrativeqa-master');
}

const SUMMARIES = ['third_party', 'wikipedia', 'summaries.csv'];
const QAPS = ['qaps.csv'];

export async function ensureNarrativeqaData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFolderDownloaded({
    targetPath: repoPath(scenarioDir),
    sourceUrl: NARRATIVEQA_URL,
    archive: 'zip',
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'narrative_qa'),
    verify: async (folder) => {
      for (const parts of [SUMMARIES, QAPS]) {
        const file = path.join(folder, ...parts);
        if (!(await pathExists(file))) throw new HelmInputError(`NarrativeQA data is incomplete: ${file} is missing`);
      }
    },
    onProgress: options.onProgress,
  });
}

/** `NarrativeQAScenario().get_instances`: one question per story, train, valid, test. */
export async function getNarrativeqaInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('narrative_qa', args);
  await ensureNarrativeqaData(scenarioDir, options);
  const summariesFile = path.join(repoPath(scenarioDir), ...SUMMARIES);
  const qapsFile = path.join(repoPath(scenarioDir), ...QAPS);
  return narrativeqaInstances({
    summaries: parseCsvDicts(await readPythonTextFile(summariesFile, 'NarrativeQA summaries'), summariesFile, ['document_id', 'set', 'summary']),
    qaps: parseCsvDicts(await readPythonTextFile(qapsFile, 'NarrativeQA questions'), qapsFile, [
      'document_id', 'set', 'question', 'answer1', 'answer2',
    ]),
  });
}

/** HELM's `NarrativeQAScenario` (class attributes as HELM defines them). */
export const narrativeqaScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.narrativeqa_scenario.NarrativeQAScenario',
  name: 'narrativeqa',
  description: 'Question answering using summaries of books/movie scripts.',
  tags: ['question_answering'],
  getInstances: getNarrativeqaInstances,
  ensureData: ensureNarrativeqaData,
};
