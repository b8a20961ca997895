import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pyFloat, toNumber, type PyNumber } from '../../common/py-number';
import type { RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult, Token } from '../schemas';
import { modelEngine, type ModelClient } from './client';
import { ModelRequestRejectedError, postJson } from './common/http';
import {
  TransportArgs,
  cacheKeyOf,
  cachedProviderCall,
  parseClientArgs,
  rejectedResult,
  resolveConnection,
  type ProviderConnection,
  type ProviderEnvironment,
} from './common/provider';
import { pySum, truncateSequence } from './common/truncate';

const TogetherArgs = { ...TransportArgs, together_model: z.string().optional() };
const TogetherChatArgs = {
  ...TogetherArgs,
  disable_logprobs: z.boolean().optional(),
  parse_thinking: z.boolean().optional(),
};
const TogetherCompletionArgs = { ...TogetherArgs, disable_logprobs: z.boolean().optional() };

const TOGETHER = { label: 'Together', keyEnvVar: 'TOGETHER_API_KEY', baseUrlEnvVar: 'TOGETHER_BASE_URL' };

// ---------------------------------------------------------------------------------------------
// TogetherClient: Together's original inference endpoint (HELM's raw request, its model tags).
// ---------------------------------------------------------------------------------------------

/** HELM rewrites requests for a few models (by engine): an extra EOS stop, or `details: true`. */
const EOS_STOP_MODELS: Readonly<Record<string, string>> = { 'alpaca-7b': '</s>', 'vicuna-7b-v1.3': '</s>', 'vicuna-13b-v1.3': '</s>' };
const DETAILS_MODELS = new Set(['llama-65b', 'llama-2-70b']);

export function toTogetherInferenceRequest(request: Request, model: string): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    request_type: 'language-model-inference',
    model,
    prompt: request.prompt,
    temperature: request.temperature,
    n: request.num_completions,
    max_tokens: request.max_tokens,
    best_of: request.top_k_per_token,
    stop: request.stop_sequences.length > 0 ? [...request.stop_sequences] : null,
    echo: request.echo_prompt,
    top_p: request.top_p,
  };
  const engine = modelEngine(request.model);
  const eos = EOS_STOP_MODELS[engine];
  if (eos !== undefined) raw.stop = Array.isArray(raw.stop) ? [...(raw.stop as string[]), eos] : [eos];
  if (DETAILS_MODELS.has(engine)) raw.details = true;
  return raw;
}

const InferenceChoice = z.looseObject({
  text: z.string(),
  finish_reason: z.string().nullish(),
  logprobs: z.looseObject({ tokens: z.array(z.string()), token_logprobs: z.array(z.number().nullable()) }).nullish(),
});
/** The `output` of an inference response (an `error` there is a failure). */
const InferenceOutput = z.looseObject({ choices: z.array(InferenceChoice), raw_compute_time: z.number().optional() });
const InferenceResponse = z.looseObject({
  output: z.union([z.looseObject({ error: z.unknown() }).refine((o) => o.error !== undefined), InferenceOutput]),
});

/** "▁" (SentencePiece's space) reads as a space, as HELM's cleanup_str does for Together. */
function cleanup(text: string): string {
  return text.replaceAll('\u2581', ' ');
}

