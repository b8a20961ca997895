import { z } from 'zod';
import { HelmInputError } from '../../../common/errors';
import { pythonJsonParse } from '../../../common/python-json';
import { credentialString, provideApiKey, type Credentials } from '../../credentials';
import { RequestCache, type RequestCacheLike } from '../../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult } from '../../schemas';
import { pyFloat } from '../../../common/py-number';
import { checkedBaseUrl, hostOrganization, timed } from '../client';
import { DEFAULT_RETRY_POLICY, ModelRequestRejectedError, postJson, type RetryPolicy } from './http';
import { pythonRepr } from './py-repr';
import { deploymentSemaphore, type Semaphore } from './semaphore';
import { toWireJson } from '../openai/raw-request';

/** What every HTTP provider client needs besides its deployment (credentials come from --local-path). */
export interface ProviderEnvironment {
  credentials: Credentials;
  /** Where the credentials came from, named in the missing-key message (never the key itself). */
  credentialsSource: string;
  processEnv: NodeJS.ProcessEnv;
  /** The model's metadata tags. */
  modelTags: readonly string[];
  retryPolicy?: Partial<RetryPolicy>;
  onRetry?: (info: { deployment: string; attempt: number; delayMs: number; reason: string }) => void;
}

/** `client_spec.args` every HTTP provider client accepts besides its own (helm-ts's transport knobs). */
export const TransportArgs = {
  api_key: z.string().optional(),
  base_url: z.string().optional(),
  timeout: z.number().positive().optional(),
  max_retries: z.number().int().min(0).optional(),
  max_concurrent_requests: z.number().int().min(1).optional(),
};

/** Parses a deployment's `client_spec.args` strictly; messages name the arguments, never values. */
export function parseClientArgs<S extends z.ZodRawShape>(deployment: ModelDeployment, shape: S): z.infer<z.ZodObject<S>> {
  const schema = z.object(shape).strict();
  const parsed = schema.safeParse(deployment.client_spec.args ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => (i.code === 'unrecognized_keys' ? `unknown ${i.keys.join(', ')}` : `${i.path.join('.')}: ${i.message}`));
    throw new HelmInputError(
      `Model deployment ${deployment.name}: invalid client_spec.args for ${deployment.client_spec.class_name} (${issues.join('; ')}); ` +
        `accepted: ${Object.keys(shape).join(', ')}`,
    );
  }
  return parsed.data as z.infer<z.ZodObject<S>>;
}

/** How one provider is reached: its SDK's key variable and default endpoint. */
export interface ProviderSpec {
  /** Shown in messages: "Anthropic", "Together", ... */
  label: string;
  /** The environment variable the provider's SDK reads when no key is given (ANTHROPIC_API_KEY). */
  keyEnvVar?: string;
  /** The SDK's base-URL variable (ANTHROPIC_BASE_URL), if it has one. */
  baseUrlEnvVar?: string;
  defaultBaseUrl: string;
}

/** A deployment's resolved endpoint, key and retry behaviour. */
export interface ProviderConnection {
  deploymentName: string;
  baseUrl: string;
  apiKey: string;
  retryPolicy: RetryPolicy;
  semaphore?: Semaphore;
  onRetry?: ProviderEnvironment['onRetry'];
}

/**
 * HELM's key lookup (`provide_api_key`): `<host>ApiKey` in credentials.conf, else
 * `deployments.<name>`; then, as the provider SDKs do, its environment variable. The base URL:
 * `client_spec.args.base_url`, else `<host>BaseUrl` in credentials (HELM's provider binding),
 * else the SDK's environment variable, else the provider's public endpoint.
 */
export function resolveConnection(
  deployment: ModelDeployment,
  args: { api_key?: string; base_url?: string; timeout?: number; max_retries?: number; max_concurrent_requests?: number },
  env: ProviderEnvironment,
  spec: ProviderSpec,
): ProviderConnection {
  const host = hostOrganization(deployment.name);
  const fromEnv = spec.keyEnvVar === undefined ? undefined : env.processEnv[spec.keyEnvVar];
  const apiKey = args.api_key ?? provideApiKey(env.credentials, host, deployment.name) ?? fromEnv;
  if (apiKey === undefined || apiKey === '') {
    throw new HelmInputError(
      `Model deployment ${deployment.name}: no ${spec.label} API key. Set ${host}ApiKey (or deployments { "${deployment.name}": ... }) ` +
        `in ${env.credentialsSource}` +
        (spec.keyEnvVar ? `, or the HELM_CREDENTIALS or ${spec.keyEnvVar} environment variable.` : ', or the HELM_CREDENTIALS environment variable.'),
    );
  }
  const baseUrl = checkedBaseUrl(
    deployment.name,
    args.base_url ??
      credentialString(env.credentials, `${host}BaseUrl`) ??
      (spec.baseUrlEnvVar ? env.processEnv[spec.baseUrlEnvVar] : undefined) ??
      spec.defaultBaseUrl,
  );
  return {
    deploymentName: deployment.name,
    baseUrl,
    apiKey,
    retryPolicy: retryPolicyOf(args, env),
    semaphore:
      args.max_concurrent_requests === undefined
        ? undefined
        : deploymentSemaphore(`${deployment.name}\u0000${baseUrl}`, args.max_concurrent_requests),
    onRetry: env.onRetry,
  };
}

