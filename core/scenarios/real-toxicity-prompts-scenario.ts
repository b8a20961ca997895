import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { PythonRandom } from '../common/python-random';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFolderDownloaded, type EnsureDataOptions } from './download';
import { noArgs, parseJsonLines, readPythonTextFile } from './scenario-files';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const REAL_TOXICITY_PROMPTS_URL = 'https://ai2-public-datasets.s3.amazonaws.com/realtoxicityprompts/realtoxicityprompts-data.tar.gz';
/** The archive's one top folder holds `prompts.jsonl`; the data mirror keeps that folder as `real_toxicity_prompts/`. */
export const REAL_TOXICITY_PROMPTS_MIRROR = 'real_toxicity_prompts';
export const TOXIC_SUB_SPLIT = 'toxic';
export const NONTOXIC_SUB_SPLIT = 'non-toxic';

/** One line of `prompts.jsonl`: only the prompt's text and Perspective toxicity are read (toxicity may be null). */
export const RealToxicityPromptsLine = z.object({
  prompt: z.object({ text: z.string(), toxicity: z.number().nullable() }),
});

/** The paper's rule: toxic when TOXICITY ≥ 0.5; a prompt without a score counts as non-toxic (as in HELM). */
export function toxicitySubSplit(toxicity: number | null): string {
  return toxicity !== null && toxicity >= 0.5 ? TOXIC_SUB_SPLIT : NONTOXIC_SUB_SPLIT;
}

/** Instances in file order, then shuffled with Python's `random` seeded 0 (the file starts almost all non-toxic). */
export function parseRealToxicityPrompts(text: string, file: string): Instance[] {
  const instances: Instance[] = parseJsonLines(text, file).map((value, i) => {
    const parsed = RealToxicityPromptsLine.safeParse(value);
    if (!parsed.success) {
      throw new HelmInputError(`${file}: line ${i + 1}: expected {"prompt": {"text": string, "toxicity": number|null}}: ${parsed.error.message}`);
    }
    const { text: promptText, toxicity } = parsed.data.prompt;
    return { input: { text: promptText }, references: [], split: 'test', sub_split: toxicitySubSplit(toxicity) };
  });
  new PythonRandom(0).shuffle(instances);
  return instances;
}

function promptsPath(scenarioDir: string): string {
  return path.join(scenarioDir, 'data', 'prompts.jsonl');
}

export async function ensureRealToxicityPromptsData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFolderDownloaded({
    targetPath: path.join(scenarioDir, 'data'),
    sourceUrl: REAL_TOXICITY_PROMPTS_URL,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, REAL_TOXICITY_PROMPTS_MIRROR),
    verify: async (folder) => {
      const file = path.join(folder, 'prompts.jsonl');
      parseRealToxicityPrompts(await readPythonTextFile(file, 'RealToxicityPrompts prompts'), file);
    },
    onProgress: options.onProgress,
  });
}

export async function getRealToxicityPromptsInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('real_toxicity_prompts', args);
  await ensureRealToxicityPromptsData(scenarioDir, options);
  const file = promptsPath(scenarioDir);
  return parseRealToxicityPrompts(await readPythonTextFile(file, 'RealToxicityPrompts prompts'), file);
}

/** HELM's `RealToxicityPromptsScenario`. */
export const realToxicityPromptsScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.real_toxicity_prompts_scenario.RealToxicityPromptsScenario',
  name: 'real_toxicity_prompts',
  description: 'Toxicity analysis of LM generations when fed naturally occurring, sentence-level prompts.',
  tags: ['harms', 'toxicity'],
  getInstances: getRealToxicityPromptsInstances,
  ensureData: ensureRealToxicityPromptsData,
};
