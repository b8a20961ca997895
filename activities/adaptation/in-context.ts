import { toNumber } from '../common/py-number';
import type { WindowService } from '../models/window-service';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import { makePromptFit } from './fit-prompt';
import type { Prompt } from './prompt';

/** Builds one example block (train: with output; eval: ending in the right-stripped output prefix). */
export type BlockBuilder = (instance: Instance, includeOutput: boolean, referenceIndex: number | undefined) => string;

/** `construct_prompt`: instructions, train blocks, eval block, then fitted to the context window. */
export function constructPrompt(
  trainInstances: readonly Instance[],
  evalInstance: Instance,
  includeOutput: boolean,
  referenceIndex: number | undefined,
  spec: AdapterSpec,
  windowService: WindowService,
  buildBlock: BlockBuilder,
): Prompt {
  const prompt: Prompt = {
    globalPrefix: spec.global_prefix,
    globalSuffix: spec.global_suffix,
    instancePrefix: spec.instance_prefix,
    substitutions: spec.substitutions,
    instructionsBlock: spec.instructions,
    trainInstanceBlocks: trainInstances.map((instance) => buildBlock(instance, true, undefined)),
    evalInstanceBlock: buildBlock(evalInstance, includeOutput, referenceIndex),
  };
  return makePromptFit(prompt, toNumber(spec.max_tokens), windowService);
}
