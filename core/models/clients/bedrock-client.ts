/**
 * HELM's Amazon Bedrock clients (helm.clients.bedrock_client: Titan, Mistral, Llama, Palmyra over
 * InvokeModel, Nova over Converse) on Bedrock Runtime's REST API, signed with SigV4 over `fetch`.
 * Raw requests and cache keys are HELM's; identity and region are found where boto3 looks
 * (amazon/aws-config.ts), with HELM's role assumption (amazon/sts.ts). As in boto3's configuration in HELM, 429 and 5xx are retried (up to 10
 * attempts); a refusal is a failed request whose error is botocore's message.
 */
import { z } from 'zod';
import { credentialString } from '../credentials';
import type { RequestCacheLike } from '../request-cache';
import type { ModelDeployment, Request, RequestResult, TokenizerConfig } from '../schemas';
import { getTokenizer, type Tokenizer } from '../tokenizers';
import { checkedBaseUrl, hostOrganization, timed, type ModelClient } from './client';
import { bedrockRuntimeEndpoint, loadAwsProfile, resolveAwsCredentials, resolveAwsRegion } from './amazon/aws-config';
import { BedrockAnswerError, LLAMA, MISTRAL, NOVA, PALMYRA, TITAN, type BedrockFamily } from './amazon/bedrock-families';
import { percentEncode, signV4 } from './amazon/sigv4';
import { AwsCredentialSource, stsEndpoint } from './amazon/sts';
import { DEFAULT_RETRY_POLICY, ModelRequestRejectedError, postJson, type RetryPolicy } from './common/http';
import { TransportArgs, cacheKeyOf, completionsResult, failedResult, parseClientArgs, type ProviderEnvironment } from './common/provider';
import { deploymentSemaphore, type Semaphore } from './common/semaphore';
import { toWireJson } from './openai/raw-request';

/** HELM's class names → family. */
export const BEDROCK_FAMILIES = {
  'helm.clients.bedrock_client.BedrockTitanClient': TITAN,
  'helm.clients.bedrock_client.BedrockMistralClient': MISTRAL,
  'helm.clients.bedrock_client.BedrockLlamaClient': LLAMA,
  'helm.clients.bedrock_client.BedrockPalmyraClient': PALMYRA,
  'helm.clients.bedrock_client.BedrockNovaClient': NOVA,
} as const;

const BedrockArgs = {
  bedrock_model_id: z.string().optional(),
  region: z.string().optional(),
  assumed_role: z.string().optional(),
  base_url: TransportArgs.base_url,
  timeout: TransportArgs.timeout,
  max_retries: TransportArgs.max_retries,
  max_concurrent_requests: TransportArgs.max_concurrent_requests,
};

/** Bedrock Runtime's SigV4 signing name. */
const SIGNING_SERVICE = 'bedrock';

export interface BedrockConnection {
  deploymentName: string;
  region: string;
  baseUrl: string;
  credentials: AwsCredentialSource;
  retryPolicy: RetryPolicy;
  semaphore?: Semaphore;
  onRetry?: ProviderEnvironment['onRetry'];
}

/**
 * The endpoint: `base_url`, else `<host>BaseUrl` in credentials (as for helm-ts's other clients),
 * else boto3's AWS_ENDPOINT_URL_BEDROCK_RUNTIME or AWS_ENDPOINT_URL, else the region's. Timeouts
 * and attempts are HELM's boto3 configuration: 60 s reads for InvokeModel (botocore's default),
 * 5000 s for Converse, 10 attempts.
 */
