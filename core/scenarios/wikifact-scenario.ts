import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import { pyStrip } from '../metrics/py-text';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { choiceArg, noArgs, parseJson, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';
import { WIKIFACT_NAME_TO_PID } from './wikifact-relations';

const WIKIFACT_URL = 'https://worksheets.codalab.org/rest/bundles/0x8c3b60eb7c6b462e822a150f194d3b35/contents/blob/';
/** File name (without .jsonl) → HELM split, in HELM's order. */
const WIKIFACT_SPLITS: ReadonlyArray<readonly [string, string]> = [
  ['train', 'train'],
  ['dev', 'valid'],
  ['test', 'test'],
];

/** Python's `flatten_list`: nested lists flattened depth-first; a non-list is a one-item list. */
export function flattenList(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flatMap(flattenList) : [value];
}

/** The lines of one split file whose `property` is the subject's relation, as instances. */
export function parseWikifactSplit(text: string, file: string, pid: string, split: string): Instance[] {
  const lines = text.split(/(?<=\n)/).filter((line) => line !== '');
  const instances: Instance[] = [];
  lines.forEach((line, i) => {
    const raw = parseJson(line, `${file}: line ${i + 1}`) as Record<string, unknown> | null;
    if (raw === null || typeof raw !== 'object') throw new HelmInputError(`${file}: line ${i + 1} is not a JSON object`);
    if (raw.property !== pid) return;
    const answers = flattenList(raw.result_names);
    if (typeof raw.template !== 'string' || !answers.every((a): a is string => typeof a === 'string')) {
      throw new HelmInputError(`${file}: line ${i + 1}: expected a string "template" and "result_names" of strings`);
    }
    instances.push({
      input: { text: raw.template },
      references: answers.map((answer) => ({ output: { text: pyStrip(answer) }, tags: [CORRECT_TAG] })),
      split,
    });
  });
  return instances;
}

/** `WIKIFactScenario(subject)`: every split's facts of the subject's relation. */
export async function getWikifactInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  noArgs('wikifact', args, ['subject']);
  const subject = choiceArg('wikifact', args, 'subject', Object.keys(WIKIFACT_NAME_TO_PID));
  const instances: Instance[] = [];
  for (const [name, split] of WIKIFACT_SPLITS) {
    const file = path.join(scenarioDir, 'data', `${name}.jsonl`);
    await ensureFileDownloaded({
      targetPath: file,
      sourceUrl: `${WIKIFACT_URL}${name}.jsonl`,
      mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'wikifact', `${name}.jsonl`),
      onProgress: options.onProgress,
    });
    instances.push(...parseWikifactSplit(await readPythonTextFile(file, 'WikiFact data'), file, WIKIFACT_NAME_TO_PID[subject], split));
  }
  return instances;
}

export const wikifactScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.wikifact_scenario.WIKIFactScenario',
  name: 'wikifact',
  description: 'Fact Completion in WikiData',
  tags: ['knowledge', 'generation'],
  getInstances: getWikifactInstances,
};