/** The retry policy: the defaults, the environment's (tests), then the deployment's `timeout` and `max_retries`. */
export function retryPolicyOf(args: { timeout?: number; max_retries?: number }, env: Pick<ProviderEnvironment, 'retryPolicy'>): RetryPolicy {
  return {
    ...DEFAULT_RETRY_POLICY,
    ...env.retryPolicy,
    ...(args.timeout !== undefined ? { timeoutMs: args.timeout * 1000 } : {}),
    ...(args.max_retries !== undefined ? { maxRetries: args.max_retries } : {}),
  };
}

/** A cached response as stored: the provider's body plus HELM's `wrap_request_time` fields. */
export type Stored<T> = T & { request_time: number; request_datetime: number };

/** HELM's `make_cache_key`: the raw request, plus `random` when the request has one. */
export function cacheKeyOf(raw: Record<string, unknown>, request: Request): string {
  return RequestCache.keyOf(request.random === undefined ? raw : { ...raw, random: request.random });
}

export interface ProviderPost<T> {
  connection: ProviderConnection;
  cache: RequestCacheLike;
  /** The cache key (cacheKeyOf of HELM's raw request). */
  key: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  schema: z.ZodType<T>;
  /** Sent as GET without a body (model lists). */
  method?: 'POST' | 'GET';
  /** Reads a 2xx body's text (default JSON.parse), e.g. folds an event stream into one response. */
  decode?: (text: string) => unknown;
  /** Headers known only at call time (a Google Cloud access token) and the secrets they hold. */
  authorize?: () => Promise<{ headers: Record<string, string>; secrets: string[] }>;
  /** Which statuses are retried (default: the OpenAI SDK's). */
  retryStatus?: (status: number) => boolean;
}

/**
 * One provider call through the request cache: a hit replays the stored response; a miss POSTs
 * (retrying what may heal) and stores the body with its timing. A refusal (4xx) comes back as
 * the error, uncached, for the client to turn into HELM's failed-request result.
 */
export async function cachedProviderCall<T extends object>(call: ProviderPost<T>): Promise<{ response: Stored<T>; cached: boolean } | ModelRequestRejectedError> {
  const { connection } = call;
  const semaphore = connection.semaphore;
  try {
    const { response, cached } = await call.cache.getOrCompute(call.key, () =>
      timed(async () => {
        const auth = call.authorize ? await call.authorize() : { headers: {}, secrets: [] };
        return postJson({
          url: call.url,
          method: call.method,
          headers: { ...call.headers, ...auth.headers },
          // Python float boxes (which make 0.0 differ from 0 in keys) go out as plain numbers.
          body: toWireJson(call.body),
          policy: connection.retryPolicy,
          parse: (body) => call.schema.parse(body),
          decode: call.decode,
          retryStatus: call.retryStatus,
          secrets: [connection.apiKey, ...auth.secrets],
          label: `${connection.deploymentName} (${call.url.split('?')[0]})`,
          withSlot: semaphore ? (task) => semaphore.run(task) : undefined,
          onRetry: (info) => connection.onRetry?.({ deployment: connection.deploymentName, ...info }),
        });
      }),
    );
    return { response: { ...response, ...call.schema.parse(response) }, cached };
  } catch (error) {
    if (error instanceof ModelRequestRejectedError) return error;
    throw error;
  }
}

/** The Stainless SDKs' (OpenAI, Anthropic, Together) message: `Error code: N - <repr of the JSON body>`. */
export function sdkStatusMessage(status: number, bodyText: string): string {
  const text = bodyText.trim();
  try {
    return `Error code: ${status} - ${pythonRepr(pythonJsonParse(text))}`;
  } catch {
    return text || `Error code: ${status}`;
  }
}

/**
 * A refused request as HELM records it: a failed result with the provider's message. A bad key,
 * a forbidden or an unknown model fail every request alike, so those fail the run (fatal).
 */
export function rejectedResult(prefix: string, error: ModelRequestRejectedError): RequestResult {
  return refusedResult(`${prefix}${sdkStatusMessage(error.status, error.bodyText)}`, error.status);
}

/** A refusal's body as JSON, or undefined when it is not JSON (some HELM messages quote the parsed body). */
export function jsonBodyOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A refused request (HTTP `status`) recorded with the client's own message; fatal as in rejectedResult. */
export function refusedResult(message: string, status: number): RequestResult {
  const fatal = status === 401 || status === 403 || status === 404;
  return {
    success: false,
    embedding: [],
    completions: [],
    cached: false,
    error: message,
    error_flags: { is_retriable: false, is_fatal: fatal },
  };
}

/** A non-fatal failed request (content filters, empty answers): recorded, and the run goes on. */
export function failedResult(error: string, extra: Partial<RequestResult> = {}): RequestResult {
  return { success: false, embedding: [], completions: [], cached: false, error, error_flags: { is_retriable: false, is_fatal: false }, ...extra };
}

/** The timing and cache flag of one provider call. */
export interface CallOutcome {
  cached: boolean;
  request_time: number;
  request_datetime: number;
}

/**
 * A successful result of one call per completion (providers without `n`): HELM reports the last
 * call's timing and cache flag.
 */
export function completionsResult(completions: GeneratedOutput[], last: CallOutcome | undefined): RequestResult {
  return {
    success: true,
    embedding: [],
    completions,
    cached: last?.cached ?? false,
    ...(last ? { request_time: pyFloat(last.request_time), request_datetime: last.request_datetime } : {}),
  };
}