export function resolveBedrockConnection(
  deployment: ModelDeployment,
  args: z.infer<z.ZodObject<typeof BedrockArgs>>,
  env: ProviderEnvironment,
  family: BedrockFamily<unknown>,
): BedrockConnection {
  const penv = env.processEnv;
  const profile = loadAwsProfile(penv);
  // HELM's Nova client is plain boto3 (AWS_DEFAULT_REGION); the others also read AWS_REGION.
  const region = resolveAwsRegion(deployment.name, args.region, penv, profile, family.operation === 'invoke');
  // HELM's InvokeModel clients give AWS_PROFILE to boto3 explicitly, which then ignores the environment's keys.
  const credentials = resolveAwsCredentials(deployment.name, penv, profile, family.operation === 'invoke' && !!penv.AWS_PROFILE);
  const host = hostOrganization(deployment.name);
  const timeoutMs = args.timeout !== undefined ? args.timeout * 1000 : (env.retryPolicy?.timeoutMs ?? 60_000);
  // HELM assumes the deployment's assumed_role, else BEDROCK_ASSUME_ROLE, through STS in the same region.
  const roleArn = args.assumed_role || penv.BEDROCK_ASSUME_ROLE || undefined;
  const stsUrl = penv.AWS_ENDPOINT_URL_STS || penv.AWS_ENDPOINT_URL || stsEndpoint(region);
  const source = new AwsCredentialSource(credentials, roleArn ? { roleArn, region, endpoint: checkedBaseUrl(deployment.name, stsUrl), timeoutMs, deploymentName: deployment.name } : undefined);
  const baseUrl = checkedBaseUrl(
    deployment.name,
    args.base_url ?? credentialString(env.credentials, `${host}BaseUrl`) ?? (penv.AWS_ENDPOINT_URL_BEDROCK_RUNTIME || penv.AWS_ENDPOINT_URL || bedrockRuntimeEndpoint(region)),
  );
  return {
    deploymentName: deployment.name,
    region,
    baseUrl,
    credentials: source,
    retryPolicy: {
      ...DEFAULT_RETRY_POLICY,
      timeoutMs: family.operation === 'converse' ? 5_000_000 : 60_000,
      maxRetries: 9,
      ...env.retryPolicy,
      ...(args.timeout !== undefined ? { timeoutMs: args.timeout * 1000 } : {}),
      ...(args.max_retries !== undefined ? { maxRetries: args.max_retries } : {}),
    },
    semaphore: args.max_concurrent_requests === undefined ? undefined : deploymentSemaphore(`${deployment.name}\u0000${baseUrl}`, args.max_concurrent_requests),
    onRetry: env.onRetry,
  };
}

/** Throttling and server errors heal; other statuses are the request's fault. */
export function isBedrockTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** botocore's ClientError text: the error type (x-amzn-ErrorType, else the body's __type/code) and message. */
export function botocoreErrorMessage(error: ModelRequestRejectedError, operation: string): string {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(error.bodyText);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = { message: error.bodyText };
  }
  const header = error.headers.get('x-amzn-errortype');
  const fromBody = typeof body.__type === 'string' ? body.__type : typeof body.code === 'string' ? body.code : undefined;
  const code = (header ? header.split(':')[0] : fromBody?.split('#').at(-1)) || 'Unknown';
  const message = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : 'Unknown';
  return `An error occurred (${code}) when calling the ${operation} operation: ${message}`;
}

/** What a Converse call stores: the body with boto3's ResponseMetadata (HELM reads its Date header). */
interface ConverseStored {
  ResponseMetadata: { HTTPStatusCode: number; HTTPHeaders: Record<string, string>; RetryAttempts: number };
}
const ConverseMetadata = z.looseObject({ ResponseMetadata: z.looseObject({ HTTPHeaders: z.looseObject({ date: z.string() }) }) });

export class BedrockClient<T extends object> implements ModelClient {
  private tokenizerInstance: Tokenizer | undefined;

  constructor(
    private readonly family: BedrockFamily<T>,
    private readonly connection: BedrockConnection,
    private readonly cache: RequestCacheLike,
    private readonly options: { bedrockModelId?: string; tokenizerName: string; tokenizerConfig?: TokenizerConfig },
  ) {}

  /** The deployment's tokenizer, which re-tokenizes every answer (loaded on first use). */
  private tokenizer(): Tokenizer {
    this.tokenizerInstance ??= getTokenizer(this.options.tokenizerName, this.options.tokenizerConfig);
    return this.tokenizerInstance;
  }

  private async post(url: string, body: unknown, onHeaders?: (headers: Headers) => void): Promise<T> {
    const { connection } = this;
    const credentials = await connection.credentials.get();
    const semaphore = connection.semaphore;
    const sent = { 'content-type': 'application/json', accept: 'application/json' };
    return postJson({
      url,
      headers: sent,
      body: toWireJson(body),
      sign: (bodyText) =>
        signV4({ method: 'POST', url, headers: sent, body: bodyText, region: connection.region, service: SIGNING_SERVICE, credentials }).headers,
      onHeaders,
      policy: connection.retryPolicy,
      parse: (json) => this.family.schema.parse(json),
      retryStatus: isBedrockTransientStatus,
      secrets: connection.credentials.secrets(),
      label: `${connection.deploymentName} (${url})`,
      withSlot: semaphore ? (task) => semaphore.run(task) : undefined,
      onRetry: (info) => connection.onRetry?.({ deployment: connection.deploymentName, ...info }),
    });
  }

