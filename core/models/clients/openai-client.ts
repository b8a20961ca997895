import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pyFloat } from '../../common/py-number';
import { pythonJsonParse } from '../../common/python-json';
import { credentialString, loadCredentials, provideApiKey, type Credentials } from '../credentials';
import { ModelRegistry } from '../registry';
import { RequestCache, type RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult } from '../schemas';
import { checkedBaseUrl, hostOrganization, modelEngine, timed, type ModelClient } from './client';
import {
  DEFAULT_RETRY_POLICY,
  ModelRequestRejectedError,
  postJson,
  type RetryPolicy,
} from './common/http';
import { pythonRepr } from './common/py-repr';
import {
  applyVllmBestOfRule,
  toRawChatRequest,
  toRawCompletionRequest,
  toRawEmbeddingRequest,
  toWireJson,
  type RawRequest,
} from './openai/raw-request';
import {
  ChatResponse,
  CompletionResponse,
  EmbeddingResponse,
  chatOutputs,
  completionOutputs,
  hasContentFilterChoice,
} from './openai/responses';
import { deploymentSemaphore, type Semaphore } from './common/semaphore';
import { OUTPUT_PROCESSORS } from './openai/output-processors';

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
const VISION_LANGUAGE_MODEL_TAG = 'VISION_LANGUAGE_MODEL_TAG';

/**
 * `client_spec.args` of the OpenAI-family deployments: HELM's constructor parameters and the
 * OpenAI SDK options HELM forwards (`timeout` in seconds, `max_retries`), plus two helm-ts ones:
 * `max_concurrent_requests` (per deployment and process) and `chat_logprobs` (ask chat models
 * for token logprobs; it changes the cache key, so it is off as in HELM).
 */
export const OpenAIClientArgs = z
  .object({
    api_key: z.string().optional(),
    org_id: z.string().optional(),
    base_url: z.string().optional(),
    openai_model_name: z.string().optional(),
    vllm_model_name: z.string().optional(),
    openrouter_model_name: z.string().optional(),
    model_name: z.string().optional(),
    reasoning_effort: z.string().optional(),
    timeout: z.number().positive().optional(),
    max_retries: z.number().int().min(0).optional(),
    max_concurrent_requests: z.number().int().min(1).optional(),
    chat_logprobs: z.boolean().optional(),
    output_processor: z.string().optional(),
  })
  .strict();
export type OpenAIClientArgs = z.infer<typeof OpenAIClientArgs>;

/** Which API a client class speaks and whether it needs a key (vLLM's clients send "EMPTY"). */
export interface OpenAIFlavour {
  api: 'chat' | 'completions';
  keyless: boolean;
  vllm: boolean;
  /** The subclass's fixed endpoint (HELM's OpenAI-compatible providers), else OpenAI's. */
  baseUrl?: string;
  /** Chat parameters the provider rejects, which HELM's subclass removes from the raw request. */
  dropChatArgs?: readonly string[];
  /** Which name goes in `model`: the engine (default), the full model name, or the deployment's model name. */
  model?: 'engine' | 'model' | 'deployment-model';
  /** The key's environment variable when not `<HOST>_API_KEY`. */
  keyEnvVar?: string;
}

export const OPENAI_FLAVOURS: Readonly<Record<string, OpenAIFlavour>> = {
  'helm.clients.openai_client.OpenAIClient': { api: 'chat', keyless: false, vllm: false },
  'helm.clients.openai_client.OpenAILegacyCompletionsClient': { api: 'completions', keyless: false, vllm: false },
  'helm.clients.vllm_client.VLLMClient': { api: 'completions', keyless: true, vllm: true },
  'helm.clients.vllm_client.VLLMChatClient': { api: 'chat', keyless: true, vllm: true },
  // HELM's subclasses of OpenAIClient for OpenAI-compatible providers.
  'helm.clients.grok_client.GrokChatClient': {
    api: 'chat',
    keyless: false,
    vllm: false,
    baseUrl: 'https://api.x.ai/v1',
    dropChatArgs: ['presence_penalty', 'frequency_penalty'],
  },
  'helm.clients.yi_client.YiChatClient': { api: 'chat', keyless: false, vllm: false, baseUrl: 'http://api.01ww.xyz/v1' },
  'helm.clients.nvidia_nim_client.NvidiaNimClient': { api: 'chat', keyless: false, vllm: false, baseUrl: 'https://integrate.api.nvidia.com/v1', model: 'model' },
  'helm.clients.upstage_client.UpstageChatClient': { api: 'chat', keyless: false, vllm: false, baseUrl: 'https://api.upstage.ai/v1/solar' },
  // Writer's OpenAI-compatible chat API; HELM's base URL ends in /chat, so requests go to …/v1/chat/chat/completions.
  'helm.clients.palmyra_client.PalmyraChatClient': { api: 'chat', keyless: false, vllm: false, baseUrl: 'https://api.writer.com/v1/chat' },
  'helm.clients.openrouter_client.OpenRouterClient': {
    api: 'chat',
    keyless: false,
    vllm: false,
    baseUrl: 'https://openrouter.ai/api/v1',
    model: 'deployment-model',
    keyEnvVar: 'OPENROUTER_API_KEY',
  },
};

