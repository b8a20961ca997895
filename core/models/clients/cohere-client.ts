import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pyFloat, toNumber } from '../../common/py-number';
import { RequestCache, type RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult, Token } from '../schemas';
import { EMBEDDING_UNAVAILABLE, modelEngine, type ModelClient } from './client';
import { ModelRequestRejectedError } from './common/http';
import {
  TransportArgs,
  cachedProviderCall,
  jsonBodyOf,
  parseClientArgs,
  refusedResult,
  resolveConnection,
  sdkStatusMessage,
  type ProviderConnection,
  type ProviderEnvironment,
} from './common/provider';
import { pythonRepr } from './common/py-repr';
import { pySum, truncateSequence } from './common/truncate';

export const COHERE_CLIENT_CLASS = 'helm.clients.cohere_client.CohereClient';
export const COHERE_CHAT_CLIENT_CLASS = 'helm.clients.cohere_client.CohereChatClient';

/** The API version HELM pins for generate (the one with `num_generations`). */
const COHERE_API_VERSION = '2021-11-08';

function check(condition: boolean, message: string): void {
  if (!condition) throw new HelmInputError(message);
}

/** HELM's CohereClient raw request (also the cache key: HELM adds no `random` here), with its checks of the ranges Cohere accepts. */
export function toCohereGenerateRequest(request: Request): Record<string, unknown> {
  const temperature = toNumber(request.temperature);
  const numCompletions = toNumber(request.num_completions);
  const topK = toNumber(request.top_k_per_token);
  const topP = toNumber(request.top_p);
  const frequencyPenalty = toNumber(request.frequency_penalty);
  const presencePenalty = toNumber(request.presence_penalty);
  // Likelihoods of the prompt too when echoing; max_tokens may be 0 only then.
  if (!request.echo_prompt) check(toNumber(request.max_tokens) > 0, 'max_tokens can only be 0 if echo_prompt=True');
  check(temperature >= 0 && temperature <= 5, `Invalid temperature: ${temperature}. Valid range: [0,5]`);
  check(numCompletions >= 0 && numCompletions <= 5, `Invalid num_completions: ${numCompletions}. Valid range: [0..5]`);
  check(topK >= 0 && topK <= 500, `Invalid top_k_per_token: ${topK}. Valid range: [0..500]`);
  check(topP >= 0 && topP <= 1, `Invalid top_p: ${topP}. Valid range: [0,1]`);
  check(frequencyPenalty >= 0 && frequencyPenalty <= 1, `Invalid frequency_penalty: ${frequencyPenalty}. Valid range: [0,1]`);
  check(presencePenalty >= 0 && presencePenalty <= 1, `Invalid presence_penalty: ${presencePenalty}. Valid range: [0,1]`);
  return {
    prompt: request.prompt,
    max_tokens: request.max_tokens,
    model: modelEngine(request.model),
    temperature: request.temperature,
    num_generations: request.num_completions,
    k: request.top_k_per_token,
    p: request.top_p,
    frequency_penalty: request.frequency_penalty,
    presence_penalty: request.presence_penalty,
    stop_sequences: request.stop_sequences,
    return_likelihoods: request.echo_prompt ? 'ALL' : 'GENERATION',
  };
}

const CohereGenerations = z.looseObject({
  generations: z.array(
    z.looseObject({
      text: z.string(),
      token_likelihoods: z.array(z.looseObject({ token: z.string(), likelihood: z.number().optional() })),
    }),
  ),
});

/** HELM's messages for a reply it cannot use: Cohere's `message`, else the whole reply. */
function cohereGenerateFailure(status: number, bodyText: string): string {
  const body = jsonBodyOf(bodyText);
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const message = (body as Record<string, unknown>).message;
    if (message !== undefined) return `CohereClient error: Request failed with error ${typeof message === 'string' ? message : pythonRepr(message)}`;
    return `CohereClient error: Invalid response: ${pythonRepr(body)}`;
  }
  return `CohereClient error: ${sdkStatusMessage(status, bodyText)}`;
}

/**
 * HELM's CohereClient over Cohere's generate API (plain HTTP, as HELM): n generations in one
 * call, each with its token likelihoods (the first prompt token has none when echoing: 0).
 */
