import path from 'node:path';
import { HelmInputError } from '../common/errors';
import type { ArgValue } from '../run-specs/schemas';
import { readHelmInstancesJsonl } from './helm-instances-jsonl';
import { noArgs, readPythonTextFile } from './scenario-files';
import type { Instance } from './schemas';
import type { ScenarioClass } from './scenario';

export const CUSTOM_MCQA_SCENARIO_CLASS = 'helm.benchmark.scenarios.custom_mcqa_scenario.CustomMCQAScenario';

/**
 * `os.path.join(<output>/scenarios/custom_mcqa, path)`: a relative path is read from the scenario
 * folder, an absolute one as it is.
 */
export function customMcqaDataPath(scenarioDir: string, dataPath: string): string {
  return path.isAbsolute(dataPath) ? dataPath : path.join(scenarioDir, dataPath);
}

function pathArg(args: Record<string, ArgValue>): string {
  const value = args['path'];
  if (typeof value !== 'string' || value.length === 0) {
    throw new HelmInputError(
      `custom_mcqa: argument path must be the JSONL file of your instances (absolute, or relative to the scenario folder), got ${JSON.stringify(value ?? null)}`,
    );
  }
  return value;
}

/** `CustomMCQAScenario(path, num_train_instances).get_instances`: the JSONL's Instances, in file order. */
export async function getCustomMcqaInstances(args: Record<string, ArgValue>, scenarioDir: string): Promise<Instance[]> {
  noArgs('custom_mcqa', args, ['path', 'num_train_instances']);
  const file = customMcqaDataPath(scenarioDir, pathArg(args));
  return readHelmInstancesJsonl(await readPythonTextFile(file, 'custom_mcqa instances (JSON lines)'), file);
}

/**
 * HELM's `CustomMCQAScenario` (class attributes as HELM defines them; its description is cut
 * short in HELM by a string literal on the next line, and scenario.json keeps HELM's text).
 */
export const customMcqaScenario: ScenarioClass = {
  className: CUSTOM_MCQA_SCENARIO_CLASS,
  name: 'custom_mcqa',
  description: 'A generic multiple choice question answering scenario that a user ',
  tags: ['multiple_choice'],
  getInstances: getCustomMcqaInstances,
};
