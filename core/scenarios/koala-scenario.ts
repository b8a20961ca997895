import { z } from 'zod';
import type { ArgValue } from '../run-specs/schemas';
import type { EnsureDataOptions } from './download';
import { ensureInstructJsonl, readInstructJsonl, type InstructJsonlFile } from './instruct-jsonl';
import { noArgs } from './scenario-files';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** One line of the Koala test set. */
export const KoalaPrompt = z.object({ prompt: z.string() });

export const KOALA_FILE: InstructJsonlFile<typeof KoalaPrompt> = {
  what: 'Koala test prompts',
  sourceUrl: 'https://raw.githubusercontent.com/arnav-gudibande/koala-test-set/main/koala_test_set.jsonl',
  target: 'Koala_prompts.jsonl',
  mirror: ['koala', 'koala_test_set.jsonl'],
  line: KoalaPrompt,
  shape: '{"prompt": string}',
};

export function koalaInstances(prompts: Array<z.infer<typeof KoalaPrompt>>): Instance[] {
  return prompts.map((p) => ({ input: { text: p.prompt }, references: [], split: 'test' }));
}

export async function getKoalaInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('koala', args);
  return koalaInstances(await readInstructJsonl(KOALA_FILE, scenarioDir, options));
}

/** HELM's `KoalaScenario`. */
export const koalaScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.koala_scenario.KoalaScenario',
  name: 'koala',
  description: 'Koala eval dataset',
  tags: ['instructions'],
  getInstances: getKoalaInstances,
  ensureData: (scenarioDir, options) => ensureInstructJsonl(KOALA_FILE, scenarioDir, options),
};
