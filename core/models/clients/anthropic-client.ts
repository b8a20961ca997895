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
  failedResult,
  parseClientArgs,
  rejectedResult,
  resolveConnection,
  type CallOutcome,
  type ProviderConnection,
  type ProviderEnvironment,
} from './common/provider';

/** `client_spec.args` of AnthropicMessagesClient deployments (HELM's constructor arguments). */
const AnthropicArgs = {
  ...TransportArgs,
  anthropic_model_name: z.string().optional(),
  thinking_budget_tokens: z.number().int().positive().optional(),
  stream: z.boolean().optional(),
};

/** The Messages API's limit HELM enforces before sending. */
export const ANTHROPIC_MAX_OUTPUT_TOKENS = 64000;
export const ANTHROPIC_API_VERSION = '2023-06-01';

const CONTENT_FILTER_MESSAGE = 'Output blocked by content filtering policy';

/** The parts of a Messages API response HELM reads. */
export const AnthropicMessage = z.looseObject({
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), thinking: z.string().optional() })),
  stop_reason: z.string().nullish(),
});
type AnthropicMessage = z.infer<typeof AnthropicMessage>;

/** What the cache holds for one completion: the message, or HELM's cached content-filter error body. */
const CachedAnthropicResponse = z.union([AnthropicMessage, z.looseObject({ error: z.looseObject({ message: z.string() }) })]);
type CachedAnthropicResponse = z.infer<typeof CachedAnthropicResponse>;

/**
 * HELM's `AnthropicMessagesClient` raw request: the prompt (or the messages, a leading system
 * message moved to `system`) and the sampling parameters, with its per-model adjustments.
 */
export function toAnthropicRawRequest(request: Request, options: { model: string; thinkingBudgetTokens?: number }): Record<string, unknown> {
  if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
    throw new HelmInputError('Multimodal prompts are not supported by the Anthropic client in helm-ts');
  }
  let messages: Array<Record<string, string>>;
  let system: string | undefined;
  if (request.messages !== undefined) {
    if (request.prompt) throw new HelmInputError('More than one of `prompt`, `messages` and `multimodal_prompt` was set in the request');
    messages = request.messages;
    if (messages[0]?.role === 'system') {
      system = messages[0].content;
      messages = messages.slice(1);
    }
  } else {
    messages = [{ role: 'user', content: request.prompt }];
  }
  const raw: Record<string, unknown> = {
    messages,
    model: options.model,
    stop_sequences: request.stop_sequences,
    max_tokens: request.max_tokens,
    temperature: request.temperature,
    top_p: request.top_p,
    top_k: request.top_k_per_token,
  };
  if (system !== undefined) raw.system = system;
  if (options.thinkingBudgetTokens) {
    raw.thinking = { type: 'enabled', budget_tokens: options.thinkingBudgetTokens };
    // The API refuses top_k together with extended thinking.
    delete raw.top_k;
  }
  // Claude 4.5/4.6 refuse temperature and top_p together.
  if (/^claude-[^-]+-4-[56]/.test(options.model)) delete raw.top_p;
  return raw;
}

/**
 * A streamed Messages response (server-sent events) folded into the message the API would have
 * returned unstreamed, as the Anthropic SDK's `get_final_message()` does for HELM. An `error`
 * event or a stream without `message_stop` throws (the call is then retried).
 */
interface StreamEvent {
  type?: string;
  index?: number;
  message?: Record<string, unknown>;
  content_block?: Record<string, unknown>;
  delta?: Record<string, unknown>;
  usage?: Record<string, unknown>;
  error?: unknown;
}

export function foldAnthropicStream(text: string): Record<string, unknown> {
  let message: Record<string, unknown> | undefined;
  let content: Array<Record<string, unknown>> = [];
  let stopped = false;
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n\n+/)) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data === '') continue;
    const event = JSON.parse(data) as StreamEvent;
    switch (event.type) {
      case 'message_start':
        message = { ...event.message };
        content = [...((event.message?.content as Array<Record<string, unknown>> | undefined) ?? [])];
        break;
      case 'content_block_start':
        content[event.index ?? 0] = { ...event.content_block };
        break;
      case 'content_block_delta': {
        const target = content[event.index ?? 0];
        if (!target) throw new Error(`content_block_delta for block ${event.index} before its start`);
        const delta = event.delta ?? {};
        const append = (field: string) => (target[field] = String(target[field] ?? '') + String(delta[field] ?? ''));
        if (delta.type === 'text_delta') append('text');
        else if (delta.type === 'thinking_delta') append('thinking');
        else if (delta.type === 'input_json_delta') append('partial_json');
        else if (delta.type === 'signature_delta') target.signature = delta.signature;
        else if (delta.type === 'citations_delta') target.citations = [...((target.citations as unknown[] | null | undefined) ?? []), delta.citation];
        break;
      }
      case 'message_delta':
        if (!message) throw new Error('message_delta before message_start');
        Object.assign(message, event.delta);
        if (event.usage) message.usage = { ...(message.usage as Record<string, unknown> | undefined), ...event.usage };
        break;
      case 'message_stop':
        stopped = true;
        break;
      case 'error':
        throw new Error(`stream error event: ${JSON.stringify(event.error)}`);
      default:
        // ping, content_block_stop and event types added later carry nothing the message needs.
        break;
    }
  }
  if (!message || !stopped) throw new Error('event stream ended before message_stop');
  return { ...message, content };
}

