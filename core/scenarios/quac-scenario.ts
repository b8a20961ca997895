import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import { PythonRandom } from '../common/python-random';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { noArgs, parseJson, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

const QUAC_URL = 'https://s3.amazonaws.com/my89public/quac';
/** File prefix → HELM split, in HELM's order. */
const SPLITS: ReadonlyArray<readonly [string, string]> = [
  ['train', 'train'],
  ['val', 'valid'],
];
const NO_ANSWER = ' CANNOTANSWER';

interface QuacQa {
  question: string;
  orig_answer: { text: string };
  answers: Array<{ text: string }>;
}
interface QuacSample {
  title: string;
  background: string;
  section_title: string;
  paragraphs: Array<{ context: string; qas: QuacQa[] }>;
}

/**
 * HELM's prompt for one dialogue: title, background, section and passage, then a random number of
 * earlier turns (HELM skips the turn just before the asked one), then the asked question; the
 * references are its distinct answers (plus three paraphrases when it has none).
 */
export function quacPrompt(sample: QuacSample, random: PythonRandom, where: string): { prompt: string; answers: string[] } {
  const dialogue = sample.paragraphs?.[0];
  if (dialogue === undefined || typeof dialogue.context !== 'string' || !Array.isArray(dialogue.qas)) {
    throw new HelmInputError(`${where}: expected paragraphs[0] with "context" and "qas"`);
  }
  if (!dialogue.context.endsWith(NO_ANSWER)) throw new HelmInputError(`${where}: the context does not end with "${NO_ANSWER}"`);
  let prompt = `Title: ${sample.title}\n\nBackground: ${sample.background}\n\nSection: ${sample.section_title}\n`;
  prompt += `Passage: ${dialogue.context.slice(0, -NO_ANSWER.length)}\n\n`;
  const qas = dialogue.qas;
  if (qas.length < 3) throw new HelmInputError(`${where}: a dialogue needs at least 3 questions, found ${qas.length}`);
  const k = random.randint(3, qas.length) - 1;
  for (let i = 0; i < k - 1; i++) prompt += `Question: ${qas[i].question}\nAnswer: ${qas[i].orig_answer.text}\n\n`;
  prompt += `Question: ${qas[k].question}`;
  const answers = [...new Set(qas[k].answers.map((a) => a.text))];
  if (answers.length === 1 && answers[0] === 'CANNOTANSWER') answers.push('Not enough information', 'Cannot answer', 'Do not know');
  return { prompt, answers };
}

/** `QuACScenario()`: one instance per dialogue of train then val, Python's `random` seeded 0 across both. */
export async function getQuacInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('quac', args);
  const random = new PythonRandom(0);
  const instances: Instance[] = [];
  for (const [name, split] of SPLITS) {
    const file = path.join(scenarioDir, 'data', `${name}.json`);
    await ensureFileDownloaded({
      targetPath: file,
      sourceUrl: `${QUAC_URL}/${name}_v0.2.json`,
      mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'quac', `${name}_v0.2.json`),
      onProgress: options.onProgress,
    });
    const data = (parseJson(await readPythonTextFile(file, 'QuAC data'), file) as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new HelmInputError(`${file}: expected {"data": [...]}`);
    data.forEach((sample, i) => {
      const { prompt, answers } = quacPrompt(sample as QuacSample, random, `${file}: data[${i}]`);
      instances.push({ input: { text: prompt }, references: answers.map((text) => ({ output: { text }, tags: [CORRECT_TAG] })), split });
    });
  }
  return instances;
}

export const quacScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.quac_scenario.QuACScenario',
  name: 'quac',
  description: 'Question answering from dialog prompts.',
  tags: ['question_answering'],
  getInstances: getQuacInstances,
};
