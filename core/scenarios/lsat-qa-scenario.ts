import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { choiceArg, noArgs, parseJson, passageQuestionInput, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance, type Reference } from './schemas';
import type { ScenarioClass } from './scenario';

/** `AR_<name>Data.json` → HELM split, in HELM's order. */
export const LSAT_SPLITS: ReadonlyArray<readonly [name: string, split: string]> = [
  ['Training', 'train'],
  ['Development', 'valid'],
  ['Test', 'test'],
];

/** Main question types and their sub-types (the `tags[2]` values). */
export const LSAT_QUESTION_TYPES: Readonly<Record<string, readonly string[]>> = {
  grouping: ['in/out grouping', 'distribution grouping'],
  ordering: ['simple ordering', 'relative ordering', 'complex ordering'],
  assignment: ['determined assignment', 'undetermined assignment'],
  miscellaneous: [],
};

export const LSAT_TASKS: readonly string[] = [...Object.keys(LSAT_QUESTION_TYPES), 'all'];

const SUBTYPE_TO_TYPE = new Map(
  Object.entries(LSAT_QUESTION_TYPES).flatMap(([type, subtypes]) => subtypes.map((subtype) => [subtype, type] as const)),
);

export const LsatQuestion = z.object({
  question: z.string(),
  options: z.array(z.string()),
  answer: z.string().length(1),
  tags: z.array(z.string()).min(3),
});
export const LsatPassage = z.object({ passage: z.string(), questions: z.array(LsatQuestion) });
export const LsatFile = z.array(LsatPassage);
export type LsatFile = z.infer<typeof LsatFile>;

export function lsatUrl(name: string): string {
  return `https://raw.githubusercontent.com/zhongwanjun/AR-LSAT/main/data/AR_${name}Data.json`;
}

/** The question's sub-type (spaces and `/` as `_`) and, when known, its main type. */
export function lsatQuestionTypes(tags: readonly string[]): string[] {
  const questionType = tags[2].replace('grouping (distribution)', 'distribution grouping') || 'miscellaneous';
  const types = [questionType.replace(/ /g, '_').replace(/\//g, '_')];
  const main = SUBTYPE_TO_TYPE.get(questionType);
  if (main !== undefined) types.push(main);
  return types;
}

export function parseLsatJson(text: string, file: string, split: string, task: string): Instance[] {
  const parsed = LsatFile.safeParse(parseJson(text, file));
  if (!parsed.success) {
    throw new HelmInputError(`${file}: expected a list of {passage, questions: [{question, options, answer, tags}]}: ${parsed.error.message}`);
  }
  const instances: Instance[] = [];
  for (const p of parsed.data) {
    for (const q of p.questions) {
      if (task !== 'all' && !lsatQuestionTypes(q.tags).includes(task)) continue;
      const answer = q.answer.codePointAt(0)! - 'A'.codePointAt(0)!;
      const references: Reference[] = q.options.map((option, index) => ({
        output: { text: option },
        tags: index === answer ? [CORRECT_TAG] : [],
      }));
      instances.push({ input: passageQuestionInput(p.passage, q.question), references, split });
    }
  }
  return instances;
}

function lsatDataPath(scenarioDir: string, name: string): string {
  return path.join(scenarioDir, 'data', `AR_${name}Data.json`);
}

export async function ensureLsatData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  for (const [name, split] of LSAT_SPLITS) {
    const file = `AR_${name}Data.json`;
    await ensureFileDownloaded({
      targetPath: lsatDataPath(scenarioDir, name),
      sourceUrl: lsatUrl(name),
      mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'lsat', file),
      verify: async (f) => void parseLsatJson(await readPythonTextFile(f, 'AR-LSAT data'), f, split, 'all'),
      onProgress: options.onProgress,
    });
  }
}

/** `LSATScenario(task).get_instances`: Training, Development, Test; passages and questions in file order. */
export async function getLsatInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('lsat_qa', args, ['task']);
  const task = choiceArg('lsat_qa', args, 'task', LSAT_TASKS);
  await ensureLsatData(scenarioDir, options);
  const instances: Instance[] = [];
  for (const [name, split] of LSAT_SPLITS) {
    const file = lsatDataPath(scenarioDir, name);
    instances.push(...parseLsatJson(await readPythonTextFile(file, 'AR-LSAT data'), file, split, task));
  }
  return instances;
}

/** HELM's `LSATScenario` (class attributes as HELM defines them). */
export const lsatQaScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.lsat_qa_scenario.LSATScenario',
  name: 'lsat_qa',
  description: 'Question answering dataset with questions from LSAT exams.',
  tags: ['question_answering'],
  getInstances: getLsatInstances,
  ensureData: ensureLsatData,
};
