/**
 * HELM's StanfordHealthCareHTTPModelClient (Claude and Google subclasses): a JSON POST to
 * `<endpoint>/<deployment>` with the gateway's subscription key. As in HELM, responses are not
 * cached (HELM's `do_cache` defaults to off, and no deployment turns it on) and a refused request
 * is a failed result marked retriable, whose message is `requests`' HTTPError and the raw request.
 */
import { z } from 'zod';
import { HelmInputError } from '../../../common/errors';
import type { RequestCacheLike } from '../../request-cache';
import type { ModelDeployment, Request, RequestResult } from '../../schemas';
import { EMBEDDING_UNAVAILABLE, type ModelClient } from '../client';
import { DEFAULT_RETRY_POLICY, ModelRequestRejectedError } from '../common/http';
import { TransportArgs, cachedProviderCall, completionsResult, parseClientArgs, type ProviderConnection, type ProviderEnvironment } from '../common/provider';
import { pythonRepr } from '../common/py-repr';
import { deploymentSemaphore } from '../common/semaphore';
import { CLAUDE_DIALECT, GOOGLE_DIALECT, type HttpDialect } from './http-dialects';
import { SUBSCRIPTION_KEY_HEADER, checkedUrl, gatewayApiKey, gatewayEndpoint, requireEndpoint } from './gateway';

export const SHC_CLAUDE_CLIENT_CLASS = 'helm.clients.stanfordhealthcare_claude_client.StanfordHealthCareClaudeClient';
export const SHC_GOOGLE_CLIENT_CLASS = 'helm.clients.stanfordhealthcare_google_client.StanfordHealthCareGoogleClient';


/** HELM's default per-request timeout here, in seconds. */
const DEFAULT_TIMEOUT_S = 3000;

/** No cache: every request goes to the gateway (HELM's `do_cache=False`). */
const NO_CACHE: RequestCacheLike = {
  getOrCompute: async (_key, compute) => ({ response: await compute(), cached: false }),
};

/** `requests`' HTTPError text: "400 Client Error: Bad Request for url: …". */
function httpErrorText(error: ModelRequestRejectedError, url: string): string {
  const kind = error.status < 500 ? 'Client Error' : 'Server Error';
  return `${error.status} ${kind}: ${error.statusText} for url: ${url}`;
}

export class StanfordHealthCareHttpClient<T extends object> implements ModelClient {
  constructor(
    private readonly dialect: HttpDialect<T>,
    private readonly connection: ProviderConnection,
    private readonly url: string,
    private readonly model: string | undefined,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return EMBEDDING_UNAVAILABLE;
    const raw = this.dialect.rawRequest(request, this.model);
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: NO_CACHE,
      key: '',
      url: this.url,
      headers: { [SUBSCRIPTION_KEY_HEADER]: this.connection.apiKey },
      body: raw,
      schema: this.dialect.schema,
      // HELM wraps a JSON list (Gemini's stream of chunks) as {"content": [...]}.
      decode: (text) => {
        const json: unknown = JSON.parse(text);
        return Array.isArray(json) ? { content: json } : json;
      },
    });
    if (outcome instanceof ModelRequestRejectedError) {
      // HELM marks these retriable; 429, 5xx and timeouts are retried before reaching here (then by the activity).
      return {
        success: false,
        cached: false,
        error: `Request error: ${httpErrorText(outcome, this.url)}, Raw Request: ${pythonRepr(raw)}`,
        completions: [],
        embedding: [],
        error_flags: { is_retriable: true, is_fatal: false },
      };
    }
    return completionsResult(this.dialect.outputs(outcome.response), { ...outcome.response, cached: false });
  }
}

function createHttpClient<T extends object>(dialect: HttpDialect<T>, deployment: ModelDeployment, env: ProviderEnvironment): StanfordHealthCareHttpClient<T> {
  const args = parseClientArgs(deployment, {
    deployment: z.string(),
    model: z.string().optional(),
    endpoint: z.string().optional(),
    api_key: z.string().optional(),
    do_cache: z.boolean().optional(),
    timeout: TransportArgs.timeout,
    max_retries: TransportArgs.max_retries,
    max_concurrent_requests: TransportArgs.max_concurrent_requests,
  });
  if (args.do_cache === true) throw new HelmInputError(`Model deployment ${deployment.name}: do_cache (caching keyed by the whole Request) is not supported by helm-ts`);
  const apiKey = gatewayApiKey(deployment, args.api_key, env);
  const endpoint = requireEndpoint(deployment, gatewayEndpoint(deployment, args.endpoint, env), env);
  const url = checkedUrl(deployment, `${endpoint}/${args.deployment}`);
  const connection: ProviderConnection = {
    deploymentName: deployment.name,
    baseUrl: endpoint,
    apiKey,
    retryPolicy: {
      ...DEFAULT_RETRY_POLICY,
      ...env.retryPolicy,
      timeoutMs: (args.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
      ...(args.max_retries !== undefined ? { maxRetries: args.max_retries } : {}),
    },
    semaphore: args.max_concurrent_requests === undefined ? undefined : deploymentSemaphore(`${deployment.name}\u0000${url}`, args.max_concurrent_requests),
    onRetry: env.onRetry,
  };
  return new StanfordHealthCareHttpClient(dialect, connection, url, args.model);
}

export function createSHCClaudeClient(deployment: ModelDeployment, env: ProviderEnvironment): ModelClient {
  return createHttpClient(CLAUDE_DIALECT, deployment, env);
}

export function createSHCGoogleClient(deployment: ModelDeployment, env: ProviderEnvironment): ModelClient {
  return createHttpClient(GOOGLE_DIALECT, deployment, env);
}