/** What the client needs besides the deployment: credentials, the environment and model tags. */
export interface OpenAIClientEnvironment {
  credentials: Credentials;
  /** Where the credentials came from, named in the missing-key message. */
  credentialsSource: string;
  processEnv: NodeJS.ProcessEnv;
  /** The model's metadata tags (HELM drops a null `stop` for vision-language models). */
  modelTags: readonly string[];
  /** Overrides of the retry timings (tests); `timeout`/`max_retries` args still apply. */
  retryPolicy?: Partial<RetryPolicy>;
  /** Told of each in-client retry (for logs; the reason never holds the key). */
  onRetry?: (info: { deployment: string; attempt: number; delayMs: number; reason: string }) => void;
}

/** Everything an OpenAIClient instance works with, resolved once at construction. */
export interface OpenAIClientConfig {
  deploymentName: string;
  api: 'chat' | 'completions';
  baseUrl: string;
  modelOverride?: string;
  /** Send the full model name (`creator/engine`) rather than the engine. */
  fullModelName?: boolean;
  dropChatArgs?: readonly string[];
  orgId?: string;
  reasoningEffort?: string;
  vllm: boolean;
  isVisionLanguageModel: boolean;
  chatLogprobs: boolean;
  retryPolicy: RetryPolicy;
  maxConcurrentRequests?: number;
  onRetry?: OpenAIClientEnvironment['onRetry'];
  /** HELM's `output_processor`: rewrites each chat completion's text (DeepSeek-R1's think block). */
  outputProcessor?: (text: string) => string;
  /** Headers sent in place of `Authorization: Bearer <key>` (Azure's `api-key`, a gateway's subscription key). */
  authHeaders?: Record<string, string>;
  /** Azure OpenAI: the SDK puts `/deployments/<model>` before the endpoint and `?api-version=` after it. */
  azureApiVersion?: string;
}

/** `OPENAI_API_KEY` for host `openai`, `TOGETHER_API_KEY` for `together`, … */
export function providerEnvVar(host: string): string {
  return `${host.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}

function parseArgs(deployment: ModelDeployment): OpenAIClientArgs {
  const args = deployment.client_spec.args ?? {};
  const processor = args.output_processor;
  if (typeof processor === 'string' && !(processor in OUTPUT_PROCESSORS)) {
    throw new HelmInputError(
      `Model deployment ${deployment.name}: output_processor ${processor} is not implemented in helm-ts; implemented: ${Object.keys(OUTPUT_PROCESSORS).join(', ')}`,
    );
  }
  const parsed = OpenAIClientArgs.safeParse(args);
  if (!parsed.success) {
    // Name the offending arguments only: values may be secrets.
    const issues = parsed.error.issues.map((i) => (i.code === 'unrecognized_keys' ? `unknown ${i.keys.join(', ')}` : `${i.path.join('.')}: ${i.message}`));
    throw new HelmInputError(
      `Model deployment ${deployment.name}: invalid client_spec.args (${issues.join('; ')}); ` +
        `accepted: ${Object.keys(OpenAIClientArgs.shape).join(', ')}`,
    );
  }
  return parsed.data;
}

/**
 * HELM's key lookup for the deployment: `client_spec.args.api_key`, else `<host>ApiKey`, else
 * `deployments.<name>` in the credentials, else the provider's environment variable. vLLM's
 * clients use the placeholder "EMPTY" as HELM does.
 */
export function resolveApiKey(deployment: ModelDeployment, flavour: OpenAIFlavour, args: OpenAIClientArgs, env: OpenAIClientEnvironment): string {
  if (args.api_key !== undefined) return args.api_key;
  if (flavour.keyless) return 'EMPTY';
  const host = hostOrganization(deployment.name);
  const envVar = flavour.keyEnvVar ?? providerEnvVar(host);
  const key = provideApiKey(env.credentials, host, deployment.name) ?? env.processEnv[envVar];
  if (key === undefined || key === '') {
    throw new HelmInputError(
      `Model deployment ${deployment.name}: no API key. Set ${host}ApiKey (or deployments { "${deployment.name}": ... }) ` +
        `in ${env.credentialsSource}, or the HELM_CREDENTIALS or ${envVar} environment variable; ` +
        `for a server without keys put api_key: EMPTY in the deployment's client_spec.args.`,
    );
  }
  return key;
}

