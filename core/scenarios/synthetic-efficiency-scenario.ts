import * as path from 'node:path';
import { HelmInputError } from '../common/errors';
import { argValueStr } from '../run-specs/description';
import type { ArgValue } from '../run-specs/schemas';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { noArgs, readPythonTextFile } from './scenario-files';
import { CORRECT_TAG, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

const SYNTHETIC_EFFICIENCY_URL = 'https://worksheets.codalab.org/rest/bundles/0x17a361bc066b4b0e87d968069759d361/contents/blob/';
export const SYNTHETIC_EFFICIENCY_TOKENIZERS: readonly string[] = [
  'huggingface/gpt2',
  'ai21/j1',
  'cohere/cohere',
  'meta/opt',
  'yandex/yalm',
  'bigscience/bloom',
  'bigscience/t0pp',
  'google/t5',
  'google/ul2',
  'tsinghua/glm',
  'eleutherai/gptj',
  'eleutherai/gptneox',
];

/** The prompt file of one instance (HELM's CodaLab bundle names them by length, tokenizer and id). */
export function syntheticEfficiencyFileName(numPromptTokens: ArgValue, tokenizer: string, id: number): string {
  return `num_prompt_tokens=${argValueStr(numPromptTokens)},tokenizer=${tokenizer.replace(/\//g, '_')},id=${id}.txt`;
}

/** `SyntheticEfficiencyScenario`: `num_instances` prepared prompts of the given length, each with an empty reference. */
export async function getSyntheticEfficiencyInstances(
  args: Record<string, ArgValue>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Instance[]> {
  noArgs('synthetic_efficiency', args, ['num_prompt_tokens', 'num_instances', 'tokenizer']);
  const { num_prompt_tokens: numPromptTokens = null, num_instances: numInstances, tokenizer } = args;
  if (typeof tokenizer !== 'string' || !SYNTHETIC_EFFICIENCY_TOKENIZERS.includes(tokenizer)) {
    throw new HelmInputError(
      `synthetic_efficiency: tokenizer ${JSON.stringify(tokenizer ?? null)} has no prepared prompts; accepted: ${SYNTHETIC_EFFICIENCY_TOKENIZERS.join(', ')}`,
    );
  }
  if (typeof numInstances !== 'number' || !Number.isInteger(numInstances)) {
    throw new HelmInputError(`synthetic_efficiency: num_instances must be an integer, got ${JSON.stringify(numInstances ?? null)}`);
  }
  const instances: Instance[] = [];
  for (let id = 0; id < numInstances; id++) {
    const name = syntheticEfficiencyFileName(numPromptTokens, tokenizer, id);
    const file = path.join(scenarioDir, name);
    await ensureFileDownloaded({
      targetPath: file,
      sourceUrl: `${SYNTHETIC_EFFICIENCY_URL}${name}`,
      mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, 'synthetic_efficiency', name),
      onProgress: options.onProgress,
    });
    const prompt = await readPythonTextFile(file, 'synthetic efficiency prompt');
    instances.push({ input: { text: prompt }, references: [{ output: { text: '' }, tags: [CORRECT_TAG] }], split: 'test' });
  }
  return instances;
}

export const syntheticEfficiencyScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.synthetic_efficiency_scenario.SyntheticEfficiencyScenario',
  name: 'synthetic_efficiency',
  description: 'Synthetic scenario for benchmarking efficiency metrics',
  tags: [],
  getInstances: getSyntheticEfficiencyInstances,
};
