import { HelmInputError } from '../../../common/errors';
import { isPyFloatBox, toNumber, type PyNumber } from '../../../common/py-number';
import type { Request } from '../../schemas';

/** The client's raw request: what HELM sends to the SDK and keys the cache with. */
export type RawRequest = Record<string, unknown>;

/** HELM's `is_reasoning_model`: the o-series and gpt-5 take different parameters. */
export function isReasoningModel(modelEngine: string): boolean {
  return /^o\d+/.test(modelEngine) || /^gpt-5/.test(modelEngine);
}

/** Python's `max(a, b)`: the first argument unless the second is larger. */
function pyMax(a: PyNumber, b: PyNumber): PyNumber {
  return toNumber(b) > toNumber(a) ? b : a;
}

/** `_to_raw_completion_request`: the legacy Completions API parameters. */
export function toRawCompletionRequest(request: Request, model: string): RawRequest {
  return {
    model,
    prompt: request.prompt,
    temperature: request.temperature,
    n: request.num_completions,
    max_tokens: request.max_tokens,
    // The API wants at least as many candidates per token as completions.
    best_of: pyMax(request.top_k_per_token, request.num_completions),
    logprobs: pyMax(request.top_k_per_token, request.num_completions),
    stop: request.stop_sequences.length > 0 ? request.stop_sequences : null,
    top_p: request.top_p,
    presence_penalty: request.presence_penalty,
    frequency_penalty: request.frequency_penalty,
    echo: request.echo_prompt,
  };
}

/** VLLMClient's tweak: vLLM rejects best_of > 1 with greedy sampling. */
export function applyVllmBestOfRule(raw: RawRequest): RawRequest {
  const temperature = raw.temperature as PyNumber | undefined;
  const bestOf = raw.best_of as PyNumber | undefined;
  if (temperature !== undefined && toNumber(temperature) === 0 && bestOf !== undefined && toNumber(bestOf) > 1) {
    return { ...raw, best_of: 1 };
  }
  return raw;
}

export interface ChatOptions {
  model: string;
  modelEngine: string;
  reasoningEffort?: string;
  /** The model has VISION_LANGUAGE_MODEL_TAG: HELM then leaves out a null `stop`. */
  isVisionLanguageModel: boolean;
  /** helm-ts extension: ask for token logprobs (changes the cache key, so off by default). */
  chatLogprobs: boolean;
}

/** Prompt or messages → chat messages, with HELM's checks. */
function chatMessages(request: Request): Array<Record<string, string>> {
  if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
    throw new HelmInputError('Multimodal prompts are not supported by the OpenAI client in helm-ts yet');
  }
  if (request.messages === undefined) return [{ role: 'user', content: request.prompt }];
  if (request.prompt) throw new HelmInputError('More than one of `prompt`, `messages` and `multimodal_prompt` was set in the request');
  for (const message of request.messages) {
    if (!message.role || !message.content) throw new HelmInputError('All messages must have a role and content');
  }
  if (request.messages[request.messages.length - 1]?.role !== 'user') throw new HelmInputError("Last message must have role 'user'");
  return request.messages;
}

/** `_make_chat_raw_request`: the Chat Completions parameters, with HELM's per-model adjustments. */
export function toRawChatRequest(request: Request, options: ChatOptions): RawRequest {
  const raw: RawRequest = {
    model: options.model,
    messages: chatMessages(request),
    temperature: request.temperature,
    top_p: request.top_p,
    n: request.num_completions,
    stop: request.stop_sequences.length > 0 ? request.stop_sequences : null,
    max_tokens: request.max_tokens,
    presence_penalty: request.presence_penalty,
    frequency_penalty: request.frequency_penalty,
  };
  const jsonSchema = request.response_format?.json_schema;
  if (jsonSchema !== undefined && jsonSchema !== null && typeof jsonSchema === 'object') {
    const schema: Record<string, unknown> = { ...(jsonSchema as Record<string, unknown>) };
    if (!('additionalProperties' in schema)) schema.additionalProperties = false;
    if (!('required' in schema)) schema.required = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
    raw.response_format = { type: 'json_schema', json_schema: { name: 'response', description: '', schema, strict: true } };
  }
  if (isReasoningModel(options.modelEngine)) {
    if (toNumber(raw.max_tokens as PyNumber)) {
      raw.max_completion_tokens = raw.max_tokens;
      delete raw.max_tokens;
    }
    if (raw.stop === null) delete raw.stop;
    for (const unsupported of ['temperature', 'top_p', 'frequency_penalty', 'presence_penalty']) delete raw[unsupported];
    if (options.reasoningEffort) raw.reasoning_effort = options.reasoningEffort;
  } else if (options.isVisionLanguageModel && raw.stop === null) {
    delete raw.stop;
  }
  if (/^gpt-4o(-mini)?-audio-preview/.test(options.modelEngine)) {
    raw.modalities = ['text'];
    if (raw.stop === null) delete raw.stop;
  }
  if (options.chatLogprobs) {
    raw.logprobs = true;
    raw.top_logprobs = request.top_k_per_token;
  }
  return raw;
}

/** `_make_embedding_request`'s parameters. */
export function toRawEmbeddingRequest(request: Request, model: string): RawRequest {
  return { input: request.prompt, model };
}

/** The HTTP body: Python float boxes become plain JSON numbers. */
export function toWireJson(value: unknown): unknown {
  if (isPyFloatBox(value)) return value.py_float;
  if (Array.isArray(value)) return value.map(toWireJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toWireJson(v)]));
  }
  return value;
}
