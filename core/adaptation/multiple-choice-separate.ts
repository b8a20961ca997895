import type { WindowService } from '../models/window-service';
import { defaultRequest } from '../models/schemas';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import { generationBlock } from './generation';
import { type GenerateRequests, constructPrompt } from './in-context';
import { type Prompt, promptText } from './prompt';
import { makeRequestState, promptFields } from './request-state';
import type { RequestState } from './schemas';

/** Input text of the calibration prompt (the eval input is replaced by it). */
export const CALIBRATION_INPUT = 'Answer:';

/** The eval block scored with reference i as its output, fitted like any in-context prompt. */
function separatePrompt(
  trainInstances: readonly Instance[],
  evalInstance: Instance,
  referenceIndex: number,
  spec: AdapterSpec,
  windowService: WindowService,
): Prompt {
  return constructPrompt(trainInstances, evalInstance, true, referenceIndex, spec, windowService, (instance, include, index) =>
    generationBlock(instance, include, index, spec),
  );
}

/** `construct_request_state`: an echo-only scoring request (no completion, no `random`, temperature int 0). */
function separateRequestState(
  prompt: Prompt,
  referenceIndex: number,
  evalInstance: Instance,
  trainTrialIndex: number,
  spec: AdapterSpec,
  requestMode: 'original' | 'calibration',
): RequestState {
  const request = defaultRequest({
    model_deployment: spec.model_deployment,
    model: spec.model,
    prompt: promptText(prompt),
    temperature: 0,
    num_completions: 1,
    max_tokens: 0,
    stop_sequences: [],
    echo_prompt: true,
  });
  return makeRequestState({ instance: evalInstance, trainTrialIndex, referenceIndex, requestMode, request, ...promptFields(prompt) });
}

/** `MultipleChoiceSeparateAdapter`: one "original" state per reference, in reference order. */
export const multipleChoiceSeparateRequests: GenerateRequests = (evalInstance, trainTrialIndex, trainInstances, spec, windowService) =>
  evalInstance.references.map((_, i) =>
    separateRequestState(separatePrompt(trainInstances, evalInstance, i, spec, windowService), i, evalInstance, trainTrialIndex, spec, 'original'),
  );

/**
 * `MultipleChoiceCalibratedAdapter`: per reference, the "original" state then a "calibration" state whose
 * prompt has no train instances and the input text replaced by `Answer:` (the state keeps the real instance).
 */
export const multipleChoiceCalibratedRequests: GenerateRequests = (evalInstance, trainTrialIndex, trainInstances, spec, windowService) => {
  const calibrationInstance: Instance = { ...evalInstance, input: { text: CALIBRATION_INPUT } };
  return evalInstance.references.flatMap((_, i) => [
    separateRequestState(separatePrompt(trainInstances, evalInstance, i, spec, windowService), i, evalInstance, trainTrialIndex, spec, 'original'),
    separateRequestState(separatePrompt([], calibrationInstance, i, spec, windowService), i, evalInstance, trainTrialIndex, spec, 'calibration'),
  ]);
};
