/**
 * HELM's IbmChatClient and IbmTextClient: IBM watsonx.ai's chat (`/ml/v1/text/chat`) and text
 * generation (`/ml/v1/text/generation`) APIs, with the bodies ibm-watsonx-ai's ModelInference
 * sends, HELM's cache keys (prompt, the SDK's parameter dict, model) and outputs, and the IAM
 * token exchange in front. As in HELM only the prompt is sent (chat messages are not), stop
 * sequences are neither sent nor applied, and one completion comes back per call.
 */
import { z } from 'zod';
import { HelmInputError } from '../../../common/errors';
import { pyFloat, toNumber, type PyNumber } from '../../../common/py-number';
import { credentialString, provideApiKey } from '../../credentials';
import type { RequestCacheLike } from '../../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult, Token } from '../../schemas';
import { EMBEDDING_UNAVAILABLE, checkedBaseUrl, hostOrganization, type ModelClient } from '../client';
import { ModelRequestRejectedError } from '../common/http';
import {
  TransportArgs,
  cacheKeyOf,
  cachedProviderCall,
  completionsResult,
  failedResult,
  parseClientArgs,
  type ProviderConnection,
  type ProviderEnvironment,
  retryPolicyOf,
} from '../common/provider';
import { deploymentSemaphore } from '../common/semaphore';
import { pySum } from '../common/truncate';
import { IBM_IAM_TOKEN_URL, iamToken } from './iam';

export const IBM_CHAT_CLIENT_CLASS = 'helm.clients.ibm_client.IbmChatClient';
export const IBM_TEXT_CLIENT_CLASS = 'helm.clients.ibm_client.IbmTextClient';

/** The API version ibm-watsonx-ai (1.8.1, in HELM's ~=1.2 pin) sends as `?version=`. */
const WATSONX_API_VERSION = '2026-10-14';
/** HELM lets at most this many requests per watsonx model run at once. */
const MAX_CONCURRENT_REQUESTS = 8;
/** The one model HELM gives a fixed temperature (it requires 0.05). */
const FIXED_TEMPERATURE_MODEL = 'ibm/granite-13b-instruct-v2';

/** `ibmLocation` in credentials: HELM's list of regions, each with its endpoint and project. */
const IbmLocations = z.array(z.looseObject({ region: z.string(), url: z.string(), project_id: z.string() }));

const WatsonxArgs = { ...TransportArgs, watsonx_model_name: z.string(), region: z.string(), iam_url: z.string().optional() };

type Api = 'chat' | 'text';

/** The SDK's TextChatParameters.to_dict() for HELM's chat parameters (unset fields left out). */
export function chatParams(request: Request): Record<string, unknown> {
  return {
    frequency_penalty: 0,
    logprobs: true,
    presence_penalty: 0,
    temperature: request.temperature,
    max_tokens: request.max_tokens,
    top_p: request.top_p,
  };
}

/** The SDK's TextGenParameters.to_dict() for HELM's generation parameters. */
export function textParams(request: Request, watsonxModel: string): Record<string, unknown> {
  let temperature: PyNumber = request.temperature;
  if (watsonxModel === FIXED_TEMPERATURE_MODEL) temperature = pyFloat(0.05);
  else if (toNumber(request.temperature) === 0) temperature = pyFloat(1e-7);
  return {
    temperature,
    top_p: request.top_p,
    max_new_tokens: request.max_tokens,
    return_options: { input_text: true, generated_tokens: true, input_tokens: false, token_logprobs: true, token_ranks: false },
    include_stop_sequence: false,
  };
}

/**
 * HELM's parse_response: one output per result/choice; a malformed one ends the list there (HELM
 * logs and keeps what it has, so the request still succeeds).
 */
export function watsonxOutputs(api: Api, response: Record<string, unknown>): GeneratedOutput[] {
  const outputs: GeneratedOutput[] = [];
  const items = api === 'chat' ? response.choices : response.results;
  if (!Array.isArray(items)) return outputs;
  for (const item of items) {
    const output = api === 'chat' ? chatOutput(item) : textOutput(item);
    if (output === undefined) break;
    outputs.push(output);
  }
  return outputs;
}

const ChatChoice = z.looseObject({
  message: z.looseObject({ content: z.string() }),
  logprobs: z.looseObject({ content: z.array(z.looseObject({ token: z.string(), logprob: z.number() })) }),
});
const TextResult = z.looseObject({
  generated_text: z.string(),
  generated_tokens: z.array(z.looseObject({ text: z.string(), logprob: z.number().optional() })),
});

function output(text: string, tokens: Token[]): GeneratedOutput {
  // HELM sums from an int 0: no tokens gives 0, float logprobs give a float.
  return { text, logprob: pySum([0, ...tokens.map((t) => t.logprob)]), tokens };
}

function chatOutput(item: unknown): GeneratedOutput | undefined {
  const choice = ChatChoice.safeParse(item);
  if (!choice.success) return undefined;
  return output(choice.data.message.content, choice.data.logprobs.content.map((t) => ({ text: t.token, logprob: pyFloat(t.logprob) })));
}

function textOutput(item: unknown): GeneratedOutput | undefined {
  const result = TextResult.safeParse(item);
  if (!result.success) return undefined;
  // A token without a logprob counts as 0 (an int, as in HELM).
  const tokens = result.data.generated_tokens.map((t): Token => ({ text: t.text, logprob: t.logprob === undefined ? 0 : pyFloat(t.logprob) }));
  return output(result.data.generated_text, tokens);
}

