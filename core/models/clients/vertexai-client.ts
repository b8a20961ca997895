import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { credentialString } from '../credentials';
import type { RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult } from '../schemas';
import { checkedBaseUrl, hostOrganization, modelEngine, timed, type ModelClient } from './client';
import { DEFAULT_RETRY_POLICY, ModelRequestRejectedError, ModelServiceRetryableError, postJson, type RetryPolicy } from './common/http';
import { completionsResult, failedResult, parseClientArgs, type ProviderEnvironment } from './common/provider';
import { deploymentSemaphore, type Semaphore } from './common/semaphore';
import { truncateSequence } from './common/truncate';
import { googleAccessTokens, type GoogleAccessTokens } from './google/auth';
import {
  GenerateContentResponse,
  PredictResponse,
  VERTEX_QUERY,
  VertexAIContentBlocked,
  VertexAIUnreadableResponse,
  VertexPredictions,
  chatCacheKey,
  chatPredictions,
  chatWireBody,
  parseSafetySettingsPreset,
  resourcePath,
  textCacheKey,
  textPredictions,
  textWireBody,
  vertexModelResource,
  type SafetySettingsPreset,
} from './google/vertexai-wire';

export const VERTEXAI_CHAT_CLIENT_CLASS = 'helm.clients.vertexai_client.VertexAIChatClient';
export const VERTEXAI_TEXT_CLIENT_CLASS = 'helm.clients.vertexai_client.VertexAITextClient';

/** `client_spec.args` of HELM's Vertex AI clients, plus helm-ts's transport knobs (no api_key: Vertex AI takes tokens). */
const VertexAIArgs = {
  project_id: z.string().optional(),
  location: z.string().optional(),
  safety_settings_preset: z.string().optional(),
  vertexai_model: z.string().optional(),
  base_url: z.string().optional(),
  timeout: z.number().positive().optional(),
  max_retries: z.number().int().min(0).optional(),
  max_concurrent_requests: z.number().int().min(1).optional(),
};

/** Google's APIs ask clients to retry 429 and 5xx; any other status is the request's fault. */
export function isGoogleTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Where and as whom one Vertex AI deployment is called. */
export interface VertexAIConnection {
  deploymentName: string;
  project: string;
  location: string;
  baseUrl: string;
  tokens: GoogleAccessTokens;
  retryPolicy: RetryPolicy;
  semaphore?: Semaphore;
  onRetry?: ProviderEnvironment['onRetry'];
}

