import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { noArgs, parseJsonLines, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** HELM's base URL; its f-string adds another `/`, so the URLs have `data//train.jsonl`. */
export const GSM_BASE_URL = 'https://raw.githubusercontent.com/openai/grade-school-math/master/grade_school_math/data/';

/** File name in the repository (and in the data mirror) → HELM split, in HELM's order. */
export const GSM_SPLITS: ReadonlyArray<readonly [file: string, split: string]> = [
  ['train', 'train'],
  ['test', 'test'],
];

/** One line of `train.jsonl` / `test.jsonl`. */
export const GsmExample = z.object({ question: z.string(), answer: z.string() });
export type GsmExample = z.infer<typeof GsmExample>;

export function gsmDataPath(scenarioDir: string, file: string): string {
  return path.join(scenarioDir, `gsm_data_${file}`);
}

/** Chain-of-thought target: `####` → `The answer is`, newlines → spaces, a final period. */
export function gsmReference(answer: string): string {
  return `${answer.split('####').join('The answer is').split('\n').join(' ')}.`;
}

export function parseGsmJsonLines(text: string, file: string, split: string): Instance[] {
  return parseJsonLines(text, file).map((value, i) => {
    const parsed = GsmExample.safeParse(value);
    if (!parsed.success) {
      throw new HelmInputError(`${file}: line ${i + 1}: expected {"question": string, "answer": string}: ${parsed.error.message}`);
    }
    return {
      input: { text: parsed.data.question },
      references: [{ output: { text: gsmReference(parsed.data.answer) }, tags: [CORRECT_TAG] }],
      split,
    };
  });
}

async function readGsmFile(file: string, split: string): Promise<Instance[]> {
  return parseGsmJsonLines(await readPythonTextFile(file, 'GSM8K data'), file, split);
}

export async function ensureGsmData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  for (const [file, split] of GSM_SPLITS) {
    await ensureFileDownloaded({
      targetPath: gsmDataPath(scenarioDir, file),
      sourceUrl: `${GSM_BASE_URL}/${file}.jsonl`,
      mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'gsm', `${file}.jsonl`),
      verify: async (f) => void (await readGsmFile(f, split)),
      onProgress: options.onProgress,
    });
  }
}

/** `GSM8KScenario().get_instances`: train then test, lines in file order. */
export async function getGsmInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('gsm', args);
  await ensureGsmData(scenarioDir, options);
  const instances: Instance[] = [];
  for (const [file, split] of GSM_SPLITS) instances.push(...(await readGsmFile(gsmDataPath(scenarioDir, file), split)));
  return instances;
}

/** HELM's `GSM8KScenario` (class attributes as HELM defines them). */
export const gsmScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.gsm_scenario.GSM8KScenario',
  name: 'gsm',
  description: 'Grade school math dataset with 8.5K examples (GSM8K).',
  tags: ['reasoning', 'math'],
  getInstances: getGsmInstances,
  ensureData: ensureGsmData,
};
