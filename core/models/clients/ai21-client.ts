import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pyFloat } from '../../common/py-number';
import type { RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult, Token } from '../schemas';
import { EMBEDDING_UNAVAILABLE, checkedBaseUrl, modelEngine, type ModelClient } from './client';
import { ModelRequestRejectedError } from './common/http';
import {
  TransportArgs,
  cacheKeyOf,
  cachedProviderCall,
  jsonBodyOf,
  parseClientArgs,
  refusedResult,
  rejectedResult,
  resolveConnection,
  sdkStatusMessage,
  type ProviderConnection,
  type ProviderEnvironment,
  type ProviderSpec,
} from './common/provider';
import { pythonRepr } from './common/py-repr';
import { pySum, truncateSequence } from './common/truncate';

export const AI21_CLIENT_CLASS = 'helm.clients.ai21_client.AI21Client';
export const AI21_CHAT_CLIENT_CLASS = 'helm.clients.ai21_client.AI21ChatClient';

/** The AI21 SDK's host (AI21_API_HOST); HELM's completion URLs live under the same prefix. */
const AI21_PROVIDER: ProviderSpec = {
  label: 'AI21',
  keyEnvVar: 'AI21_API_KEY',
  baseUrlEnvVar: 'AI21_API_HOST',
  defaultBaseUrl: 'https://api.ai21.com/studio/v1',
};

/** The one engine HELM sends to AI21's experimental completion endpoint. */
const EXPERIMENTAL_ENGINE = 'j1-grande-v2-beta';

const AI21Token = z.looseObject({
  generatedToken: z.looseObject({ token: z.string(), raw_logprob: z.number() }),
  textRange: z.looseObject({ start: z.number(), end: z.number() }),
});
type AI21Token = z.infer<typeof AI21Token>;
const AI21Sequence = z.looseObject({ text: z.string(), tokens: z.array(AI21Token) });
type AI21Sequence = z.infer<typeof AI21Sequence>;
const AI21CompletionResponse = z.looseObject({
  prompt: AI21Sequence,
  completions: z.array(z.looseObject({ data: AI21Sequence, finishReason: z.record(z.string(), z.unknown()).nullish() })),
});

/** HELM's AI21Client raw request (the cache key adds the engine). */
export function toAI21CompletionRequest(request: Request): Record<string, unknown> {
  return {
    prompt: request.prompt,
    temperature: request.temperature,
    numResults: request.num_completions,
    topKReturn: request.top_k_per_token,
    topP: request.top_p,
    maxTokens: request.max_tokens,
    stopSequences: request.stop_sequences,
  };
}

/**
 * A token's text as HELM reads it: SentencePiece's "▁" as a space, `<|newline|>` as "\n", the
 * first prompt token's leading space dropped, then cut to the length of its text range (the
 * tokenizer prefixes a zero-width "▁" to some tokens). Sliced by code point, as Python does.
 */
function ai21TokenText(raw: AI21Token, first: boolean): string {
  const length = raw.textRange.end - raw.textRange.start;
  if (length === 0) return '';
  let text = raw.generatedToken.token.replaceAll('\u2581', ' ').replaceAll('<|newline|>', '\n');
  if (first && text.startsWith(' ')) text = text.slice(1);
  return Array.from(text).slice(-length).join('');
}

function ai21Sequence(raw: AI21Sequence, first: boolean, finishReason?: Record<string, unknown> | null): GeneratedOutput {
  const tokens: Token[] = raw.tokens.map((token, i) => ({ text: ai21TokenText(token, first && i === 0), logprob: pyFloat(token.generatedToken.raw_logprob) }));
  const sequence: GeneratedOutput = { text: raw.text, logprob: pySum(tokens.map((t) => t.logprob)), tokens };
  if (finishReason) sequence.finish_reason = finishReason;
  return sequence;
}

/** HELM's message for a reply without completions: AI21 puts the reason in `detail` or `Error`. */
function ai21FailureMessage(body: unknown): string {
  let message = 'AI21 completion API error -';
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const fields = body as Record<string, unknown>;
    const str = (value: unknown) => (typeof value === 'string' ? value : pythonRepr(value));
    if ('detail' in fields) message += ` Detail: ${str(fields.detail)}`;
    if ('Error' in fields) message += ` Error: ${str(fields.Error)}`;
  }
  return message;
}

