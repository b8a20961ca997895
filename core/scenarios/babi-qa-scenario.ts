import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { noArgs, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';
import { pythonInt } from '../run-specs/description';

export const BABI_URL = 'http://www.thespermwhale.com/jaseweston/babi/tasks_1-20_v1-2.tar.gz';
const BABI_FOLDER = 'tasks_1-20_v1-2';
/** File suffix → HELM split, in HELM's order. */
const BABI_SPLITS: ReadonlyArray<readonly [string, string]> = [
  ['train', 'train'],
  ['valid', 'valid'],
  ['test', 'test'],
];
const DIRECTIONS: Readonly<Record<string, string>> = { s: 'south', n: 'north', e: 'east', w: 'west' };

/** Task 19's answers `s,w` as words (`south west`). */
export function babiPath(answer: string): string {
  return answer
    .split(',')
    .map((step) => {
      const word = DIRECTIONS[step];
      if (word === undefined) throw new HelmInputError(`bAbI task 19: unknown direction ${JSON.stringify(step)} in answer ${JSON.stringify(answer)}`);
      return word;
    })
    .join(' ');
}

/** `"all"` → tasks 1-20; otherwise Python `int(task)`, which must be 1-20. */
export function babiTasks(task: ArgValue | undefined): number[] {
  const all = Array.from({ length: 20 }, (_, i) => i + 1);
  if (task === 'all') return all;
  const n = typeof task === 'number' ? task : typeof task === 'string' ? pythonInt(task) : undefined;
  if (n === undefined || !all.includes(n)) {
    throw new HelmInputError(`babi_qa: invalid task ${JSON.stringify(task ?? null)}; accepted: all or a task number from 1 to 20`);
  }
  return [n];
}

/**
 * One `qa<task>_<split>.txt`: numbered lines; a line numbered 1 starts a new story; a line with
 * a `?` is a question (tab, answer, tab, supporting facts) asked about the story so far.
 */
export function parseBabiFile(text: string, task: number, split: string): Instance[] {
  const instances: Instance[] = [];
  let story: string[] = [];
  for (const line of text.split(/(?<=\n)/).filter((l) => l !== '')) {
    const words = line.split(' ');
    if (pythonInt(words[0]) === 1) story = [];
    const fact = words.slice(1).join(' ');
    if (fact.includes('?')) {
      const parts = fact.split('\t');
      if (parts.length < 2) throw new HelmInputError(`bAbI task ${task} (${split}): question line without a tab-separated answer: ${JSON.stringify(line)}`);
      const [rawQuestion, rawAnswer] = parts;
      const question = rawQuestion.trim();
      let answer = rawAnswer.trim();
      if (task === 19) answer = babiPath(answer);
      instances.push({ input: { text: `${story.join('')}Question: ${question}` }, references: [{ output: { text: answer }, tags: [CORRECT_TAG] }], split });
    } else {
      story.push(fact);
    }
  }
  return instances;
}

function dataDir(scenarioDir: string): string {
  return path.join(scenarioDir, 'data', BABI_FOLDER);
}

export async function ensureBabiData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFolderDownloaded({
    targetPath: dataDir(scenarioDir),
    sourceUrl: BABI_URL,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'babi_qa', BABI_FOLDER),
    verify: async (folder) => {
      if (!(await pathExists(path.join(folder, 'en-valid')))) {
        throw new HelmInputError(`bAbI data is incomplete: ${path.join(folder, 'en-valid')} is missing (expected the unpacked ${BABI_URL})`);
      }
    },
    onProgress: options.onProgress,
  });
}

/** `BabiQAScenario(task)`: each task's train, valid and test questions, in file order. */
export async function getBabiQaInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('babi_qa', args, ['task']);
  const tasks = babiTasks(args.task);
  await ensureBabiData(scenarioDir, options);
  const instances: Instance[] = [];
  for (const task of tasks) {
    for (const [suffix, split] of BABI_SPLITS) {
      const file = path.join(dataDir(scenarioDir), 'en-valid', `qa${task}_${suffix}.txt`);
      instances.push(...parseBabiFile(await readPythonTextFile(file, 'bAbI task file'), task, split));
    }
  }
  return instances;
}

export const babiQaScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.babi_qa_scenario.BabiQAScenario',
  name: 'babi_qa',
  description: 'Question answering dataset with reasoning questions.',
  tags: ['question_answering'],
  getInstances: getBabiQaInstances,
  ensureData: ensureBabiData,
};
