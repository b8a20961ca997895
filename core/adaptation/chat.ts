import { HelmInputError } from '../common/errors';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import { makeRequestState } from './request-state';
import { generationStyleRequest } from './request-state';
import type { RequestState } from './schemas';

/**
 * HELM's `ChatAdapter` (method `chat`): the eval instance's own conversation
 * (`input.messages`, role/content pairs) is the request; no prompt is built, nothing is fitted
 * or truncated, and the sampled train instances are not used (so `num_train_instances` is 0).
 */
export function chatRequests(evalInstance: Instance, trainTrialIndex: number, _trainInstances: readonly Instance[], spec: AdapterSpec): RequestState[] {
  const messages = evalInstance.input.messages;
  if (messages === undefined || messages === null) {
    throw new HelmInputError(`The chat adapter needs input.messages on every instance; instance ${evalInstance.id ?? '(no id)'} has none`);
  }
  const request = generationStyleRequest(spec, '', {
    messages: messages.map((m) => ({ ...m })),
    image_generation_parameters: spec.image_generation_parameters,
  });
  return [makeRequestState({ instance: evalInstance, trainTrialIndex, request, numTrainInstances: 0, promptTruncated: false })];
}
