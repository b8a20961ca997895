import type { Instance } from '../scenarios/schemas';
import type { Request } from '../models/schemas';
import type { RequestState } from './schemas';
import { type Prompt, promptNumTrainInstances, promptTruncated } from './prompt';

export interface RequestStateFields {
  instance: Instance;
  trainTrialIndex: number;
  request: Request;
  numTrainInstances: number;
  promptTruncated: boolean;
  referenceIndex?: number;
  requestMode?: 'original' | 'calibration';
  outputMapping?: Record<string, string>;
  numConditioningTokens?: number;
}

/** A `RequestState` in HELM's field order (result and annotations unset until execution). */
export function makeRequestState(fields: RequestStateFields): RequestState {
  return {
    instance: fields.instance,
    reference_index: fields.referenceIndex,
    request_mode: fields.requestMode,
    train_trial_index: fields.trainTrialIndex,
    output_mapping: fields.outputMapping,
    request: fields.request,
    result: undefined,
    num_train_instances: fields.numTrainInstances,
    prompt_truncated: fields.promptTruncated,
    num_conditioning_tokens: fields.numConditioningTokens ?? 0,
    annotations: undefined,
  };
}

/** Train-instance count and truncation flag of a fitted prompt. */
export function promptFields(prompt: Prompt): Pick<RequestStateFields, 'numTrainInstances' | 'promptTruncated'> {
  return { numTrainInstances: promptNumTrainInstances(prompt), promptTruncated: promptTruncated(prompt) };
}