/** Resolves a deployment into a client config and key; bad config or a missing key fail here. */
export function openAIClientConfig(
  deployment: ModelDeployment,
  flavour: OpenAIFlavour,
  env: OpenAIClientEnvironment,
): { config: OpenAIClientConfig; apiKey: string } {
  const args = parseArgs(deployment);
  const apiKey = resolveApiKey(deployment, flavour, args, env);
  const host = hostOrganization(deployment.name);
  const baseUrl = checkedBaseUrl(
    deployment.name,
    args.base_url ??
      credentialString(env.credentials, `${host}BaseUrl`) ??
      (host === 'openai' ? env.processEnv.OPENAI_BASE_URL : undefined) ??
      flavour.baseUrl ??
      DEFAULT_OPENAI_BASE_URL,
  );
  const retryPolicy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...env.retryPolicy,
    ...(args.timeout !== undefined ? { timeoutMs: args.timeout * 1000 } : {}),
    ...(args.max_retries !== undefined ? { maxRetries: args.max_retries } : {}),
  };
  return {
    apiKey,
    config: {
      deploymentName: deployment.name,
      api: flavour.api,
      baseUrl,
      modelOverride:
        flavour.model === 'deployment-model' ? (args.model_name ?? deployment.model_name ?? deployment.name) : (args.openai_model_name ?? args.vllm_model_name),
      fullModelName: flavour.model === 'model',
      dropChatArgs: flavour.dropChatArgs ?? [],
      orgId: args.org_id ?? credentialString(env.credentials, `${host}OrgId`),
      reasoningEffort: args.reasoning_effort,
      vllm: flavour.vllm,
      isVisionLanguageModel: env.modelTags.includes(VISION_LANGUAGE_MODEL_TAG),
      chatLogprobs: args.chat_logprobs ?? false,
      outputProcessor: args.output_processor === undefined ? undefined : OUTPUT_PROCESSORS[args.output_processor],
      retryPolicy,
      maxConcurrentRequests: args.max_concurrent_requests,
      onRetry: env.onRetry,
    },
  };
}

function failure(error: string, isFatal: boolean): RequestResult {
  return { success: false, embedding: [], completions: [], cached: false, error, error_flags: { is_retriable: false, is_fatal: isFatal } };
}

/** The OpenAI SDK's message for an error status: `Error code: N - <Python repr of the JSON body>`. */
export function sdkStatusMessage(status: number, bodyText: string): string {
  const text = bodyText.trim();
  try {
    return `Error code: ${status} - ${pythonRepr(pythonJsonParse(text))}`;
  } catch {
    return text || `Error code: ${status}`;
  }
}

/** HELM's content-policy cases (`handle_openai_error`), then the generic "OpenAI error: …". */
const CONTENT_POLICY_VIOLATED_FINISH_REASON =
  "The prompt violates OpenAI's content policy. See https://labs.openai.com/policies/content-policy for more information.";

