import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { BLIMP_PHENOMENON_TO_PARADIGMS } from './blimp-paradigms';
import { ensureFolderDownloaded, pathExists, type EnsureDataOptions } from './download';
import { choiceArg, noArgs, parseJsonLines, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const BLIMP_URL = 'https://github.com/alexwarstadt/blimp/blob/master/BLiMP.zip?raw=true';

/** One paradigm file: each pair as an empty input with the good sentence (correct) then the bad one. */
export function parseBlimpParadigm(text: string, file: string): Instance[] {
  return parseJsonLines(text, file).map((value, i) => {
    const example = value as { sentence_good?: unknown; sentence_bad?: unknown } | null;
    if (typeof example?.sentence_good !== 'string' || typeof example.sentence_bad !== 'string') {
      throw new HelmInputError(`${file}: line ${i + 1}: expected string "sentence_good" and "sentence_bad"`);
    }
    return {
      input: { text: '' },
      references: [
        { output: { text: example.sentence_good }, tags: [CORRECT_TAG] },
        { output: { text: example.sentence_bad }, tags: [] },
      ],
      split: 'test',
    };
  });
}

/** `<scenario>/data` is the unpacked BLiMP.zip (mirror: `blimp/`, holding `data/<paradigm>.jsonl`). */
export async function ensureBlimpData(scenarioDir: string, options: EnsureDataOptions = {}): Promise<void> {
  await ensureFolderDownloaded({
    targetPath: path.join(scenarioDir, 'data'),
    sourceUrl: BLIMP_URL,
    archive: 'zip',
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'blimp'),
    verify: async (folder) => {
      if (!(await pathExists(path.join(folder, 'data')))) {
        throw new HelmInputError(`BLiMP data is incomplete: ${path.join(folder, 'data')} (the paradigm files) is missing`);
      }
    },
    onProgress: options.onProgress,
  });
}

/** `BLiMPScenario(phenomenon)`: the minimal pairs of every paradigm of the phenomenon. */
export async function getBlimpInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('blimp', args, ['phenomenon']);
  const phenomenon = choiceArg('blimp', args, 'phenomenon', Object.keys(BLIMP_PHENOMENON_TO_PARADIGMS));
  await ensureBlimpData(scenarioDir, options);
  const instances: Instance[] = [];
  for (const paradigm of BLIMP_PHENOMENON_TO_PARADIGMS[phenomenon]) {
    const file = path.join(scenarioDir, 'data', 'data', `${paradigm}.jsonl`);
    instances.push(...parseBlimpParadigm(await readPythonTextFile(file, 'BLiMP paradigm'), file));
  }
  return instances;
}

export const blimpScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.blimp_scenario.BLiMPScenario',
  name: 'blimp',
  description: 'The Benchmark of Linguistic Minimal Pairs for English',
  tags: ['linguistic_knowledge', 'language_modeling', 'minimal_pairs'],
  getInstances: getBlimpInstances,
  ensureData: ensureBlimpData,
};
