import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pyFloat } from '../../common/py-number';
import type { RequestCacheLike } from '../request-cache';
import type { ModelDeployment, Request, RequestResult, Token } from '../schemas';
import { modelEngine, type ModelClient } from './client';
import { ModelRequestRejectedError } from './common/http';
import {
  TransportArgs,
  cacheKeyOf,
  cachedProviderCall,
  parseClientArgs,
  refusedResult,
  resolveConnection,
  type ProviderConnection,
  type ProviderEnvironment,
} from './common/provider';
import { pythonRepr } from './common/py-repr';
import { pySum, truncateSequence } from './common/truncate';

export const ALEPH_ALPHA_CLIENT_CLASS = 'helm.clients.aleph_alpha_client.AlephAlphaClient';

/**
 * The fields the aleph-alpha-client SDK (2.x) writes into every completion request besides the
 * ones HELM sets: its CompletionRequest defaults that are not None.
 */
const SDK_COMPLETION_DEFAULTS = {
  repetition_penalties_include_prompt: false,
  use_multiplicative_presence_penalty: false,
  disable_optimizations: false,
  minimum_tokens: 0,
  use_multiplicative_frequency_penalty: false,
  sequence_penalty: 0,
  sequence_penalty_min_length: 2,
  use_multiplicative_sequence_penalty: false,
  completion_bias_inclusion_first_token_only: false,
  completion_bias_exclusion_first_token_only: false,
  control_log_additive: true,
  repetition_penalties_include_completion: true,
  raw_completion: false,
};

/** HELM's completion parameters (in the cache key and the request). */
export function alephAlphaParameters(request: Request): Record<string, unknown> {
  return {
    maximum_tokens: request.max_tokens,
    temperature: request.temperature,
    top_k: request.top_k_per_token,
    top_p: request.top_p,
    presence_penalty: request.presence_penalty,
    frequency_penalty: request.frequency_penalty,
    n: request.num_completions,
    stop_sequences: request.stop_sequences,
    log_probs: request.top_k_per_token,
    echo: request.echo_prompt,
    tokens: true,
  };
}

const AlephAlphaResponse = z.looseObject({
  completions: z.array(
    z.looseObject({
      completion: z.string(),
      completion_tokens: z.array(z.string()).nullish(),
      log_probs: z.array(z.record(z.string(), z.number())).nullish(),
    }),
  ),
});

/**
 * HELM's AlephAlphaClient (Luminous) over Aleph Alpha's complete API: n completions in one call,
 * each token's logprob read from the top log_probs entry of the token it chose.
 */
export class AlephAlphaClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
      throw new HelmInputError('Multimodal prompts are not supported by the Aleph Alpha client in helm-ts');
    }
    const model = modelEngine(request.model);
    const parameters = alephAlphaParameters(request);
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: this.cache,
      key: cacheKeyOf({ model, prompt: request.prompt, ...parameters }, request),
      url: `${this.connection.baseUrl}/complete`,
      headers: { authorization: `Bearer ${this.connection.apiKey}` },
      body: { prompt: [{ type: 'text', data: request.prompt, controls: [] }], ...parameters, ...SDK_COMPLETION_DEFAULTS, model },
      schema: AlephAlphaResponse,
    });
    // The SDK raises `(status, body text)` for any refusal; HELM records it as the failed request.
    if (outcome instanceof ModelRequestRejectedError) {
      return refusedResult(`AlephAlphaClient error: (${outcome.status}, ${pythonRepr(outcome.bodyText)})`, outcome.status);
    }
    const { response, cached } = outcome;
    const completions = response.completions.map((completion) => {
      const tokens: Token[] = (completion.completion_tokens ?? []).map((token, i) => {
        const logprob = completion.log_probs?.[i]?.[token];
        if (logprob === undefined) throw new Error(`Aleph Alpha response has no log_probs entry for token ${i} (${JSON.stringify(token)})`);
        return { text: token, logprob: pyFloat(logprob) };
      });
      return truncateSequence({ text: completion.completion, logprob: pySum(tokens.map((t) => t.logprob)), tokens }, request);
    });
    return { success: true, cached, request_time: pyFloat(response.request_time), request_datetime: response.request_datetime, completions, embedding: [] };
  }
}

export function createAlephAlphaClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): AlephAlphaClient {
  const args = parseClientArgs(deployment, TransportArgs);
  // The SDK reads no environment variable: the key is <host>ApiKey (AlephAlphaApiKey) as in HELM.
  const connection = resolveConnection(deployment, args, env, { label: 'Aleph Alpha', defaultBaseUrl: 'https://api.aleph-alpha.com' });
  return new AlephAlphaClient(connection, cache);
}
