import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { pythonRstrip } from '../adaptation/python-text';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { noArgs, parseJsonLines, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** HELM's download of the MedQA archive (a Google Drive zip whose top folder is `data/`). */
export const MED_QA_URL = 'https://drive.google.com/uc?export=download&id=1ImYUSLk9JbgHXOemfvyiDiirluZHPeQw&confirm=t';

/** HELM split → the file's split name (`dev` for valid), in HELM's order. */
export const MED_QA_SPLITS: ReadonlyArray<readonly [split: string, file: string]> = [
  ['train', 'train'],
  ['valid', 'dev'],
  ['test', 'test'],
];

const QUESTIONS_DIR = ['data_clean', 'questions', 'US', '4_options'];

export function medQaFile(dataDir: string, fileSplit: string): string {
  return path.join(dataDir, ...QUESTIONS_DIR, `phrases_no_exclude_${fileSplit}.jsonl`);
}

export const MedQaItem = z.object({
  question: z.string(),
  options: z.record(z.string(), z.string()),
  answer_idx: z.string(),
});

/** One line: the question, the four options in file order (closing quotes and spaces stripped), the one at `answer_idx` correct. */
export function medQaInstance(value: unknown, split: string, where: string): Instance {
  const parsed = MedQaItem.safeParse(value);
  if (!parsed.success) throw new HelmInputError(`${where}: not a MedQA item {question, options, answer_idx}: ${parsed.error.message}`);
  const { question, options, answer_idx: answerIdx } = parsed.data;
  const entries = Object.entries(options);
  if (entries.length !== 4) throw new HelmInputError(`${where}: expected 4 answer options, got ${entries.length}`);
  return {
    input: { text: question },
    references: entries.map(([letter, answer]) => ({
      output: { text: pythonRstrip(answer.replace(/"+$/, '')) },
      tags: letter === answerIdx ? [CORRECT_TAG] : [],
    })),
    split,
  };
}

export async function ensureMedQaData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFolderDownloaded({
    targetPath: path.join(scenarioDir, 'data'),
    sourceUrl: MED_QA_URL,
    archive: 'zip',
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'medqa'),
    verify: async (folder) => {
      for (const [split, fileSplit] of MED_QA_SPLITS) {
        const file = medQaFile(folder, fileSplit);
        if (!(await pathExists(file))) {
          throw new HelmInputError(
            `MedQA: the ${split} split is missing: ${path.relative(folder, file)} is not in ` +
              `${options.mirrorDir !== undefined ? path.join(options.mirrorDir, 'medqa') : 'the download'} ` +
              `(canonical source: ${MED_QA_URL}, a zip holding data/${[...QUESTIONS_DIR, `phrases_no_exclude_${fileSplit}.jsonl`].join('/')})`,
          );
        }
      }
    },
    onProgress: options.onProgress,
  });
}

/** `MedQAScenario().get_instances`: train, valid (the dev file), test; lines in file order. */
export async function getMedQaInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('med_qa', args);
  await ensureMedQaData(scenarioDir, options);
  const instances: Instance[] = [];
  for (const [split, fileSplit] of MED_QA_SPLITS) {
    const file = medQaFile(path.join(scenarioDir, 'data'), fileSplit);
    const values = parseJsonLines(await readPythonTextFile(file, 'MedQA data'), file);
    values.forEach((value, i) => instances.push(medQaInstance(value, split, `${file}: line ${i + 1}`)));
  }
  return instances;
}

/** HELM's `MedQAScenario` (class attributes as HELM defines them). */
export const medQaScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.med_qa_scenario.MedQAScenario',
  name: 'med_qa',
  description: 'An open domain question answering (QA) dataset collected from professional medical board exams.',
  tags: ['question_answering', 'biomedical'],
  getInstances: getMedQaInstances,
  ensureData: ensureMedQaData,
};