/** Vertex AI's regional endpoint (the `global` location has none of its own). */
function defaultBaseUrl(location: string): string {
  return location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`;
}

/**
 * HELM's bindings (`<host>ProjectId`, `<host>Location` in credentials), then what the Google SDKs
 * fall back on: GOOGLE_CLOUD_PROJECT or the key file's project, GOOGLE_CLOUD_LOCATION (google-genai),
 * GOOGLE_CLOUD_REGION or CLOUD_ML_REGION (aiplatform), us-central1. The endpoint: `base_url`, else
 * `<host>VertexAIBaseUrl` in credentials, else the region's.
 */
export function resolveVertexAIConnection(
  deployment: ModelDeployment,
  args: z.infer<z.ZodObject<typeof VertexAIArgs>>,
  env: ProviderEnvironment,
): VertexAIConnection {
  const host = hostOrganization(deployment.name);
  const retryPolicy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...env.retryPolicy,
    ...(args.timeout !== undefined ? { timeoutMs: args.timeout * 1000 } : {}),
    ...(args.max_retries !== undefined ? { maxRetries: args.max_retries } : {}),
  };
  const tokens = googleAccessTokens({ host, deployment: deployment.name, credentials: env.credentials, credentialsSource: env.credentialsSource, env: env.processEnv, retryPolicy });
  const project = args.project_id ?? credentialString(env.credentials, `${host}ProjectId`) ?? env.processEnv.GOOGLE_CLOUD_PROJECT ?? tokens.projectId;
  if (!project) {
    throw new HelmInputError(
      `Model deployment ${deployment.name}: no Google Cloud project for Vertex AI. Set ${host}ProjectId (and ${host}Location) in ` +
        `${env.credentialsSource}, or the GOOGLE_CLOUD_PROJECT environment variable.`,
    );
  }
  const location =
    args.location ??
    credentialString(env.credentials, `${host}Location`) ??
    env.processEnv.GOOGLE_CLOUD_LOCATION ??
    env.processEnv.GOOGLE_CLOUD_REGION ??
    env.processEnv.CLOUD_ML_REGION ??
    'us-central1';
  if (!/^[a-z0-9-]+$/.test(location)) throw new HelmInputError(`Model deployment ${deployment.name}: ${JSON.stringify(location)} is not a Vertex AI location`);
  const baseUrl = checkedBaseUrl(deployment.name, args.base_url ?? credentialString(env.credentials, `${host}VertexAIBaseUrl`) ?? defaultBaseUrl(location));
  return {
    deploymentName: deployment.name,
    project,
    location,
    baseUrl,
    tokens,
    retryPolicy,
    semaphore: args.max_concurrent_requests === undefined ? undefined : deploymentSemaphore(`${deployment.name}\u0000${baseUrl}`, args.max_concurrent_requests),
    onRetry: env.onRetry,
  };
}

/** The bearer token (and a user login's quota project) for one call, with the secrets to scrub. */
export async function vertexAuthorization(connection: VertexAIConnection): Promise<{ headers: Record<string, string>; secrets: string[] }> {
  const token = await connection.tokens.token();
  const quota = connection.tokens.quotaProjectId;
  return { headers: { authorization: `Bearer ${token}`, ...(quota ? { 'x-goog-user-project': quota } : {}) }, secrets: connection.tokens.secrets() };
}

/** google-api-core's message for an HTTP error: `<status> <the error's message>`. */
export function googleErrorMessage(status: number, bodyText: string): string {
  try {
    const body = z.looseObject({ error: z.looseObject({ message: z.string() }) }).parse(JSON.parse(bodyText.trim()));
    return `${status} ${body.error.message}`;
  } catch {
    return `${status} ${bodyText.trim()}`;
  }
}

interface VertexCall<T extends object> {
  connection: VertexAIConnection;
  cache: RequestCacheLike;
  key: string;
  /** `<resource>:<method>` under the API version. */
  url: string;
  body: unknown;
  schema: z.ZodType<T>;
  /** The response → what HELM caches; throws VertexAIContentBlocked for blocked content (then nothing is cached). */
  toPredictions: (response: T) => VertexPredictions;
}

/**
 * One call through the request cache. As in HELM, the cache holds the completions' texts (not the
 * service's body), and blocked content is not cached, so a later run asks again.
 */
async function cachedVertexCall<T extends object>(call: VertexCall<T>): Promise<{ response: VertexPredictions & { request_time: number; request_datetime: number }; cached: boolean }> {
  const { connection } = call;
  const semaphore = connection.semaphore;
  const { response, cached } = await call.cache.getOrCompute(call.key, () =>
    timed(async () => {
      const auth = await vertexAuthorization(connection);
      const body = await postJson({
        url: call.url,
        headers: auth.headers,
        body: call.body,
        policy: connection.retryPolicy,
        parse: (json) => call.schema.parse(json),
        retryStatus: isGoogleTransientStatus,
        secrets: auth.secrets,
        label: `${connection.deploymentName} (${call.url.split('?')[0]})`,
        withSlot: semaphore ? (task) => semaphore.run(task) : undefined,
        onRetry: (info) => connection.onRetry?.({ deployment: connection.deploymentName, ...info }),
      });
      try {
        return call.toPredictions(body);
      } catch (error) {
        if (error instanceof VertexAIUnreadableResponse) throw new ModelServiceRetryableError(`${connection.deploymentName}: ${error.message} (the activity will retry)`);
        throw error;
      }
    }),
  );
  return { response: { ...response, ...VertexPredictions.parse(response) }, cached };
}

/** Shared by both clients: the call, HELM's failure results, completions (echo, truncation). */
abstract class VertexAIClient implements ModelClient {
  constructor(
    protected readonly connection: VertexAIConnection,
    protected readonly cache: RequestCacheLike,
    protected readonly options: { vertexaiModel?: string; safetySettingsPreset?: SafetySettingsPreset },
  ) {}

  protected abstract readonly label: string;

  abstract makeRequest(request: Request): Promise<RequestResult>;

  /** HELM's `_get_model_name_for_request`: the deployment's vertexai_model, else the model's engine. */
  protected modelName(request: Request): string {
    return this.options.vertexaiModel ?? modelEngine(request.model);
  }

  protected url(model: string, apiVersion: 'v1' | 'v1beta1', method: 'generateContent' | 'predict'): string {
    const resource = vertexModelResource(model, this.connection.project, this.connection.location);
    return `${this.connection.baseUrl}/${apiVersion}/${resourcePath(resource)}:${method}${VERTEX_QUERY}`;
  }

  protected async complete<T extends object>(request: Request, call: Omit<VertexCall<T>, 'connection' | 'cache'>): Promise<RequestResult> {
    let outcome: Awaited<ReturnType<typeof cachedVertexCall>>;
    try {
      outcome = await cachedVertexCall({ ...call, connection: this.connection, cache: this.cache });
    } catch (error) {
      if (error instanceof VertexAIContentBlocked) return failedResult(`Content blocked: ${error.message}`);
      if (error instanceof ModelRequestRejectedError) {
        // HELM lets the SDK's exception end its run; helm-ts records the request as failed (see README).
        const fatal = error.status === 401 || error.status === 403 || error.status === 404;
        return { ...failedResult(`${this.label} error: ${googleErrorMessage(error.status, error.bodyText)}`), error_flags: { is_retriable: false, is_fatal: fatal } };
      }
      throw error;
    }
    const completions: GeneratedOutput[] = outcome.response.predictions.map((prediction) => {
      // The SDK has no echo: HELM prepends the prompt itself.
      const text = request.echo_prompt ? request.prompt + prediction.text : prediction.text;
      return truncateSequence({ text, logprob: 0, tokens: [] }, request);
    });
    return completionsResult(completions, { ...outcome.response, cached: outcome.cached });
  }
}

function refuseMultimodal(request: Request, label: string): void {
  if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
    throw new HelmInputError(`${label}: multimodal prompts (images, video, audio) are not supported by helm-ts`);
  }
}

