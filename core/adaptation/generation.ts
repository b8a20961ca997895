import type { WindowService } from '../models/window-service';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import type { RequestState } from './schemas';
import { constructPrompt } from './in-context';
import { allCorrectReferences, firstCorrectReference } from './instance-helpers';
import { promptText } from './prompt';
import { generationStyleRequest, makeRequestState, promptFields } from './request-state';
import { pythonRstrip } from './python-text';

const NO_CORRECT_REFERENCES = 'n/a';

/** `construct_output`: the given reference, all correct ones (multi_label) or the first; else `n/a`. */
export function constructOutput(instance: Instance, referenceIndex: number | undefined, spec: AdapterSpec): string {
  if (referenceIndex !== undefined) return instance.references[referenceIndex].output.text;
  if (spec.multi_label) {
    const correct = allCorrectReferences(instance);
    return correct.length === 0 ? NO_CORRECT_REFERENCES : correct.map((r) => r.output.text).join(', ');
  }
  return firstCorrectReference(instance)?.output.text ?? NO_CORRECT_REFERENCES;
}

/** Generic in-context example block (generation, MC separate, base adapter). */
export function generationBlock(instance: Instance, includeOutput: boolean, referenceIndex: number | undefined, spec: AdapterSpec): string {
  const head = spec.input_prefix + instance.input.text + spec.input_suffix;
  if (!includeOutput) return head + pythonRstrip(spec.output_prefix);
  return head + spec.output_prefix + constructOutput(instance, referenceIndex, spec) + spec.output_suffix;
}

/** `GenerationAdapter.generate_requests`: one state per eval instance. */
export function generationRequests(
  evalInstance: Instance,
  trainTrialIndex: number,
  trainInstances: readonly Instance[],
  spec: AdapterSpec,
  windowService: WindowService,
): RequestState[] {
  const prompt = constructPrompt(trainInstances, evalInstance, false, undefined, spec, windowService, (instance, include, index) =>
    generationBlock(instance, include, index, spec),
  );
  const request = generationStyleRequest(spec, promptText(prompt), { image_generation_parameters: spec.image_generation_parameters });
  return [makeRequestState({ instance: evalInstance, trainTrialIndex, request, ...promptFields(prompt) })];
}