/** HELM's TogetherClient, synchronous mode (HELM's TOGETHER_SUPPORTS_ASYNC_REQUESTS is false). */
export class TogetherClient implements ModelClient {
  constructor(
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
    private readonly togetherModel: string | undefined,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    const raw = toTogetherInferenceRequest(request, this.togetherModel ?? request.model);
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: this.cache,
      key: cacheKeyOf(raw, request),
      url: `${this.connection.baseUrl}/api/inference`,
      headers: { authorization: `Bearer ${this.connection.apiKey}` },
      body: raw,
      schema: InferenceResponse,
    });
    // HELM records any failure of this client as a failed request without error flags (the run fails).
    if (outcome instanceof ModelRequestRejectedError) {
      return { success: false, cached: false, error: `Together request failed with ${outcome.status}: ${outcome.bodyText}`, completions: [], embedding: [] };
    }
    const output = outcome.response.output;
    if ('error' in output && output.error !== undefined) {
      return { success: false, cached: false, error: `Together request failed with error: ${String(output.error)}`, completions: [], embedding: [] };
    }
    const parsed = InferenceOutput.parse(output);
    const completions = parsed.choices.map((choice) => {
      const tokens: Token[] = [];
      if (choice.logprobs) {
        const n = Math.min(choice.logprobs.tokens.length, choice.logprobs.token_logprobs.length);
        for (let i = 0; i < n; i++) tokens.push({ text: cleanup(choice.logprobs.tokens[i]), logprob: choice.logprobs.token_logprobs[i] ? pyFloat(choice.logprobs.token_logprobs[i] as number) : 0 });
      } else {
        tokens.push({ text: cleanup(choice.text), logprob: 0 });
      }
      const completion: GeneratedOutput = {
        text: cleanup(choice.text),
        logprob: pySum(tokens.map((t) => t.logprob)),
        tokens,
        ...(choice.finish_reason ? { finish_reason: { reason: choice.finish_reason } } : {}),
      };
      return truncateSequence(completion, request);
    });
    return {
      success: true,
      embedding: [],
      completions,
      cached: outcome.cached,
      request_time: pyFloat(parsed.raw_compute_time ?? outcome.response.request_time),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// TogetherChatClient / TogetherCompletionClient: the OpenAI-style v1 API.
// ---------------------------------------------------------------------------------------------

const ModelList = z.union([
  z.array(z.looseObject({ id: z.string(), config: z.looseObject({ stop: z.array(z.string()).nullish() }).nullish() })),
  z.looseObject({ data: z.array(z.looseObject({ id: z.string(), config: z.looseObject({ stop: z.array(z.string()).nullish() }).nullish() })) }),
]);

/** Each model's default stop tokens by lower-cased id, fetched once per base URL and process (as HELM). */
const defaultStops = new Map<string, Promise<Map<string, string[]>>>();

/**
 * HELM's get_default_stop_tokens_for_model: Together's model list says which stop tokens each
 * model needs, and HELM appends them to every request's stop sequences (so they are in the key).
 */
export async function togetherDefaultStopTokens(connection: ProviderConnection, model: string): Promise<string[]> {
  let table = defaultStops.get(connection.baseUrl);
  if (!table) {
    table = postJson({
      url: `${connection.baseUrl}/v1/models`,
      method: 'GET',
      headers: { authorization: `Bearer ${connection.apiKey}` },
      body: undefined,
      policy: connection.retryPolicy,
      parse: (body) => ModelList.parse(body),
      secrets: [connection.apiKey],
      label: `${connection.deploymentName} (${connection.baseUrl}/v1/models)`,
    }).then((list) => {
      const models = Array.isArray(list) ? list : list.data;
      return new Map(models.map((m) => [m.id.toLowerCase(), m.config?.stop ?? []]));
    });
    table.catch(() => defaultStops.delete(connection.baseUrl));
    defaultStops.set(connection.baseUrl, table);
  }
  const stops = (await table).get(model.toLowerCase());
  if (stops === undefined) throw new HelmInputError(`Unknown together_model ${model} (not in Together's model list)`);
  return stops;
}

const ChatChoice = z.looseObject({
  message: z.looseObject({ role: z.string(), content: z.string().nullish(), reasoning_content: z.string().nullish(), reasoning: z.string().nullish() }),
  logprobs: z.looseObject({ tokens: z.array(z.string().nullable()).nullish(), token_logprobs: z.array(z.number().nullable()).nullish() }).nullish(),
});
const ChatCompletionResponse = z.looseObject({ choices: z.array(ChatChoice) });
const CompletionChoice = z.looseObject({
  text: z.string().nullish(),
  logprobs: z.looseObject({ tokens: z.array(z.string().nullable()).nullish(), token_logprobs: z.array(z.number().nullable()).nullish() }).nullish(),
});
const CompletionResponse = z.looseObject({ choices: z.array(CompletionChoice) });

function tokensOf(logprobs: z.infer<typeof ChatChoice>['logprobs']): Token[] {
  const tokens: Token[] = [];
  const texts = logprobs?.tokens ?? [];
  const values = logprobs?.token_logprobs ?? [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    if (text === null) break;
    tokens.push({ text, logprob: pyFloat(values[i] ?? 0) });
  }
  return tokens;
}

function sequenceLogprob(tokens: Token[]): PyNumber {
  return tokens.length > 0 ? pySum(tokens.map((t) => t.logprob)) : pyFloat(0);
}

/** `<think>` blocks of the reasoning models HELM parses (deepseek-r1, qwen3, glm-4.5). */
export function parseThinking(text: string, model: string): [string, string] {
  const parse = (full: RegExp, open: RegExp): [string, string] => {
    const m = full.exec(text);
    if (m) return [m[1], m[2]];
    const o = open.exec(text);
    if (o) return [o[1], ''];
    return [text, ''];
  };
  if (model.includes('deepseek-r1') || model.includes('qwen3')) return parse(/^<think>\n([\s\S]*)\n<\/think>\n{0,2}([\s\S]*)/, /^<think>\n?([\s\S]*)/);
  if (model.includes('glm-4.5')) return parse(/^\n<think>([\s\S]*)<\/think>([\s\S]*)/, /^\n<think>([\s\S]*)/);
  throw new HelmInputError(`No thinking parser available for model ${model}`);
}

type ChatOrCompletion = 'chat' | 'completions';

/** HELM's TogetherChatClient and TogetherCompletionClient over Together's v1 REST API. */
export class TogetherV1Client implements ModelClient {
  constructor(
    private readonly api: ChatOrCompletion,
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
    private readonly options: { togetherModel?: string; disableLogprobs: boolean; parseThinking: boolean },
  ) {}

  /** HELM's convert_to_raw_chat_request / convert_to_raw_completion_request. */
  async rawRequest(request: Request): Promise<Record<string, unknown>> {
    const model = this.options.togetherModel ?? request.model;
    const logprobs = this.options.disableLogprobs ? 0 : Math.min(toNumber(request.top_k_per_token), 1);
    const stop = [...request.stop_sequences, ...(await togetherDefaultStopTokens(this.connection, model))];
    const common = {
      model,
      max_tokens: request.max_tokens,
      stop,
      temperature: request.temperature,
      top_p: request.top_p,
      top_k: request.top_k_per_token,
      logprobs,
      echo: request.echo_prompt,
      n: request.num_completions,
    };
    if (this.api === 'completions') return { prompt: request.prompt, ...common };
    if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
      throw new HelmInputError('Multimodal prompts are not supported by the Together client in helm-ts');
    }
    if (request.messages && request.prompt) throw new HelmInputError('More than one of `prompt`, `messages` and `multimodal_prompt` was set in the request');
    const messages = request.messages && request.messages.length > 0 ? request.messages : [{ role: 'user', content: request.prompt }];
    const raw: Record<string, unknown> = { messages, ...common };
    const jsonSchema = request.response_format?.json_schema;
    if (jsonSchema) raw.response_format = { type: 'json_object', schema: jsonSchema };
    return raw;
  }

  async makeRequest(request: Request): Promise<RequestResult> {
    const raw = await this.rawRequest(request);
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: this.cache,
      key: cacheKeyOf(raw, request),
      url: `${this.connection.baseUrl}/v1/${this.api === 'chat' ? 'chat/completions' : 'completions'}`,
      headers: { authorization: `Bearer ${this.connection.apiKey}` },
      // The Together SDK adds `stream: false` to the body (not to HELM's raw request, so not to the key).
      body: { ...raw, stream: false },
      // Each API's own shape is checked below; here only that there are choices.
      schema: z.looseObject({ choices: z.array(z.unknown()) }),
    });
    if (outcome instanceof ModelRequestRejectedError) return rejectedResult('Together error: ', outcome);
    const response = outcome.response;
    let completions: GeneratedOutput[];
    if (this.api === 'completions') {
      completions = CompletionResponse.parse(response).choices.map((choice) => {
        const tokens = tokensOf(choice.logprobs);
        return { text: choice.text ?? '', logprob: sequenceLogprob(tokens), tokens };
      });
    } else {
      completions = ChatCompletionResponse.parse(response).choices.map((choice) => {
        const tokens = tokensOf(choice.logprobs);
        let text = choice.message.content ?? '';
        const output: GeneratedOutput = { text, logprob: sequenceLogprob(tokens), tokens };
        if (this.options.parseThinking) {
          const [thinking, rest] = parseThinking(text, request.model);
          text = rest;
          output.text = text;
          output.thinking = { text: thinking };
        } else if (choice.message.reasoning_content != null) {
          output.thinking = { text: choice.message.reasoning_content };
        } else if (choice.message.reasoning != null) {
          output.thinking = { text: choice.message.reasoning };
        }
        return output;
      });
    }
    return {
      success: true,
      embedding: [],
      completions,
      cached: outcome.cached,
      request_time: pyFloat(response.request_time),
      request_datetime: response.request_datetime,
    };
  }
}