export class CohereGenerateClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return EMBEDDING_UNAVAILABLE;
    const raw = toCohereGenerateRequest(request);
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: this.cache,
      key: RequestCache.keyOf(raw),
      url: `${this.connection.baseUrl}/generate`,
      headers: { authorization: `BEARER ${this.connection.apiKey}`, 'cohere-version': COHERE_API_VERSION },
      body: raw,
      schema: CohereGenerations,
    });
    if (outcome instanceof ModelRequestRejectedError) return refusedResult(cohereGenerateFailure(outcome.status, outcome.bodyText), outcome.status);
    const { response, cached } = outcome;
    const completions = response.generations.map((generation) => {
      const tokens: Token[] = generation.token_likelihoods.map((t) => ({ text: t.token, logprob: t.likelihood === undefined ? 0 : pyFloat(t.likelihood) }));
      // Cohere leaves the prompt out of the text when it also generated tokens.
      const text = request.echo_prompt && toNumber(request.max_tokens) > 0 ? request.prompt + generation.text : generation.text;
      return truncateSequence({ text, logprob: pySum(tokens.map((t) => t.logprob)), tokens }, request);
    });
    return { success: true, cached, request_time: pyFloat(response.request_time), request_datetime: response.request_datetime, completions, embedding: [] };
  }
}

/** HELM's CohereRawChatRequest: the cache key as is (the seed is `random`). */
export function toCohereChatRequest(request: Request): Record<string, unknown> {
  check(toNumber(request.num_completions) === 1, 'CohereChatClient only supports num_completions=1');
  check(request.messages === undefined || request.messages.length === 0, 'CohereChatClient currently does not support the messages API');
  let seed: number | null = null;
  if (request.random !== undefined) {
    check(/^\s*[+-]?\d+\s*$/.test(request.random), `CohereChatClient needs an integer request.random (got ${JSON.stringify(request.random)})`);
    seed = Number.parseInt(request.random, 10);
  }
  return {
    message: request.prompt,
    model: request.model.replaceAll('cohere/', ''),
    preamble: null,
    chat_history: null,
    temperature: request.temperature,
    max_tokens: request.max_tokens,
    k: request.top_k_per_token,
    p: request.top_p,
    stop_sequences: request.stop_sequences,
    seed,
    frequency_penalty: request.frequency_penalty,
    presence_penalty: request.presence_penalty,
  };
}

const CohereChatResponse = z.looseObject({ text: z.string() });

/** HELM's CohereChatClient over Cohere's v1 chat API: the prompt as the message, one completion. */
export class CohereChatClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return EMBEDDING_UNAVAILABLE;
    const raw = toCohereChatRequest(request);
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: this.cache,
      key: RequestCache.keyOf(raw),
      url: `${this.connection.baseUrl}/v1/chat`,
      headers: { authorization: `Bearer ${this.connection.apiKey}` },
      // The SDK (cohere 5) sends every argument HELM passes, None as null, and `stream: false`.
      body: { ...raw, stream: false },
      schema: CohereChatResponse,
    });
    if (outcome instanceof ModelRequestRejectedError) {
      // HELM lets the SDK's ApiError escape; its text is `status_code: N, body: <the body>`.
      const body = jsonBodyOf(outcome.bodyText);
      return refusedResult(`CohereClient error: status_code: ${outcome.status}, body: ${body === undefined ? outcome.bodyText : pythonRepr(body)}`, outcome.status);
    }
    const { response, cached } = outcome;
    const completions: GeneratedOutput[] = [{ text: response.text, logprob: pyFloat(0), tokens: [] }];
    return { success: true, cached, request_time: pyFloat(response.request_time), request_datetime: response.request_datetime, completions, embedding: [] };
  }
}

export function createCohereGenerateClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): CohereGenerateClient {
  const args = parseClientArgs(deployment, TransportArgs);
  // HELM's generate endpoint is on the older api.cohere.ai host.
  const connection = resolveConnection(deployment, args, env, { label: 'Cohere', keyEnvVar: 'CO_API_KEY', defaultBaseUrl: 'https://api.cohere.ai' });
  return new CohereGenerateClient(connection, cache);
}

export function createCohereChatClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): CohereChatClient {
  const args = parseClientArgs(deployment, TransportArgs);
  const connection = resolveConnection(deployment, args, env, {
    label: 'Cohere',
    keyEnvVar: 'CO_API_KEY',
    baseUrlEnvVar: 'CO_API_URL',
    defaultBaseUrl: 'https://api.cohere.com',
  });
  return new CohereChatClient(connection, cache);
}