/**
 * HELM's AI21Client (Jurassic-2) over AI21's completion API: n completions in one call, tokens
 * with their logprobs, the prompt's tokens prepended when echoing.
 */
export class AI21CompletionsClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
    /** HELM's `url` argument: the full completion URL, replacing the per-engine one. */
    private readonly url: string | undefined,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return EMBEDDING_UNAVAILABLE;
    const engine = modelEngine(request.model);
    const raw = toAI21CompletionRequest(request);
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: this.cache,
      key: cacheKeyOf({ engine, ...raw }, request),
      url: this.url ?? `${this.connection.baseUrl}/${engine === EXPERIMENTAL_ENGINE ? 'experimental/' : ''}${engine}/complete`,
      headers: { authorization: `Bearer ${this.connection.apiKey}` },
      body: raw,
      schema: AI21CompletionResponse,
    });
    if (outcome instanceof ModelRequestRejectedError) {
      const body = jsonBodyOf(outcome.bodyText);
      if (body === undefined) return refusedResult(`AI21 completion API error - ${sdkStatusMessage(outcome.status, outcome.bodyText)}`, outcome.status);
      return refusedResult(ai21FailureMessage(body), outcome.status);
    }
    const { response, cached } = outcome;
    const prompt = ai21Sequence(response.prompt, true);
    const completions = response.completions.map((raw) => {
      const completion = truncateSequence(ai21Sequence(raw.data, false, raw.finishReason), request);
      if (!request.echo_prompt) return completion;
      return { text: prompt.text + completion.text, logprob: pySum([prompt.logprob, completion.logprob]), tokens: [...prompt.tokens, ...completion.tokens] };
    });
    return { success: true, cached, request_time: pyFloat(response.request_time), request_datetime: response.request_datetime, completions, embedding: [] };
  }
}

/** HELM's AI21ChatRequest: the cache key. */
export function toAI21ChatRequest(request: Request): Record<string, unknown> {
  if (request.messages !== undefined && request.messages.length > 0) {
    throw new HelmInputError('AI21ChatClient currently does not support the messages API');
  }
  return {
    model: modelEngine(request.model),
    messages: [{ role: 'user', content: request.prompt }],
    max_tokens: request.max_tokens,
    temperature: request.temperature,
    stop: request.stop_sequences,
    n: request.num_completions,
    top_p: request.top_p,
  };
}

const AI21ChatResponse = z.looseObject({
  choices: z.array(z.looseObject({ message: z.looseObject({ content: z.string().nullish() }) })),
});

/** HELM's AI21ChatClient (Jamba) over AI21's chat completions API; text only, logprob 0. */
export class AI21ChatClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return EMBEDDING_UNAVAILABLE;
    const raw = toAI21ChatRequest(request);
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: this.cache,
      key: cacheKeyOf(raw, request),
      url: `${this.connection.baseUrl}/chat/completions`,
      headers: { authorization: `Bearer ${this.connection.apiKey}` },
      // The SDK's chat.completions.create body (ai21 4.3): HELM's fields plus `stream: false`.
      body: {
        model: raw.model,
        messages: raw.messages,
        temperature: raw.temperature,
        max_tokens: raw.max_tokens,
        top_p: raw.top_p,
        stop: raw.stop,
        n: raw.n,
        stream: false,
      },
      schema: AI21ChatResponse,
    });
    if (outcome instanceof ModelRequestRejectedError) return rejectedResult('AI21 error: ', outcome);
    const { response, cached } = outcome;
    const completions: GeneratedOutput[] = response.choices.map((choice) => ({ text: choice.message.content ?? '', logprob: pyFloat(0), tokens: [] }));
    return { success: true, cached, request_time: pyFloat(response.request_time), request_datetime: response.request_datetime, completions, embedding: [] };
  }
}

export function createAI21CompletionsClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): AI21CompletionsClient {
  const args = parseClientArgs(deployment, { ...TransportArgs, url: z.string().optional() });
  return new AI21CompletionsClient(resolveConnection(deployment, args, env, AI21_PROVIDER), cache, args.url === undefined ? undefined : checkedBaseUrl(deployment.name, args.url));
}

export function createAI21ChatClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): AI21ChatClient {
  const args = parseClientArgs(deployment, TransportArgs);
  return new AI21ChatClient(resolveConnection(deployment, args, env, AI21_PROVIDER), cache);
}