  async makeRequest(request: Request): Promise<RequestResult> {
    const { family } = this;
    const modelId = this.options.bedrockModelId ?? family.defaultModelId(request);
    const raw = family.rawRequest(request, modelId);
    const url = `${this.connection.baseUrl}/model/${percentEncode(modelId, '~')}/${family.operation}`;
    const operation = family.operation === 'invoke' ? 'InvokeModel' : 'Converse';
    let outcome: { response: T; cached: boolean; requestTime: number; requestDatetime: number };
    try {
      outcome = family.operation === 'invoke' ? await this.invoke(url, modelId, raw, request) : await this.converse(url, raw, request);
    } catch (error) {
      if (!(error instanceof ModelRequestRejectedError)) throw error;
      // HELM records InvokeModel refusals as failed requests (and lets Converse's end its run); helm-ts records both.
      const fatal = error.status === 401 || error.status === 403 || error.status === 404;
      return { ...failedResult(botocoreErrorMessage(error, operation)), error_flags: { is_retriable: false, is_fatal: fatal } };
    }
    let completions;
    try {
      completions = family.completions(outcome.response, request, this.tokenizer());
    } catch (error) {
      // HELM raises on Palmyra's {"object": "error"} answer (already cached); helm-ts records a failed request.
      if (error instanceof BedrockAnswerError) return failedResult(error.message);
      throw error;
    }
    return completionsResult(completions, { cached: outcome.cached, request_time: outcome.requestTime, request_datetime: outcome.requestDatetime });
  }

  /** InvokeModel: the raw request is the body; the key adds the modelId; HELM times the call. */
  private async invoke(url: string, modelId: string, raw: Record<string, unknown>, request: Request) {
    const key = cacheKeyOf({ modelId, ...raw }, request);
    const { response, cached } = await this.cache.getOrCompute(key, () => timed(() => this.post(url, raw)));
    return { response: this.family.schema.parse(response), cached, requestTime: response.request_time, requestDatetime: response.request_datetime };
  }

  /** Converse: modelId goes in the path; the time is the service's latency and the response's Date. */
  private async converse(url: string, raw: Record<string, unknown>, request: Request) {
    const key = cacheKeyOf(raw, request);
    const { modelId: _inPath, ...body } = raw;
    const { response, cached } = await this.cache.getOrCompute(key, async (): Promise<T & ConverseStored> => {
      const calledAt = new Date().toUTCString();
      let headers: Record<string, string> = {};
      const answer = await this.post(url, body, (h) => (headers = Object.fromEntries(h.entries())));
      // A server without a Date header (a test double) gets the time of the call.
      return { ...answer, ResponseMetadata: { HTTPStatusCode: 200, HTTPHeaders: { date: calledAt, ...headers }, RetryAttempts: 0 } };
    });
    const parsed = NOVA.schema.parse(response);
    const date = Date.parse(ConverseMetadata.parse(response).ResponseMetadata.HTTPHeaders.date);
    if (!Number.isFinite(date)) throw new Error(`${this.connection.deploymentName}: the stored Converse response's Date header is unreadable`);
    return { response: this.family.schema.parse(response), cached, requestTime: parsed.metrics.latencyMs / 1000, requestDatetime: Math.floor(date / 1000) };
  }
}

export function createBedrockClient(
  className: keyof typeof BEDROCK_FAMILIES,
  deployment: ModelDeployment,
  cache: RequestCacheLike,
  env: ProviderEnvironment,
  tokenizerConfig: TokenizerConfig | undefined,
): ModelClient {
  const family: BedrockFamily<object> = BEDROCK_FAMILIES[className];
  const args = parseClientArgs(deployment, BedrockArgs);
  const connection = resolveBedrockConnection(deployment, args, env, family);
  return new BedrockClient(family, connection, cache, {
    bedrockModelId: args.bedrock_model_id,
    tokenizerName: deployment.tokenizer_name ?? deployment.name,
    tokenizerConfig,
  });
}
