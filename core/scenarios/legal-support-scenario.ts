import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { noArgs, parseJson, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const LEGAL_SUPPORT_URL = 'https://docs.google.com/uc?export=download&id=1PVoyddrCHChMxYrLhsI-zu7Xzs5S8N77';
const SPLITS: ReadonlyArray<readonly [string, string]> = [
  ['train', 'train'],
  ['dev', 'valid'],
  ['test', 'test'],
];

interface Citation {
  parenthetical?: unknown;
}

/** Each line: a passage and two citations' parentheticals, `label` naming the supporting one (a or b). */
export function parseLegalSupportSplit(text: string, file: string, split: string): Instance[] {
  const lines = text.split(/(?<=\n)/).filter((line) => line !== '');
  return lines.map((line, i) => {
    const raw = parseJson(line, `${file}: line ${i + 1}`) as { context?: unknown; citation_a?: Citation; citation_b?: Citation; label?: unknown } | null;
    const answers = [raw?.citation_a?.parenthetical, raw?.citation_b?.parenthetical];
    if (typeof raw?.context !== 'string' || !answers.every((a): a is string => typeof a === 'string') || (raw.label !== 'a' && raw.label !== 'b')) {
      throw new HelmInputError(`${file}: line ${i + 1}: expected "context", citation_a/citation_b "parenthetical" strings and "label" a or b`);
    }
    const correct = raw.label === 'a' ? answers[0] : answers[1];
    return {
      input: { text: raw.context },
      references: answers.map((answer) => ({ output: { text: answer }, tags: answer === correct ? [CORRECT_TAG] : [] })),
      split,
    };
  });
}

/** `<scenario>/data` is the unpacked zip (mirror: `legal_support/`, holding `legal_support/{train,dev,test}.jsonl`). */
export async function ensureLegalSupportData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFolderDownloaded({
    targetPath: path.join(scenarioDir, 'data'),
    sourceUrl: LEGAL_SUPPORT_URL,
    archive: 'zip',
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'legal_support'),
    verify: async (folder) => {
      if (!(await pathExists(path.join(folder, 'legal_support', 'test.jsonl')))) {
        throw new HelmInputError(`LegalSupport data is incomplete: ${path.join(folder, 'legal_support', 'test.jsonl')} is missing`);
      }
    },
    onProgress: options.onProgress,
  });
}

export async function getLegalSupportInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('legal_support', args);
  await ensureLegalSupportData(scenarioDir, options);
  const instances: Instance[] = [];
  for (const [name, split] of SPLITS) {
    const file = path.join(scenarioDir, 'data', 'legal_support', `${name}.jsonl`);
    instances.push(...parseLegalSupportSplit(await readPythonTextFile(file, 'LegalSupport data'), file, split));
  }
  return instances;
}

export const legalSupportScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.legal_support_scenario.LegalSupportScenario',
  name: 'legal_support',
  description: 'Binary multiple choice question dataset for legal argumentative reasoning.',
  tags: ['question_answering', 'law'],
  getInstances: getLegalSupportInstances,
  ensureData: ensureLegalSupportData,
};