function togetherConnection(deployment: ModelDeployment, args: { base_url?: string }, env: ProviderEnvironment, defaultBaseUrl: string): ProviderConnection {
  return resolveConnection(deployment, args, env, { ...TOGETHER, defaultBaseUrl });
}

export function createTogetherClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): TogetherClient {
  const args = parseClientArgs(deployment, TogetherArgs);
  return new TogetherClient(togetherConnection(deployment, args, env, 'https://api.together.xyz'), cache, args.together_model);
}

export function createTogetherChatClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): TogetherV1Client {
  const args = parseClientArgs(deployment, TogetherChatArgs);
  return new TogetherV1Client('chat', togetherConnection(deployment, args, env, 'https://api.together.xyz'), cache, {
    togetherModel: args.together_model,
    disableLogprobs: args.disable_logprobs ?? false,
    parseThinking: args.parse_thinking ?? false,
  });
}

export function createTogetherCompletionClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): TogetherV1Client {
  const args = parseClientArgs(deployment, TogetherCompletionArgs);
  return new TogetherV1Client('completions', togetherConnection(deployment, args, env, 'https://api.together.xyz'), cache, {
    togetherModel: args.together_model,
    disableLogprobs: args.disable_logprobs ?? false,
    parseThinking: false,
  });
}