export function rejectedResult(error: ModelRequestRejectedError, request: Request, api: 'chat' | 'completions' | 'embedding'): RequestResult {
  const message = sdkStatusMessage(error.status, error.bodyText);
  if (api === 'chat') {
    if (
      message.includes('Your input image may contain content that is not allowed by our safety system') ||
      message.includes('Invalid prompt: your prompt was flagged')
    ) {
      const empty: GeneratedOutput = { text: '', logprob: 0, tokens: [], finish_reason: { reason: CONTENT_POLICY_VIOLATED_FINISH_REASON } };
      return { success: true, embedding: [], completions: Array.from({ length: Number(request.num_completions) }, () => empty), cached: false, request_time: 0 };
    }
    if (message.includes("Invalid prompt: we've limited access to this content for safety reasons.")) {
      return failure("Prompt blocked by OpenAI's safety filter", false);
    }
    if (
      message.includes("The response was filtered due to the prompt triggering Azure OpenAI's content management policy.") ||
      message.includes("The response was filtered due to the prompt triggering Microsoft's content management policy.")
    ) {
      return failure("Content blocked by Azure's content management filter", false);
    }
  }
  // A bad key, a forbidden or unknown model fail every request alike: fail the run (fatal).
  const fatal = error.status === 401 || error.status === 403 || error.status === 404;
  return failure(`OpenAI error: ${message}`, fatal);
}

type Stored<T> = T & { request_time: number; request_datetime: number };

/**
 * HELM's OpenAIClient / OpenAILegacyCompletionsClient / VLLMClient / VLLMChatClient over Node's
 * fetch: HELM's raw requests (and so cache keys), outputs and error results; bounded retries of
 * 429/5xx/timeouts/malformed bodies; a per-deployment concurrency limit.
 */
export class OpenAIClient implements ModelClient {
  readonly #apiKey: string;
  readonly #semaphore: Semaphore | undefined;

  constructor(
    readonly config: OpenAIClientConfig,
    apiKey: string,
    private readonly cache: RequestCacheLike,
  ) {
    this.#apiKey = apiKey;
    this.#semaphore =
      config.maxConcurrentRequests === undefined
        ? undefined
        : deploymentSemaphore(`${config.deploymentName}\u0000${config.baseUrl}`, config.maxConcurrentRequests);
  }

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return this.embeddingRequest(request);
    const engine = modelEngine(request.model);
    if (this.config.api === 'chat' && (engine.includes('whisper') || engine.includes('transcribe'))) {
      throw new HelmInputError(`Model ${request.model}: audio transcription is not supported by helm-ts`);
    }
    return this.config.api === 'chat' ? this.chatRequest(request) : this.completionRequest(request);
  }

  private model(request: Request): string {
    if (this.config.fullModelName) return request.model;
    return this.config.modelOverride ?? modelEngine(request.model);
  }

  private async call<T extends object>(
    endpoint: string,
    raw: RawRequest,
    request: Request,
    schema: z.ZodType<T>,
    /** Sent besides the raw request, not part of the key (what the SDK adds on its own). */
    wireExtra: Record<string, unknown> = {},
  ): Promise<{ response: Stored<T>; cached: boolean } | ModelRequestRejectedError> {
    const key = RequestCache.keyOf(request.random === undefined ? raw : { ...raw, random: request.random });
    const headers: Record<string, string> = { ...(this.config.authHeaders ?? { authorization: `Bearer ${this.#apiKey}` }) };
    if (this.config.orgId) headers['openai-organization'] = this.config.orgId;
    const url = this.endpointUrl(endpoint, String(raw.model));
    const semaphore = this.#semaphore;
    try {
      const { response, cached } = await this.cache.getOrCompute(key, () =>
        timed(() =>
          postJson({
            url,
            headers,
            body: toWireJson({ ...raw, ...wireExtra }),
            policy: this.config.retryPolicy,
            parse: (body) => schema.parse(body),
            secrets: [this.#apiKey],
            label: `${this.config.deploymentName} (${url})`,
            withSlot: semaphore ? (task) => semaphore.run(task) : undefined,
            onRetry: (info) => this.config.onRetry?.({ deployment: this.config.deploymentName, ...info }),
          }),
        ),
      );
      return { response: { ...response, ...schema.parse(response) }, cached };
    } catch (error) {
      if (error instanceof ModelRequestRejectedError) return error;
      throw error;
    }
  }

  private endpointUrl(endpoint: string, model: string): string {
    const version = this.config.azureApiVersion;
    if (version === undefined) return `${this.config.baseUrl}/${endpoint}`;
    // As AzureOpenAI._build_request: the deployment is the request's model, unless the base URL names one.
    const deployment = new URL(this.config.baseUrl).pathname.includes('/deployments') ? '' : `/deployments/${model}`;
    return `${this.config.baseUrl}${deployment}/${endpoint}?api-version=${encodeURIComponent(version)}`;
  }

  private async completionRequest(request: Request): Promise<RequestResult> {
    let raw = toRawCompletionRequest(request, this.model(request));
    if (this.config.vllm) raw = applyVllmBestOfRule(raw);
    const outcome = await this.call('completions', raw, request, CompletionResponse);
    if (outcome instanceof ModelRequestRejectedError) return rejectedResult(outcome, request, 'completions');
    return success(completionOutputs(outcome.response, request), outcome);
  }

  private async chatRequest(request: Request): Promise<RequestResult> {
    const raw = toRawChatRequest(request, {
      model: this.model(request),
      modelEngine: modelEngine(request.model),
      reasoningEffort: this.config.reasoningEffort,
      isVisionLanguageModel: this.config.isVisionLanguageModel,
      chatLogprobs: this.config.chatLogprobs,
    });
    for (const unsupported of this.config.dropChatArgs ?? []) delete raw[unsupported];
    const outcome = await this.call('chat/completions', raw, request, ChatResponse);
    if (outcome instanceof ModelRequestRejectedError) return rejectedResult(outcome, request, 'chat');
    if (hasContentFilterChoice(outcome.response)) return failure('Content blocked by OpenAI filter', false);
    return success(chatOutputs(outcome.response, request, this.config.outputProcessor), outcome);
  }

  private async embeddingRequest(request: Request): Promise<RequestResult> {
    const raw = toRawEmbeddingRequest(request, this.model(request));
    // The OpenAI SDK HELM calls asks for base64 embeddings and decodes the float32 values.
    const outcome = await this.call('embeddings', raw, request, EmbeddingResponse, { encoding_format: 'base64' });
    if (outcome instanceof ModelRequestRejectedError) return rejectedResult(outcome, request, 'embedding');
    return {
      success: true,
      embedding: outcome.response.data[0].embedding.map(pyFloat),
      completions: [],
      cached: outcome.cached,
      request_time: pyFloat(outcome.response.request_time),
      request_datetime: outcome.response.request_datetime,
    };
  }
}

