/**
 * HELM's StanfordHealthCareAzureOpenAIClient, StanfordHealthCareOpenAIClient and
 * StanfordHealthCareSHCOpenAIClient: HELM's OpenAIClient (same raw requests, cache keys, results,
 * errors) reached through Stanford Health Care's gateway. Only the endpoint and headers differ.
 */
import { z } from 'zod';
import { HelmInputError } from '../../../common/errors';
import type { RequestCacheLike } from '../../request-cache';
import type { ModelDeployment } from '../../schemas';
import { OpenAIClient, openAIClientConfig, type OpenAIFlavour } from '../openai-client';
import { TransportArgs, parseClientArgs, type ProviderEnvironment } from '../common/provider';
import { SUBSCRIPTION_KEY_HEADER, checkedUrl, formatBaseUrl, gatewayApiKey, gatewayEndpoint, requireEndpoint } from './gateway';

export const SHC_AZURE_OPENAI_CLIENT_CLASS = 'helm.clients.stanfordhealthcare_azure_openai_client.StanfordHealthCareAzureOpenAIClient';
export const SHC_OPENAI_CLIENT_CLASS = 'helm.clients.stanfordhealthcare_openai_client.StanfordHealthCareOpenAIClient';
export const SHC_SHC_OPENAI_CLIENT_CLASS = 'helm.clients.stanfordhealthcare_shc_openai_client.StanfordHealthCareSHCOpenAIClient';

const CHAT: OpenAIFlavour = { api: 'chat', keyless: false, vllm: false };
/** StanfordHealthCareSHCOpenAIClient's fixed Azure API version. */
const SHC_API_VERSION = '2024-08-01-preview';

/** YAML 1.1 reads `api_version: 2023-05-15` as a date; the SDK sends it as Python's str(date). */
const ApiVersion = z.union([z.string(), z.date()]).transform((v) => (typeof v === 'string' ? v : v.toISOString().slice(0, 10)));

const Transport = { timeout: TransportArgs.timeout, max_retries: TransportArgs.max_retries, max_concurrent_requests: TransportArgs.max_concurrent_requests };

/** Builds HELM's OpenAIClient for the gateway: the chat API at `baseUrl`, with these headers. */
function gatewayOpenAIClient(
  deployment: ModelDeployment,
  cache: RequestCacheLike,
  env: ProviderEnvironment,
  parts: { apiKey: string; baseUrl: string; model?: string; outputProcessor?: string; transport: { timeout?: number; max_retries?: number; max_concurrent_requests?: number }; authHeaders: Record<string, string>; azureApiVersion?: string },
): OpenAIClient {
  const { timeout, max_retries, max_concurrent_requests } = parts.transport;
  const args = { api_key: parts.apiKey, base_url: checkedUrl(deployment, parts.baseUrl), openai_model_name: parts.model, output_processor: parts.outputProcessor, timeout, max_retries, max_concurrent_requests };
  const { config, apiKey } = openAIClientConfig({ ...deployment, client_spec: { ...deployment.client_spec, args: stripUndefined(args) } }, CHAT, env);
  return new OpenAIClient({ ...config, authHeaders: parts.authHeaders, azureApiVersion: parts.azureApiVersion }, apiKey, cache);
}

function stripUndefined(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
}

/**
 * AzureOpenAIClient's endpoint: `base_url` as given, else `<endpoint>/openai` (the SDK's
 * azure_endpoint rule), the endpoint defaulting to AZURE_OPENAI_ENDPOINT as in HELM.
 */
function azureBaseUrl(deployment: ModelDeployment, endpoint: string | undefined, baseUrl: string | undefined, env: ProviderEnvironment): string {
  if (baseUrl !== undefined) return baseUrl;
  const azureEndpoint = endpoint || env.processEnv.AZURE_OPENAI_ENDPOINT;
  if (!azureEndpoint) return requireEndpoint(deployment, undefined, env);
  return `${azureEndpoint.replace(/\/+$/, '')}/openai`;
}

/** Azure OpenAI behind the gateway: the `api-key` header plus the subscription key, both the key. */
export function createSHCAzureOpenAIClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): OpenAIClient {
  const args = parseClientArgs(deployment, {
    openai_model_name: z.string(),
    api_version: ApiVersion,
    api_key: z.string().optional(),
    endpoint: z.string().optional(),
    base_url: z.string().optional(),
    ...Transport,
  });
  const apiKey = gatewayApiKey(deployment, args.api_key, env);
  const endpoint = gatewayEndpoint(deployment, args.endpoint, env);
  // A base_url template ("{endpoint}/openai-eastus2") is filled with the endpoint, which it then needs.
  const baseUrl = args.base_url === undefined ? undefined : formatBaseUrl(args.base_url, requireEndpoint(deployment, endpoint, env));
  return gatewayOpenAIClient(deployment, cache, env, {
    apiKey,
    baseUrl: azureBaseUrl(deployment, endpoint, baseUrl, env),
    model: args.openai_model_name,
    transport: args,
    authHeaders: { 'api-key': apiKey, [SUBSCRIPTION_KEY_HEADER]: apiKey },
    azureApiVersion: args.api_version,
  });
}

/** An OpenAI-compatible server behind the gateway: the SDK's key is a dummy, the subscription key authenticates. */
export function createSHCOpenAIClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): OpenAIClient {
  const args = parseClientArgs(deployment, {
    base_url: z.string().optional(),
    openai_model_name: z.string().optional(),
    model_name: z.string().optional(),
    output_processor: z.string().optional(),
    api_key: z.string().optional(),
    endpoint: z.string().optional(),
    ...Transport,
  });
  const endpoint = requireEndpoint(deployment, gatewayEndpoint(deployment, args.endpoint, env), env);
  const apiKey = gatewayApiKey(deployment, args.api_key, env);
  if (args.base_url === undefined) {
    throw new HelmInputError(`Model deployment ${deployment.name}: ${deployment.client_spec.class_name} needs client_spec.args.base_url (e.g. "{endpoint}/llama3370b/v1")`);
  }
  return gatewayOpenAIClient(deployment, cache, env, {
    apiKey,
    baseUrl: formatBaseUrl(args.base_url, endpoint),
    model: args.openai_model_name,
    outputProcessor: args.output_processor,
    transport: args,
    authHeaders: { authorization: 'Bearer dummy', [SUBSCRIPTION_KEY_HEADER]: apiKey },
  });
}

/** Azure OpenAI at `<endpoint>/openai` with only the `api-key` header and a fixed API version. */
export function createSHCSHCOpenAIClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): OpenAIClient {
  const args = parseClientArgs(deployment, { api_key: z.string().optional(), endpoint: z.string().optional(), ...Transport });
  const apiKey = gatewayApiKey(deployment, args.api_key, env);
  return gatewayOpenAIClient(deployment, cache, env, {
    apiKey,
    baseUrl: azureBaseUrl(deployment, gatewayEndpoint(deployment, args.endpoint, env), undefined, env),
    transport: args,
    authHeaders: { 'api-key': apiKey },
    azureApiVersion: SHC_API_VERSION,
  });
}
