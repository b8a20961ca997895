import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFolderDownloaded, type EnsureDataOptions, pathExists } from './download';
import { MMLU_SUBJECTS } from './mmlu-subjects';
import { decodePythonText, parsePythonCsv } from './python-csv';
import { CORRECT_TAG, type Instance, type Reference } from './schemas';
import type { ScenarioClass } from './scenario';

export const MMLU_SOURCE_URL = 'https://people.eecs.berkeley.edu/~hendrycks/data.tar';

/** HELM's folder order and split names; auxiliary_train is absent from the standard tarball. */
export const MMLU_SPLITS: ReadonlyArray<readonly [folder: string, split: string]> = [
  ['auxiliary_train', 'train'],
  ['dev', 'train'],
  ['val', 'valid'],
  ['test', 'test'],
];

const ANSWER_LETTERS = ['A', 'B', 'C', 'D', 'E'];

/** `<scenarioDir>/data`: the tarball's top folder, as HELM places it. */
export function mmluDataPath(scenarioDir: string): string {
  return path.join(scenarioDir, 'data');
}

export function mmluCsvPath(dataPath: string, folder: string, subject: string): string {
  return path.join(dataPath, folder, `${subject}_${folder}.csv`);
}

/** One CSV's instances: row = question, options..., answer letter; correct by option-text equality. */
export function parseMmluCsv(text: string, file: string, split: string): Instance[] {
  return parsePythonCsv(text).map(({ fields, line }) => {
    if (fields.length === 0) throw new HelmInputError(`${file}: line ${line} is empty; expected question,A,B,C,D,answer`);
    const question = fields[0];
    const answers = fields.slice(1, -1);
    const letter = fields[fields.length - 1];
    const letterIndex = ANSWER_LETTERS.slice(0, answers.length).indexOf(letter);
    if (letterIndex < 0) {
      const accepted = ANSWER_LETTERS.slice(0, Math.min(answers.length, ANSWER_LETTERS.length)).join(', ') || 'none';
      throw new HelmInputError(
        `${file}: line ${line}: answer ${JSON.stringify(letter)} is not one of the option letters (${accepted}); ` +
          `expected rows question,A,B,C,D,answer`,
      );
    }
    const correct = answers[letterIndex];
    const references: Reference[] = answers.map((answer) => ({
      output: { text: answer },
      tags: answer === correct ? [CORRECT_TAG] : [],
    }));
    return { input: { text: question }, references, split };
  });
}

export async function readMmluCsv(file: string, split: string): Promise<Instance[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new HelmInputError(`${file}: cannot read MMLU CSV (${(error as Error).message})`);
  }
  return parseMmluCsv(decodePythonText(bytes, file), file, split);
}

/**
 * Verification of an unpacked MMLU folder: every subject's dev and test CSV present and parseable.
 * The 114 files are read at once; the first problem in subject order is the one reported.
 */
export async function verifyMmluFolder(folder: string): Promise<void> {
  const checks = MMLU_SUBJECTS.flatMap((subject) =>
    ([['dev', 'train'], ['test', 'test']] as const).map(async ([dir, split]) => {
      const file = mmluCsvPath(folder, dir, subject);
      if (!(await pathExists(file))) throw new HelmInputError(`MMLU data is incomplete: ${file} is missing`);
      await readMmluCsv(file, split);
    }),
  );
  for (const check of await Promise.allSettled(checks)) if (check.status === 'rejected') throw check.reason;
}

export async function ensureMmluData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFolderDownloaded({
    targetPath: mmluDataPath(scenarioDir),
    sourceUrl: MMLU_SOURCE_URL,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'mmlu'),
    verify: verifyMmluFolder,
    onProgress: options.onProgress,
  });
}

export function mmluSubjectArg(args: Record<string, ArgValue>): string {
  const subject = args.subject;
  if (typeof subject !== 'string' || subject === '') {
    throw new HelmInputError(`mmlu: argument subject is required and must be a subject name such as abstract_algebra`);
  }
  return subject;
}

/** `MMLUScenario(subject).get_instances(scenarioDir)`: splits in HELM's folder order, rows in file order. */
export async function getMmluInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  const subject = mmluSubjectArg(args);
  await ensureMmluData(scenarioDir, options);
  const dataPath = mmluDataPath(scenarioDir);
  const instances: Instance[] = [];
  let found = 0;
  for (const [folder, split] of MMLU_SPLITS) {
    const file = mmluCsvPath(dataPath, folder, subject);
    if (!(await pathExists(file))) continue;
    found++;
    instances.push(...(await readMmluCsv(file, split)));
  }
  if (found === 0) {
    // HELM would silently return no instances; an unknown subject is almost always a typo.
    throw new HelmInputError(
      `mmlu: unknown subject ${JSON.stringify(subject)}: no ${subject}_{dev,val,test}.csv under ${dataPath}. ` +
        `Accepted subjects: ${MMLU_SUBJECTS.join(', ')}`,
    );
  }
  return instances;
}

/** HELM's `MMLUScenario` (class attributes as HELM defines them). */
export const mmluScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.mmlu_scenario.MMLUScenario',
  name: 'mmlu',
  description: 'Massive Multitask Language Understanding',
  tags: ['knowledge', 'multiple_choice'],
  getInstances: getMmluInstances,
  ensureData: ensureMmluData,
};