function isContentFilterFailure(response: CachedAnthropicResponse): response is { error: { message: string } } {
  return 'error' in response && (response as { error: { message: string } }).error.message === CONTENT_FILTER_MESSAGE;
}

/**
 * HELM's AnthropicMessagesClient over the Messages API (fetch, no SDK): one call per completion
 * (the API has no `n`), each cached under HELM's key (`completion_index` + the raw request); text
 * blocks joined, thinking blocks as `thinking`; logprobs are not available (0.0, no tokens).
 */
export class AnthropicMessagesClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
    private readonly options: { modelOverride?: string; thinkingBudgetTokens?: number; stream?: boolean },
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return failedResult('Computing the embedding is unavailable in this client');
    if (toNumber(request.max_tokens) > ANTHROPIC_MAX_OUTPUT_TOKENS) {
      throw new HelmInputError(`Request.max_tokens must be <= ${ANTHROPIC_MAX_OUTPUT_TOKENS} for Anthropic models (got ${toNumber(request.max_tokens)})`);
    }
    const raw = toAnthropicRawRequest(request, {
      model: this.options.modelOverride ?? modelEngine(request.model),
      thinkingBudgetTokens: this.options.thinkingBudgetTokens,
    });
    const completions: GeneratedOutput[] = [];
    let last: CallOutcome | undefined;
    for (let index = 0; index < toNumber(request.num_completions); index++) {
      const outcome = await cachedProviderCall({
        connection: this.connection,
        cache: this.cache,
        key: cacheKeyOf({ completion_index: index, ...raw }, request),
        url: `${this.connection.baseUrl}/v1/messages`,
        // Deployments with `stream: true` (HELM's long thinking ones) stream, as HELM's client does.
        ...(this.options.stream
          ? {
              headers: { 'x-api-key': this.connection.apiKey, 'anthropic-version': ANTHROPIC_API_VERSION, accept: 'text/event-stream' },
              body: { ...raw, stream: true },
              decode: foldAnthropicStream,
            }
          : { headers: { 'x-api-key': this.connection.apiKey, 'anthropic-version': ANTHROPIC_API_VERSION }, body: raw }),
        schema: AnthropicMessage,
      });
      let response: CachedAnthropicResponse & { request_time: number; request_datetime: number };
      let cached: boolean;
      if (outcome instanceof ModelRequestRejectedError) {
        // HELM caches the content-filter refusal (a 400) as the response.
        const body = parseErrorBody(outcome.bodyText);
        if (outcome.status !== 400 || body === undefined || !isContentFilterFailure(body)) return rejectedResult('Anthropic error: ', outcome);
        return failedResult(CONTENT_FILTER_MESSAGE);
      } else {
        ({ response, cached } = outcome);
      }
      if (isContentFilterFailure(response)) {
        return failedResult(response.error.message, { cached, request_time: pyFloat(response.request_time), request_datetime: response.request_datetime });
      }
      const message = response as AnthropicMessage;
      if (message.content.length === 0) return failedResult('Anthropic response has empty content');
      if (message.content[message.content.length - 1].text === undefined) return failedResult('Anthropic response has empty content');
      const text = message.content.filter((b) => b.type === 'text').map((b) => b.text ?? '');
      const thinking = message.content.filter((b) => b.type === 'thinking').map((b) => b.thinking ?? '');
      const output: GeneratedOutput = { text: text.join(''), logprob: pyFloat(0), tokens: [] };
      if (thinking.length > 0) output.thinking = { text: thinking.join('') };
      completions.push(output);
      last = { request_time: response.request_time, request_datetime: response.request_datetime, cached };
    }
    return completionsResult(completions, last);
  }
}

function parseErrorBody(text: string): CachedAnthropicResponse | undefined {
  try {
    const parsed = CachedAnthropicResponse.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function createAnthropicMessagesClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): AnthropicMessagesClient {
  const args = parseClientArgs(deployment, AnthropicArgs);
  const connection = resolveConnection(deployment, args, env, {
    label: 'Anthropic',
    keyEnvVar: 'ANTHROPIC_API_KEY',
    baseUrlEnvVar: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com',
  });
  return new AnthropicMessagesClient(connection, cache, {
    modelOverride: args.anthropic_model_name,
    thinkingBudgetTokens: args.thinking_budget_tokens,
    stream: args.stream,
  });
}
