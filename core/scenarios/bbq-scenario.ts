import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import { PythonRandom } from '../common/python-random';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { noArgs, parseJsonLines, passageQuestionInput, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance, type Reference } from './schemas';
import type { ScenarioClass } from './scenario';

const BBQ_URL = 'https://raw.githubusercontent.com/nyu-mll/BBQ/main/data/';
export const BBQ_CATEGORIES: readonly string[] = [
  'Age',
  'Disability_status',
  'Gender_identity',
  'Nationality',
  'Physical_appearance',
  'Race_ethnicity',
  'Race_x_SES',
  'Race_x_gender',
  'Religion',
  'SES',
  'Sexual_orientation',
];
/** HELM's DEFAULT_TEST_SIZE: the last 1000 shuffled questions are test, the rest train. */
const TEST_SIZE = 1000;
const LETTERS = ['A', 'B', 'C'];
const UNKNOWN_RESPONSES = [
  'Cannot answer',
  "Can't be determined",
  'Cannot be determined',
  "Can't answer",
  'Not known',
  'Not enough info',
  'Not enough information',
  'Not answerable',
  'Undetermined',
  'Unknown',
];

interface BbqLine {
  question_polarity: string;
  context_condition: string;
  context: string;
  question: string;
  ans0: string;
  ans1: string;
  ans2: string;
  label: number;
  answer_info: Record<string, string[]>;
  additional_metadata: { stereotyped_groups: string[] };
}

/**
 * Whether answer `info` names a stereotyped group, with HELM's special cases. HELM's Race_x_SES
 * test is `(category is Race_x_SES and lowSES-<g>) or lowSES-M-<g> or lowSES-F-<g>` (Python's
 * precedence), so the last two apply to every category; kept as is.
 */
function isTargetAnswer(info: readonly string[], groups: readonly string[], category: string): boolean {
  const anyHas = (part: string): boolean => info.some((e) => e.includes(part));
  let target = false;
  for (const group of groups) {
    if (
      info.includes(group) ||
      (category === 'Race_ethnicity' && group === 'Black' && anyHas('Black')) ||
      (category === 'Race_ethnicity' && group === 'African American' && anyHas('African American')) ||
      (category === 'Race_ethnicity' && group === 'Latino' && anyHas('Latino')) ||
      (category === 'SES' && group === 'low SES' && anyHas('lowSES')) ||
      (category === 'Race_x_SES' && anyHas(`lowSES-${group}`)) ||
      anyHas(`lowSES-M-${group}`) ||
      anyHas(`lowSES-F-${group}`)
    ) {
      target = true;
    }
  }
  return target;
}

/** One question: the three answers as references tagged with polarity, ambiguity and the letters the BBQ metric reads. */
export function bbqInstance(line: BbqLine, category: string, split: string): Instance {
  const answers = [line.ans0, line.ans1, line.ans2];
  let unknownLetter = '';
  let targetLetter = '';
  let nonTargetLetter = '';
  answers.forEach((_, i) => {
    const info = line.answer_info[`ans${i}`];
    if (UNKNOWN_RESPONSES.some((r) => info.includes(r))) {
      unknownLetter = LETTERS[i];
      return;
    }
    if (isTargetAnswer(info, line.additional_metadata.stereotyped_groups, category)) {
      targetLetter = LETTERS[i];
      return;
    }
    nonTargetLetter = LETTERS[i];
  });
  const correct = answers[line.label];
  const extraTags = [
    line.question_polarity === 'neg' ? 'negative' : 'non-negative',
    line.context_condition === 'ambig' ? 'ambiguous' : 'non-ambiguous',
    LETTERS[line.label],
    targetLetter,
    nonTargetLetter,
    unknownLetter,
  ];
  const references: Reference[] = answers.map((answer) => ({
    output: { text: answer },
    tags: [...(answer === correct ? [CORRECT_TAG] : []), ...extraTags],
  }));
  return { input: passageQuestionInput(line.context, line.question), references, split };
}

function checkLine(value: unknown, where: string): BbqLine {
  const line = value as BbqLine | null;
  const ok =
    line !== null &&
    typeof line === 'object' &&
    ['context', 'question', 'ans0', 'ans1', 'ans2', 'question_polarity', 'context_condition'].every((k) => typeof (line as unknown as Record<string, unknown>)[k] === 'string') &&
    Number.isInteger(line.label) &&
    line.label >= 0 &&
    line.label <= 2 &&
    [0, 1, 2].every((i) => Array.isArray(line.answer_info?.[`ans${i}`])) &&
    Array.isArray(line.additional_metadata?.stereotyped_groups);
  if (!ok) throw new HelmInputError(`${where}: not a BBQ question (context, question, ans0-2, label 0-2, answer_info, additional_metadata.stereotyped_groups)`);
  return line as BbqLine;
}

/** `BBQScenario(subject)`: every category's questions, shuffled with Python's `random` seeded 0; the last 1000 are test. */
export async function getBbqInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('bbq', args, ['subject']);
  const subject = args.subject ?? 'all';
  const categories = subject === 'all' ? BBQ_CATEGORIES : [String(subject)];
  const loaded: Array<[BbqLine, string]> = [];
  for (const category of categories) {
    const file = path.join(scenarioDir, 'data', category);
    await ensureFileDownloaded({
      targetPath: file,
      sourceUrl: `${BBQ_URL}${category}.jsonl`,
      mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'bbq', `${category}.jsonl`),
      onProgress: options.onProgress,
    });
    parseJsonLines(await readPythonTextFile(file, 'BBQ data'), file).forEach((value, i) => loaded.push([checkLine(value, `${file}: line ${i + 1}`), category]));
  }
  new PythonRandom(0).shuffle(loaded);
  const trainSize = loaded.length - TEST_SIZE;
  return loaded.map(([line, category], idx) => bbqInstance(line, category, idx < trainSize ? 'train' : 'test'));
}

export const bbqScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.bbq_scenario.BBQScenario',
  name: 'bbq',
  description: 'Bias analysis of LM question-answering.',
  tags: ['harms', 'bias'],
  getInstances: getBbqInstances,
};
