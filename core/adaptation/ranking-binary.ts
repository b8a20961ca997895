import { HelmInputError } from '../common/errors';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import { type GenerateRequests, constructPrompt } from './in-context';
import { isCorrect } from './instance-helpers';
import { promptText } from './prompt';
import { generationStyleRequest, makeRequestState, promptFields } from './request-state';
import { pythonRstrip } from './python-text';

export const RANKING_CORRECT_LABEL = 'Yes';
export const RANKING_WRONG_LABEL = 'No';
const EVAL_SPLITS = ['valid', 'test'];

/**
 * `BinaryRankingAdapter.construct_example_prompt`: one sub-block per passage (reference) — every reference
 * of a train instance, only the requested one of an eval instance — joined by instance_prefix. A
 * sub-block is passage, query, then the Yes/No label (train) or the bare cue (eval).
 */
export function rankingBinaryBlock(instance: Instance, includeOutput: boolean, referenceIndex: number | undefined, spec: AdapterSpec): string {
  let indices: number[];
  if (instance.split === 'train') indices = instance.references.map((_, i) => i);
  else if (instance.split !== undefined && EVAL_SPLITS.includes(instance.split)) {
    if (referenceIndex === undefined) throw new Error('ranking_binary: an eval block needs a reference index');
    indices = [referenceIndex];
  } else {
    throw new HelmInputError(
      `ranking_binary: instance ${instance.id ?? ''} has split ${JSON.stringify(instance.split ?? null)}, expected one of: train, valid, test`,
    );
  }
  return indices
    .map((i) => {
      const reference = instance.references[i];
      const output = includeOutput
        ? spec.output_prefix + (isCorrect(reference) ? RANKING_CORRECT_LABEL : RANKING_WRONG_LABEL) + spec.output_suffix
        : pythonRstrip(spec.output_prefix);
      return spec.reference_prefix + reference.output.text + spec.reference_suffix + spec.input_prefix + instance.input.text + spec.input_suffix + output;
    })
    .join(spec.instance_prefix);
}

/** One "original" state per eval reference (passage); fitting drops whole train instances. */
export const rankingBinaryRequests: GenerateRequests = (evalInstance, trainTrialIndex, trainInstances, spec, windowService) =>
  evalInstance.references.map((_, referenceIndex) => {
    const prompt = constructPrompt(trainInstances, evalInstance, false, referenceIndex, spec, windowService, (instance, include, index) =>
      rankingBinaryBlock(instance, include, index, spec),
    );
    const request = generationStyleRequest(spec, promptText(prompt));
    return makeRequestState({ instance: evalInstance, trainTrialIndex, referenceIndex, requestMode: 'original', request, ...promptFields(prompt) });
  });