function success(completions: GeneratedOutput[], outcome: { response: { request_time: number; request_datetime: number }; cached: boolean }): RequestResult {
  return {
    success: true,
    embedding: [],
    completions,
    cached: outcome.cached,
    request_time: pyFloat(outcome.response.request_time),
    request_datetime: outcome.response.request_datetime,
  };
}

/** The factory `createModelClient` uses for the four OpenAI-family class names. */
export function createOpenAIClient(deployment: ModelDeployment, cache: RequestCacheLike, env: OpenAIClientEnvironment): OpenAIClient {
  const flavour = OPENAI_FLAVOURS[deployment.client_spec.class_name];
  if (!flavour) throw new HelmInputError(`Model deployment ${deployment.name}: ${deployment.client_spec.class_name} is not an OpenAI client`);
  const { config, apiKey } = openAIClientConfig(deployment, flavour, env);
  return new OpenAIClient(config, apiKey, cache);
}

/** What `createModelClient` may pass; missing parts are looked up under HELM's default local path. */
export interface OpenAIEnvironmentInput {
  localPath?: string;
  processEnv?: NodeJS.ProcessEnv;
  modelTags?: readonly string[];
  /** Told of each in-client retry, e.g. to log it (the reason never holds the key). */
  onRetry?: OpenAIClientEnvironment['onRetry'];
  /** Overrides of the in-client retry timings (tests). */
  retryPolicy?: OpenAIClientEnvironment['retryPolicy'];
}

/** Credentials from HELM_CREDENTIALS or `<localPath>/credentials.conf`, tags from the registry. */
export function openAIEnvironmentFor(deployment: ModelDeployment, input: OpenAIEnvironmentInput = {}): OpenAIClientEnvironment {
  const localPath = input.localPath ?? 'prod_env';
  const processEnv = input.processEnv ?? process.env;
  const { credentials, source } = loadCredentials(localPath, processEnv);
  const modelName = deployment.model_name ?? deployment.name;
  const modelTags = input.modelTags ?? ModelRegistry.load(localPath).findModelMetadata(modelName)?.tags ?? [];
  return { credentials, credentialsSource: source, processEnv, modelTags, onRetry: input.onRetry, retryPolicy: input.retryPolicy };
}
