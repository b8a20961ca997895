import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { argValueStr } from '../run-specs/description';
import type { ArgValue } from '../run-specs/schemas';
import type { EnsureDataOptions } from './download';
import { ensureInstructJsonl, readInstructJsonl, type InstructJsonlFile } from './instruct-jsonl';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** One line of FastChat v0.2.5's `question.jsonl`. */
export const VicunaQuestion = z.object({ text: z.string(), category: z.string() });

export const VICUNA_FILE: InstructJsonlFile<typeof VicunaQuestion> = {
  what: 'Vicuna questions',
  sourceUrl: 'https://raw.githubusercontent.com/lm-sys/FastChat/v0.2.5/fastchat/eval/table/question.jsonl',
  target: 'vicuna_questions.jsonl',
  mirror: ['vicuna', 'question.jsonl'],
  line: VicunaQuestion,
  shape: '{"text": string, "category": string}',
};

/** The questions of `category` (all of them for `all`), in file order, as test instances without references. */
export function vicunaInstances(questions: Array<z.infer<typeof VicunaQuestion>>, category: string): Instance[] {
  return questions
    .filter((q) => category === 'all' || q.category === category)
    .map((q) => ({ input: { text: q.text }, references: [], split: 'test' }));
}

/** HELM's constructor requires `category`; an unknown category (as in HELM) just matches nothing. */
function categoryArg(args: Record<string, ArgValue>): string {
  for (const key of Object.keys(args)) {
    if (key !== 'category') throw new HelmInputError(`vicuna: unexpected argument ${key}; accepted arguments: category`);
  }
  if (args.category === undefined) throw new HelmInputError('vicuna: argument category is required (a question category, or all)');
  return argValueStr(args.category);
}

export async function getVicunaInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  const category = categoryArg(args);
  return vicunaInstances(await readInstructJsonl(VICUNA_FILE, scenarioDir, options), category);
}

/** HELM's `VicunaScenario`. */
export const vicunaScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.vicuna_scenario.VicunaScenario',
  name: 'vicuna',
  description: 'Vicuna eval questions',
  tags: ['instructions'],
  getInstances: getVicunaInstances,
  ensureData: (scenarioDir, options) => ensureInstructJsonl(VICUNA_FILE, scenarioDir, options),
};
