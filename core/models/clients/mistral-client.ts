import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pyFloat, toNumber } from '../../common/py-number';
import type { RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult } from '../schemas';
import { modelEngine, type ModelClient } from './client';
import { ModelRequestRejectedError } from './common/http';
import {
  TransportArgs,
  cacheKeyOf,
  cachedProviderCall,
  completionsResult,
  parseClientArgs,
  rejectedResult,
  resolveConnection,
  type CallOutcome,
  type ProviderConnection,
  type ProviderEnvironment,
} from './common/provider';

const MistralArgs = { ...TransportArgs, mistral_model: z.string().optional() };

/** HELM spreads `num_completions` over separate calls, each seeded apart by this prime. */
const COMPLETION_SEED_STRIDE = 1911011;

/** HELM's `_get_random_seed`: none for the first completion of an unseeded request. */
export function mistralRandomSeed(request: Request, completionIndex: number): number | null {
  if (request.random === undefined && completionIndex === 0) return null;
  let base = 0;
  if (request.random !== undefined) {
    if (!/^\s*[+-]?\d+\s*$/.test(request.random)) throw new HelmInputError('MistralAIClient only supports integer values for request.random');
    base = Number.parseInt(request.random, 10);
  }
  return base + completionIndex * COMPLETION_SEED_STRIDE;
}

/** HELM's MistralAIRequest, the cache key: note `stop` is in the key but, as in HELM, never sent. */
export function toMistralRawRequest(request: Request, model: string, completionIndex: number): Record<string, unknown> {
  if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
    throw new HelmInputError('Multimodal prompts are not supported by the Mistral client in helm-ts');
  }
  const hasMessages = request.messages !== undefined && request.messages.length > 0;
  return {
    model,
    prompt: hasMessages ? null : request.prompt,
    messages: hasMessages ? request.messages : null,
    max_tokens: request.max_tokens,
    temperature: request.temperature,
    top_p: request.top_p,
    random_seed: mistralRandomSeed(request, completionIndex),
    stop: request.stop_sequences.length > 0 ? request.stop_sequences : null,
  };
}

/**
 * The body the Mistral SDK's chat.complete sends for HELM's call (safe_prompt off): the SDK
 * writes `stream: false` and a null `random_seed` too (checked against HELM with mistralai 1.12,
 * test/unit/models/client-requests-differential.test.ts).
 */
export function mistralWireBody(raw: Record<string, unknown>): Record<string, unknown> {
  return {
    model: raw.model,
    messages: raw.messages ?? [{ role: 'user', content: raw.prompt }],
    temperature: raw.temperature,
    top_p: raw.top_p,
    max_tokens: raw.max_tokens,
    stream: false,
    random_seed: raw.random_seed,
    safe_prompt: false,
  };
}

const ChatCompletionResponse = z.looseObject({
  choices: z
    .array(z.looseObject({ message: z.looseObject({ role: z.string(), content: z.unknown() }), finish_reason: z.string().nullish() }))
    .length(1),
});

/** Python's `str()` of the message content: text as is, None as "None". */
function pyStr(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return 'None';
  return JSON.stringify(content);
}

/** HELM's MistralAIClient over Mistral's chat completions REST API (one call per completion). */
export class MistralAIClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
    private readonly modelOverride: string | undefined,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    const completions: GeneratedOutput[] = [];
    let last: CallOutcome | undefined;
    for (let index = 0; index < toNumber(request.num_completions); index++) {
      const raw = toMistralRawRequest(request, this.modelOverride ?? modelEngine(request.model), index);
      const key = cacheKeyOf(raw, request);
      const outcome = await cachedProviderCall({
        connection: this.connection,
        cache: this.cache,
        key,
        url: `${this.connection.baseUrl}/v1/chat/completions`,
        headers: { authorization: `Bearer ${this.connection.apiKey}` },
        body: mistralWireBody(raw),
        schema: ChatCompletionResponse,
      });
      if (outcome instanceof ModelRequestRejectedError) return rejectedResult('MistralClient error: ', outcome);
      // HELM's client looks the key up a second time and reports that lookup: with the cache on, a
      // fresh response reads as cached. The second lookup here never calls the API again.
      const { cached } = await this.cache.getOrCompute(key, () => Promise.resolve(outcome.response));
      const choice = outcome.response.choices[0];
      const text = pyStr(choice.message.content);
      completions.push({
        text: request.echo_prompt ? request.prompt + text : text,
        logprob: pyFloat(0),
        tokens: [],
        finish_reason: { reason: choice.finish_reason ?? null },
      });
      last = { request_time: outcome.response.request_time, request_datetime: outcome.response.request_datetime, cached };
    }
    return completionsResult(completions, last);
  }
}

export function createMistralAIClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): MistralAIClient {
  const args = parseClientArgs(deployment, MistralArgs);
  const connection = resolveConnection(deployment, args, env, {
    label: 'Mistral',
    keyEnvVar: 'MISTRAL_API_KEY',
    defaultBaseUrl: 'https://api.mistral.ai',
  });
  return new MistralAIClient(connection, cache, args.mistral_model);
}