/**
 * HELM's VertexAIChatClient: Gemini and Model-as-a-Service models through generateContent, all
 * completions from one call (`candidateCount`), HELM's safety presets, blocked content as a
 * non-fatal failure.
 */
export class VertexAIChatClient extends VertexAIClient {
  protected readonly label = 'VertexAIChatClient';

  async makeRequest(request: Request): Promise<RequestResult> {
    refuseMultimodal(request, this.label);
    const model = this.modelName(request);
    return this.complete(request, {
      key: chatCacheKey(model, request, this.options.safetySettingsPreset),
      url: this.url(model, 'v1beta1', 'generateContent'),
      body: chatWireBody(request, this.options.safetySettingsPreset),
      schema: GenerateContentResponse,
      toPredictions: chatPredictions,
    });
  }
}

/** HELM's VertexAITextClient: PaLM 2 and MedLM text models through predict. */
export class VertexAITextClient extends VertexAIClient {
  protected readonly label = 'VertexAITextClient';

  async makeRequest(request: Request): Promise<RequestResult> {
    refuseMultimodal(request, this.label);
    const model = this.modelName(request);
    return this.complete(request, {
      key: textCacheKey(model, request, this.options.safetySettingsPreset),
      url: this.url(model, 'v1', 'predict'),
      body: textWireBody(request),
      schema: PredictResponse,
      toPredictions: textPredictions,
    });
  }
}

function clientOptions(deployment: ModelDeployment, env: ProviderEnvironment) {
  const args = parseClientArgs(deployment, VertexAIArgs);
  const safetySettingsPreset = parseSafetySettingsPreset(args.safety_settings_preset);
  return { connection: resolveVertexAIConnection(deployment, args, env), options: { vertexaiModel: args.vertexai_model, safetySettingsPreset } };
}

export function createVertexAIChatClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): VertexAIChatClient {
  const { connection, options } = clientOptions(deployment, env);
  return new VertexAIChatClient(connection, cache, options);
}

export function createVertexAITextClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): VertexAITextClient {
  const { connection, options } = clientOptions(deployment, env);
  return new VertexAITextClient(connection, cache, options);
}
