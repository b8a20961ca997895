import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pyFloat, toNumber, type PyNumber } from '../../common/py-number';
import type { RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult } from '../schemas';
import { modelEngine, type ModelClient } from './client';
import { ModelRequestRejectedError } from './common/http';
import {
  TransportArgs,
  cachedProviderCall,
  cacheKeyOf,
  completionsResult,
  failedResult,
  parseClientArgs,
  type CallOutcome,
  type ProviderConnection,
} from './common/provider';
import { deploymentSemaphore } from './common/semaphore';
import { openAIClientConfig, rejectedResult, type OpenAIClientEnvironment } from './openai-client';
import { isReasoningModel, type RawRequest } from './openai/raw-request';

export const OPENAI_RESPONSES_CLIENT_CLASS = 'helm.clients.openai_responses_client.OpenAIResponseClient';

/** `client_spec.args` of OpenAIResponseClient deployments: HELM's constructor arguments and helm-ts's transport knobs. */
const OpenAIResponseArgs = {
  ...TransportArgs,
  org_id: z.string().optional(),
  reasoning_effort: z.string().optional(),
  openai_model_name: z.string().optional(),
};

/** The parts of a Responses API reply HELM reads (the rest is kept, and cached, as sent). */
export const ResponsesResponse = z
  .looseObject({
    error: z.unknown().optional(),
    output: z.array(
      z.looseObject({
        type: z.string(),
        summary: z.array(z.looseObject({ text: z.string() })).nullish(),
        content: z
          .array(z.looseObject({ type: z.string().optional(), text: z.string().optional(), refusal: z.string().optional() }))
          .nullish(),
      }),
    ),
  })
  // HELM asserts a 200 reply carries no error before caching it.
  .refine((body) => body.error === undefined || body.error === null, { message: 'Error in response' });
export type ResponsesResponse = z.infer<typeof ResponsesResponse>;

/** Python's `max(a, b)`: the first argument unless the second is larger. */
function pyMax(a: PyNumber, b: PyNumber): PyNumber {
  return toNumber(b) > toNumber(a) ? b : a;
}

/** HELM's `_make_raw_request`: the Responses API body, which is also the cache key. */
export function toRawResponsesRequest(request: Request, options: { model: string; reasoningEffort?: string }): RawRequest {
  if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
    throw new HelmInputError('Multimodal prompts are not supported by the OpenAI Responses client in helm-ts yet');
  }
  let input: unknown = request.prompt;
  if (request.messages !== undefined && request.messages !== null) {
    if (request.prompt) throw new HelmInputError('More than one of `prompt`, `messages` and `multimodal_prompt` was set in the request');
    for (const message of request.messages) {
      if (!message.role || !message.content) throw new HelmInputError('All messages must have a role and content');
    }
    if (request.messages[request.messages.length - 1]?.role !== 'user') throw new HelmInputError("Last message must have role 'user'");
    input = request.messages;
  }
  const raw: RawRequest = {
    model: options.model,
    input,
    top_p: request.top_p,
    // The API refuses fewer than 16 output tokens.
    max_output_tokens: pyMax(16, request.max_tokens),
    temperature: request.temperature,
    store: false,
  };
  const reasoning: Record<string, unknown> = {};
  if (options.reasoningEffort) {
    reasoning.effort = options.reasoningEffort;
    raw.reasoning = reasoning;
  }
  if (isReasoningModel(modelEngine(request.model))) {
    // Reasoning models: detailed summaries, and no sampling parameters (the API refuses them).
    reasoning.summary = 'detailed';
    raw.reasoning = reasoning;
    delete raw.temperature;
    delete raw.top_p;
  }
  return raw;
}

/** One reply → HELM's output: reasoning summaries and contents as thinking, message texts joined by blank lines. */
export function responsesOutput(response: ResponsesResponse, request: Request): GeneratedOutput | { refusal: string } {
  const reasoningParts: string[] = [];
  const textParts: string[] = [];
  if (request.echo_prompt) textParts.push(request.prompt);
  for (const item of response.output) {
    if (item.type === 'reasoning') {
      for (const summary of item.summary ?? []) reasoningParts.push(summary.text);
      for (const content of item.content ?? []) reasoningParts.push(String(content.text));
    } else if (item.type === 'message') {
      for (const content of item.content ?? []) {
        if (content.type === 'output_text') textParts.push(String(content.text));
        else if (content.type === 'refusal') return { refusal: String(content.refusal) };
      }
    } else {
      throw new Error(`Unknown output type ${item.type}`);
    }
  }
  const output: GeneratedOutput = { text: textParts.join('\n\n'), logprob: pyFloat(0), tokens: [] };
  if (reasoningParts.length > 0) output.thinking = { text: reasoningParts.join('\n\n') };
  return output;
}

/**
 * HELM's OpenAIResponseClient (OpenAI's Responses API) over Node's fetch: HELM's body and cache
 * key, one call per completion (the API has no `n`; HELM keys each alike, so later ones are cache
 * hits), its refusal and error results, with the OpenAI clients' key lookup, retries and limits.
 */
export class OpenAIResponseClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly options: { modelOverride?: string; reasoningEffort?: string; orgId?: string },
    private readonly cache: RequestCacheLike,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) throw new HelmInputError(`Model ${request.model}: the OpenAI Responses client does not make embeddings`);
    const raw = toRawResponsesRequest(request, {
      model: this.options.modelOverride ?? modelEngine(request.model),
      reasoningEffort: this.options.reasoningEffort,
    });
    const headers: Record<string, string> = { authorization: `Bearer ${this.connection.apiKey}` };
    if (this.options.orgId) headers['openai-organization'] = this.options.orgId;
    const key = cacheKeyOf(raw, request);
    const completions: GeneratedOutput[] = [];
    let last: CallOutcome | undefined;
    for (let i = 0; i < toNumber(request.num_completions); i++) {
      const outcome = await cachedProviderCall({
        connection: this.connection,
        cache: this.cache,
        key,
        url: `${this.connection.baseUrl}/responses`,
        headers,
        body: raw,
        schema: ResponsesResponse,
      });
      if (outcome instanceof ModelRequestRejectedError) return rejectedResult(outcome, request, 'chat');
      const output = responsesOutput(outcome.response, request);
      if ('refusal' in output) return failedResult(`Received refusal from OpenAI API: ${output.refusal}`);
      completions.push(output);
      last = { cached: outcome.cached, request_time: outcome.response.request_time, request_datetime: outcome.response.request_datetime };
    }
    return completionsResult(completions, last);
  }
}

/** The factory for HELM's OpenAIResponseClient deployments (13 in HELM's registry). */
export function createOpenAIResponseClient(deployment: ModelDeployment, cache: RequestCacheLike, env: OpenAIClientEnvironment): OpenAIResponseClient {
  const args = parseClientArgs(deployment, OpenAIResponseArgs);
  // The same key, organization, base URL and retry rules as HELM's other OpenAI clients.
  const { config, apiKey } = openAIClientConfig(deployment, { api: 'chat', keyless: false, vllm: false }, env);
  const connection: ProviderConnection = {
    deploymentName: deployment.name,
    baseUrl: config.baseUrl,
    apiKey,
    retryPolicy: config.retryPolicy,
    semaphore:
      args.max_concurrent_requests === undefined ? undefined : deploymentSemaphore(`${deployment.name}\u0000${config.baseUrl}`, args.max_concurrent_requests),
    onRetry: env.onRetry,
  };
  return new OpenAIResponseClient(connection, { modelOverride: args.openai_model_name, reasoningEffort: args.reasoning_effort, orgId: config.orgId }, cache);
}
