import type { Instance } from '../scenarios/schemas';
import { defaultRequest, type Request } from '../models/schemas';
import type { AdapterSpec } from '../run-specs/schemas';
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

/**
 * The request of the generation-style adapters (generation, ranking_binary): the spec's sampling
 * fields and stop sequences; generation also forwards image generation parameters.
 */
export function generationStyleRequest(spec: AdapterSpec, prompt: string, overrides: Partial<Request> = {}): Request {
  return defaultRequest({
    model_deployment: spec.model_deployment,
    model: spec.model,
    prompt,
    temperature: spec.temperature,
    num_completions: spec.num_outputs,
    max_tokens: spec.max_tokens,
    stop_sequences: [...spec.stop_sequences],
    random: spec.random,
    ...overrides,
  });
}

/** Train-instance count and truncation flag of a fitted prompt. */
export function promptFields(prompt: Prompt): Pick<RequestStateFields, 'numTrainInstances' | 'promptTruncated'> {
  return { numTrainInstances: promptNumTrainInstances(prompt), promptTruncated: promptTruncated(prompt) };
}
