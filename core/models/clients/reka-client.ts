/**
 * HELM's RekaClient: Reka's chat endpoint (`POST <server>/chat` with an `X-Api-Key`, as the
 * reka-api SDK sends it), one call per completion with seeds set apart, outputs cut at stop
 * sequences and max_tokens and tokenized with the deployment's tokenizer (Reka returns text only).
 *
 * HELM 0.5.16 with its pinned reka-api 2.0.0 raises before sending any text prompt: HELM writes
 * `media_url: None` in the turn and the SDK accepts only strings. helm-ts sends the request HELM
 * builds (`media_url: null`) and keys the cache as HELM does.
 */
import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pythonJsonParse } from '../../common/python-json';
import { toNumber } from '../../common/py-number';
import { RequestCache, type RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult, TokenizerConfig } from '../schemas';
import { getTokenizer, type Tokenizer } from '../tokenizers';
import { modelEngine, type ModelClient } from './client';
import { ModelRequestRejectedError } from './common/http';
import {
  TransportArgs,
  cachedProviderCall,
  completionsResult,
  failedResult,
  parseClientArgs,
  resolveConnection,
  type CallOutcome,
  type ProviderConnection,
  type ProviderEnvironment,
} from './common/provider';
import { pythonRepr } from './common/py-repr';
import { truncateAndTokenizeResponseText } from './common/truncate';

export const REKA_CLIENT_CLASS = 'helm.clients.reka_client.RekaClient';

/** num_completions are separate calls, each seeded apart by this prime (HELM's `_get_random_seed`). */
const COMPLETION_SEED_STRIDE = 1911011;

/** The seed of one completion: none for the first completion of an unseeded request. */
export function rekaRandomSeed(request: Request, completionIndex: number): number | null {
  if (request.random === undefined && completionIndex === 0) return null;
  let base = 0;
  if (request.random !== undefined) {
    if (!/^\s*[+-]?\d+\s*$/.test(request.random)) throw new HelmInputError('RekaAIClient only supports integer values for request.random');
    base = Number.parseInt(request.random, 10);
  }
  return base + completionIndex * COMPLETION_SEED_STRIDE;
}

/** HELM's RekaAIRequest: the cache key as it stands (no `random` added: the seed carries it). */
export function rekaRawRequest(request: Request, completionIndex: number): Record<string, unknown> {
  if (request.messages !== undefined) {
    // HELM reads each message's content as a list of parts ({type: text|image_url}); helm-ts's messages hold strings.
    throw new HelmInputError('RekaClient: chat messages are not supported (HELM reads message content as a list of typed parts)');
  }
  if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
    throw new HelmInputError('RekaClient: multimodal prompts are not supported by helm-ts');
  }
  return {
    model_name: modelEngine(request.model),
    conversation_history: [{ type: 'human', text: request.prompt, media_url: null }],
    request_output_len: request.max_tokens,
    temperature: request.temperature,
    random_seed: rekaRandomSeed(request, completionIndex),
    // Reka's API refuses an empty list: HELM keys None, and the SDK then sends [].
    stop_words: request.stop_sequences.length > 0 ? request.stop_sequences : null,
    runtime_top_p: request.top_p,
    presence_penalty: request.presence_penalty,
    frequency_penalty: request.frequency_penalty,
  };
}

/** The body reka-api's `chat()` sends for HELM's arguments: unset (None) fields left out, stop_words always a list. */
export function rekaWireBody(raw: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of ['conversation_history', 'model_name', 'request_output_len', 'temperature', 'random_seed', 'runtime_top_p', 'frequency_penalty', 'presence_penalty']) {
    if (raw[field] !== null && raw[field] !== undefined) body[field] = raw[field];
  }
  body.stop_words = raw.stop_words ?? [];
  return body;
}

const RekaResponse = z.looseObject({ type: z.literal('model'), text: z.string() });

/** `requests`' HTTPError text with the SDK's addition: the body's `detail`, else the body. */
function rekaHttpError(error: ModelRequestRejectedError, url: string): string {
  const kind = error.status < 500 ? 'Client Error' : 'Server Error';
  let detail = error.bodyText;
  try {
    const body = pythonJsonParse(error.bodyText);
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'detail' in body) {
      const value = (body as Record<string, unknown>).detail;
      detail = typeof value === 'string' ? value : pythonRepr(value);
    }
  } catch {
    // Not JSON: the SDK quotes the body as it is.
  }
  return `${error.status} ${kind}: ${error.statusText} for url: ${url} Server response: '${detail}'`;
}

export class RekaClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
    private readonly tokenizer: Tokenizer,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.echo_prompt) {
      // HELM calls Reka, then its truncate_and_tokenize_response_text refuses echo_prompt; helm-ts refuses before the call.
      throw new HelmInputError('RekaClient does not support echo_prompt (HELM tokenizes the response text only)');
    }
    const url = `${this.connection.baseUrl}/chat`;
    const completions: GeneratedOutput[] = [];
    let last: CallOutcome | undefined;
    for (let index = 0; index < toNumber(request.num_completions); index++) {
      const raw = rekaRawRequest(request, index);
      const outcome = await cachedProviderCall({
        connection: this.connection,
        cache: this.cache,
        key: RequestCache.keyOf(raw),
        url,
        headers: { 'x-api-key': this.connection.apiKey },
        body: rekaWireBody(raw),
        schema: RekaResponse,
        // `requests` does not retry; helm-ts retries rate limits and server errors only.
        retryStatus: (status) => status === 429 || status >= 500,
      });
      if (outcome instanceof ModelRequestRejectedError) {
        const fatal = outcome.status === 401 || outcome.status === 403 || outcome.status === 404;
        return { ...failedResult(`RekaClient error: ${rekaHttpError(outcome, url)}`), error_flags: { is_retriable: false, is_fatal: fatal } };
      }
      completions.push(truncateAndTokenizeResponseText(outcome.response.text, request, this.tokenizer));
      last = { cached: outcome.cached, request_time: outcome.response.request_time, request_datetime: outcome.response.request_datetime };
    }
    return completionsResult(completions, last);
  }
}

export function createRekaClient(
  deployment: ModelDeployment,
  cache: RequestCacheLike,
  env: ProviderEnvironment,
  tokenizerConfig: TokenizerConfig | undefined,
): RekaClient {
  const args = parseClientArgs(deployment, TransportArgs);
  const connection = resolveConnection(deployment, args, env, {
    label: 'Reka',
    keyEnvVar: 'REKA_API_KEY',
    baseUrlEnvVar: 'REKA_SERVER',
    defaultBaseUrl: 'https://api.reka.ai',
  });
  return new RekaClient(connection, cache, getTokenizer(deployment.tokenizer_name ?? deployment.name, tokenizerConfig));
}
