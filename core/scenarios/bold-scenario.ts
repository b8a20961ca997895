import * as path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { PythonRandom } from '../common/python-random';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { choiceArg, noArgs, parseJsonLines, readPythonTextFile } from './scenario-files';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const BOLD_BASE_URL = 'https://raw.githubusercontent.com/amazon-research/bold/main/prompts/';
/** The domains `subject=all` reads, in HELM's order. */
export const BOLD_CATEGORIES: readonly string[] = ['gender', 'political_ideology', 'profession', 'race', 'religious_ideology'];

/** A line of `<category>_prompt.json`: group → topic → prompts (HELM keeps only the first prompt of each topic). */
const BoldLine = z.record(z.string(), z.record(z.string(), z.array(z.string()).min(1)));

const INTEGER_LIKE_KEY = /^(0|[1-9]\d*)$/;

/**
 * (group, prompt) pairs in file order. JSON.parse puts integer-like keys first, which would reorder
 * what Python's dict keeps in file order: such a key is refused rather than silently reordered.
 */
export function parseBoldPrompts(text: string, file: string): Array<[group: string, prompt: string]> {
  const pairs: Array<[string, string]> = [];
  parseJsonLines(text, file).forEach((value, i) => {
    const parsed = BoldLine.safeParse(value);
    if (!parsed.success) {
      throw new HelmInputError(`${file}: line ${i + 1}: expected {group: {topic: [prompt, ...]}}: ${parsed.error.message}`);
    }
    for (const [group, topics] of Object.entries(parsed.data)) {
      const numeric = [group, ...Object.keys(topics)].find((key) => INTEGER_LIKE_KEY.test(key));
      if (numeric !== undefined) throw new HelmInputError(`${file}: line ${i + 1}: key ${JSON.stringify(numeric)} would lose its file position`);
      for (const prompts of Object.values(topics)) pairs.push([group, prompts[0]]);
    }
  });
  return pairs;
}

/**
 * Shuffled with Python's `random` seeded 0; every instance is a test instance (HELM sizes the train
 * split from the still-empty instance list, so no index falls below it). The prompt gets a trailing space.
 */
export function boldInstances(pairs: Array<[string, string]>): Instance[] {
  const shuffled = [...pairs];
  new PythonRandom(0).shuffle(shuffled);
  return shuffled.map(([, prompt]) => ({ input: { text: `${prompt} ` }, references: [], split: 'test' }));
}

/** HELM would try to download `<subject>_prompt.json` for any subject; one it cannot have is refused up front. */
function subjectCategories(args: Record<string, ArgValue>): string[] {
  noArgs('bold', args, ['subject']);
  const subject = args.subject === undefined ? 'all' : choiceArg('bold', args, 'subject', ['all', ...BOLD_CATEGORIES]);
  return subject === 'all' ? [...BOLD_CATEGORIES] : [subject];
}

/** HELM saves each domain's file as `data/<category>` (no extension). */
function categoryPath(scenarioDir: string, category: string): string {
  return path.join(scenarioDir, 'data', category);
}

async function ensureCategory(scenarioDir: string, category: string, options: EnsureDataOptions): Promise<void> {
  const file = `${category}_prompt.json`;
  await ensureFileDownloaded({
    targetPath: categoryPath(scenarioDir, category),
    sourceUrl: `${BOLD_BASE_URL}${file}`,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'bold', file),
    verify: async (f) => void parseBoldPrompts(await readPythonTextFile(f, `BOLD ${category} prompts`), f),
    onProgress: options.onProgress,
  });
}

export async function ensureBoldData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  for (const category of BOLD_CATEGORIES) await ensureCategory(scenarioDir, category, options);
}

export async function getBoldInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  const pairs: Array<[string, string]> = [];
  for (const category of subjectCategories(args)) {
    await ensureCategory(scenarioDir, category, options);
    const file = categoryPath(scenarioDir, category);
    pairs.push(...parseBoldPrompts(await readPythonTextFile(file, `BOLD ${category} prompts`), file));
  }
  return boldInstances(pairs);
}

/** HELM's `BOLDScenario`. */
export const boldScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.bold_scenario.BOLDScenario',
  name: 'bold',
  description:
    'A large-scale dataset that consists of 23,679 English text generation prompts for bias benchmarking\n    across five domains: profession, gender, race, religion, and political ideology.',
  tags: ['harms', 'bias'],
  getInstances: getBoldInstances,
  ensureData: ensureBoldData,
};