export class WatsonxClient implements ModelClient {
  constructor(
    private readonly api: Api,
    private readonly connection: ProviderConnection,
    private readonly cache: RequestCacheLike,
    private readonly watsonx: { model: string; projectId: string; iamUrl: string },
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return EMBEDDING_UNAVAILABLE;
    const params = this.api === 'chat' ? chatParams(request) : textParams(request, this.watsonx.model);
    const raw = { prompt: request.prompt, params, model: request.model };
    const base = { model_id: this.watsonx.model };
    const body =
      this.api === 'chat'
        ? { ...base, messages: [{ role: 'user', content: request.prompt }], ...params, project_id: this.watsonx.projectId }
        : { ...base, input: request.prompt, parameters: params, project_id: this.watsonx.projectId };
    const url = `${this.connection.baseUrl}/ml/v1/text/${this.api === 'chat' ? 'chat' : 'generation'}?version=${WATSONX_API_VERSION}`;
    const outcome = await cachedProviderCall({
      connection: this.connection,
      cache: this.cache,
      key: cacheKeyOf(raw, request),
      url,
      headers: {},
      body,
      schema: z.record(z.string(), z.unknown()),
      authorize: async () => {
        const token = await iamToken(this.watsonx.iamUrl, this.connection.apiKey, this.connection.retryPolicy);
        return { headers: { authorization: `Bearer ${token}` }, secrets: [token] };
      },
      // The SDK retries 429, 503, 504 and 520; helm-ts retries rate limits and every server error.
      retryStatus: (status) => status === 429 || status >= 500,
    });
    if (outcome instanceof ModelRequestRejectedError) {
      // HELM's message is the SDK's ApiRequestFailure text, after "IBM Chat/Text client Model error: ".
      const label = this.api === 'chat' ? 'Chat' : 'Text';
      const operation = this.api === 'chat' ? 'chat' : 'generate';
      const fatal = outcome.status === 401 || outcome.status === 403 || outcome.status === 404;
      return {
        ...failedResult(`IBM ${label} client Model error: Failure during ${operation}. (POST ${url})\nStatus code: ${outcome.status}, body: ${outcome.bodyText}`),
        error_flags: { is_retriable: false, is_fatal: fatal },
      };
    }
    return completionsResult(watsonxOutputs(this.api, outcome.response), { ...outcome.response, cached: outcome.cached });
  }
}

/** The region's endpoint and project from `<host>Location` (HELM: the last entry naming the region, any case). */
function regionLocation(deployment: ModelDeployment, region: string, env: ProviderEnvironment): { url: string; projectId: string } {
  const host = hostOrganization(deployment.name);
  const name = `${host}Location`;
  let value = env.credentials[name];
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      // Reported below as not a list.
    }
  }
  const help = `Set ${name} in ${env.credentialsSource}: a list of {region, url, project_id}, one per watsonx region`;
  if (value === undefined) throw new HelmInputError(`Model deployment ${deployment.name}: no ${name}. ${help}.`);
  const locations = IbmLocations.safeParse(value);
  if (!locations.success) throw new HelmInputError(`Model deployment ${deployment.name}: ${name} is not a list of {region, url, project_id}. ${help}.`);
  const match = locations.data.filter((entry) => entry.region.toLowerCase() === region.toLowerCase()).at(-1);
  if (!match) throw new HelmInputError(`Model deployment ${deployment.name}: ${name} has no entry for region ${region}. ${help}.`);
  return { url: match.url, projectId: match.project_id };
}

function createWatsonxClient(api: Api, deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): WatsonxClient {
  const args = parseClientArgs(deployment, WatsonxArgs);
  const host = hostOrganization(deployment.name);
  const apiKey = args.api_key ?? provideApiKey(env.credentials, host, deployment.name);
  if (apiKey === undefined || apiKey === '') {
    throw new HelmInputError(
      `Model deployment ${deployment.name}: no IBM Cloud API key. Set ${host}ApiKey (or deployments { "${deployment.name}": ... }) in ${env.credentialsSource} or HELM_CREDENTIALS.`,
    );
  }
  const location = regionLocation(deployment, args.region, env);
  const baseUrl = checkedBaseUrl(deployment.name, args.base_url ?? location.url);
  const iamUrl = checkedBaseUrl(deployment.name, args.iam_url ?? credentialString(env.credentials, `${host}IamUrl`) ?? IBM_IAM_TOKEN_URL);
  const connection: ProviderConnection = {
    deploymentName: deployment.name,
    baseUrl,
    apiKey,
    retryPolicy: retryPolicyOf(args, env),
    // HELM's limit is per watsonx model, across deployments.
    semaphore: deploymentSemaphore(`ibm-watsonx\u0000${args.watsonx_model_name}`, args.max_concurrent_requests ?? MAX_CONCURRENT_REQUESTS),
    onRetry: env.onRetry,
  };
  return new WatsonxClient(api, connection, cache, { model: args.watsonx_model_name, projectId: location.projectId, iamUrl });
}

export function createIbmChatClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): WatsonxClient {
  return createWatsonxClient('chat', deployment, cache, env);
}

export function createIbmTextClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): WatsonxClient {
  return createWatsonxClient('text', deployment, cache, env);
}
