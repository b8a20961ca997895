import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { toNumber } from '../../common/py-number';
import type { RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult } from '../schemas';
import { getTokenizer, type Tokenizer } from '../tokenizers';
import { ANTHROPIC_API_VERSION } from './anthropic-client';
import { modelEngine, type ModelClient } from './client';
import type { ClientOptions } from './client-registry';
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
import { truncateSequence } from './common/truncate';

export const ANTHROPIC_COMPLETIONS_CLIENT_CLASS = 'helm.clients.anthropic_client.AnthropicClient';
export const ANTHROPIC_LEGACY_CLIENT_CLASS = 'helm.clients.anthropic_client.AnthropicLegacyClient';

/** HELM's limit on `max_tokens` for the Text Completions API. */
const MAX_COMPLETION_LENGTH = 8192;
/** How many leading ":", " " or "\n" HELM strips off a completion. */
const LEADING_JUNK_LIMIT = 5;

const AnthropicCompletion = z.looseObject({ completion: z.string() });

/** HELM's AnthropicCompletionRequest: the cache key (with `completion_index`) and the body sent. */
export function toAnthropicCompletionRequest(request: Request): Record<string, unknown> {
  return {
    prompt: request.prompt,
    stop_sequences: request.stop_sequences,
    model: modelEngine(request.model),
    max_tokens_to_sample: request.max_tokens,
    temperature: request.temperature,
    top_p: request.top_p,
    top_k: request.top_k_per_token,
  };
}

/** Claude's completions often began with ":", a space or a newline: HELM drops up to five of them. */
export function filterCompletion(completion: string): string {
  let text = completion;
  for (let i = 0; i < LEADING_JUNK_LIMIT && text.length > 0 && [':', ' ', '\n'].includes(text[0]); i++) text = text.slice(1);
  return text;
}

/**
 * HELM's AnthropicClient over the legacy Text Completions API (`POST /v1/complete`): one call per
 * completion, the completion's leading junk stripped, and, since the API returns no tokens, the
 * text tokenized with the deployment's tokenizer (logprobs 0).
 */
export class AnthropicCompletionsClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
    private readonly tokenizer: Tokenizer,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    const maxTokens = toNumber(request.max_tokens);
    if (maxTokens > MAX_COMPLETION_LENGTH) {
      throw new HelmInputError(`The value for \`max_tokens\` exceeds the currently supported maximum (${maxTokens} > ${MAX_COMPLETION_LENGTH}).`);
    }
    if (maxTokens === 0 && !request.echo_prompt) throw new HelmInputError('echo_prompt must be True when max_tokens=0.');
    const raw = toAnthropicCompletionRequest(request);
    const completions: GeneratedOutput[] = [];
    let last: CallOutcome | undefined;
    for (let index = 0; index < toNumber(request.num_completions); index++) {
      const outcome = await cachedProviderCall({
        connection: this.connection,
        cache: this.cache,
        key: cacheKeyOf({ completion_index: index, ...raw }, request),
        url: `${this.connection.baseUrl}/v1/complete`,
        headers: { 'x-api-key': this.connection.apiKey, 'anthropic-version': ANTHROPIC_API_VERSION },
        body: raw,
        schema: AnthropicCompletion,
      });
      // HELM records any SDK error as the failed request, with the SDK's message.
      if (outcome instanceof ModelRequestRejectedError) return rejectedResult('', outcome);
      const text = filterCompletion(outcome.response.completion);
      const tokens = this.tokenizer.tokenize(request.echo_prompt ? request.prompt + text : text).map((token) => ({ text: token, logprob: 0 }));
      completions.push(truncateSequence({ text, logprob: 0, tokens }, request));
      last = { request_time: outcome.response.request_time, request_datetime: outcome.response.request_datetime, cached: outcome.cached };
    }
    return completionsResult(completions, last);
  }
}

export function createAnthropicCompletionsClient(
  deployment: ModelDeployment,
  cache: RequestCacheLike,
  env: ProviderEnvironment,
  options: Pick<ClientOptions, 'tokenizerConfig'>,
): AnthropicCompletionsClient {
  const args = parseClientArgs(deployment, TransportArgs);
  // HELM's tokenizer for the client: the deployment's, else the one named like the deployment.
  // Loaded now, so an unavailable tokenizer stops the deployment before its runs start.
  const tokenizer = getTokenizer(deployment.tokenizer_name ?? deployment.name, options.tokenizerConfig);
  const connection = resolveConnection(deployment, args, env, {
    label: 'Anthropic',
    keyEnvVar: 'ANTHROPIC_API_KEY',
    baseUrlEnvVar: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com',
  });
  return new AnthropicCompletionsClient(connection, cache, tokenizer);
}

/**
 * HELM's AnthropicLegacyClient spoke to Anthropic's pre-release research endpoint (a WebSocket at
 * feedback-frontend-v2.he.anthropic.com, used before the public API of March 2023), which no
 * longer serves: its deployment stops before its runs start, saying so.
 */
export function anthropicLegacyUnavailable(deployment: ModelDeployment): never {
  throw new HelmInputError(
    `Model deployment ${deployment.name}: HELM's AnthropicLegacyClient used Anthropic's pre-release endpoint ` +
      '(wss://feedback-frontend-v2.he.anthropic.com, before the public API of March 2023), which is closed; ' +
      'helm-ts does not implement it. Use a deployment of the public API (anthropic/claude-*).',
  );
}
