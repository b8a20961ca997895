import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../../common/errors';
import { pyFloat, toNumber, type PyNumber } from '../../common/py-number';
import { credentialString } from '../credentials';
import type { RequestCacheLike } from '../request-cache';
import type { GeneratedOutput, ModelDeployment, Request, RequestResult } from '../schemas';
import { hostOrganization, modelEngine, type ModelClient } from './client';
import { ModelRequestRejectedError } from './common/http';
import {
  TransportArgs,
  cachedProviderCall,
  completionsResult,
  failedResult,
  parseClientArgs,
  rejectedResult,
  resolveConnection,
  type ProviderConnection,
  type ProviderEnvironment,
} from './common/provider';
import { RequestCache } from '../request-cache';
import { resourcePath } from './google/vertexai-wire';
import { isGoogleTransientStatus, resolveVertexAIConnection, vertexAuthorization } from './vertexai-client';

/** `client_spec.args` of GoogleGenAIClient deployments (HELM's constructor arguments). */
const GoogleGenAIArgs = {
  ...TransportArgs,
  thinking_config: z.record(z.string(), z.unknown()).optional(),
  genai_model: z.string().optional(),
  genai_use_vertexai: z.boolean().optional(),
  project_id: z.string().optional(),
  location: z.string().optional(),
};

/**
 * The field names of google-genai's `Content`, `Part`, `GenerateContentConfig` and
 * `ThinkingConfig` (generated from the SDK HELM pins by scripts/helm-reference/client-cache-keys.py):
 * HELM keys its cache with their `model_dump()`, which lists every field, unset ones as None.
 */
const GenAIFields = z.object({
  Content: z.array(z.string()),
  Part: z.array(z.string()),
  GenerateContentConfig: z.array(z.string()),
  ThinkingConfig: z.array(z.string()),
});
type GenAIFields = z.infer<typeof GenAIFields>;

let fields: GenAIFields | undefined;
function genaiFields(): GenAIFields {
  if (!fields) {
    // Next to this module once built (the build copies it), else in the source tree.
    const candidates = [path.join(__dirname, 'google', 'genai-fields.json'), path.resolve(__dirname, '../../../../core/models/clients/google/genai-fields.json')];
    const file = candidates.find((f) => fs.existsSync(f)) ?? candidates[0];
    fields = GenAIFields.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  return fields;
}

/** A pydantic `model_dump()`: every field of the model, None where unset. */
function dump(fieldNames: readonly string[], values: Record<string, unknown>): Record<string, unknown> {
  const unknown = Object.keys(values).filter((k) => !fieldNames.includes(k));
  if (unknown.length > 0) throw new Error(`google-genai has no field ${unknown.join(', ')}`);
  return Object.fromEntries(fieldNames.map((name) => [name, values[name] ?? null]));
}

/** google-genai declares these as floats, so pydantic stores 0 as 0.0 (and the key says so). */
function asFloat(value: PyNumber): PyNumber {
  return pyFloat(toNumber(value));
}

const ROLES: Readonly<Record<string, string>> = { user: 'user', assistant: 'model' };

interface GenAIRequest {
  model: string;
  /** `[{role, text}]`, system messages left out (they become the system instruction). */
  contents: Array<{ role: string; text: string }>;
  config: Record<string, unknown>;
}

/** HELM's request → (model, contents, config) conversion, with its checks. */
export function toGenAIRequest(request: Request, options: { model: string; thinkingConfig?: Record<string, unknown> }): GenAIRequest {
  if (request.echo_prompt) throw new HelmInputError('GoogleGenAIClient does not support Request.echo_prompt');
  if (request.multimodal_prompt !== undefined && request.multimodal_prompt !== null) {
    throw new HelmInputError('Multimodal prompts are not supported by the Google GenAI client in helm-ts');
  }
  const contents: GenAIRequest['contents'] = [];
  let systemInstruction: string | undefined;
  if (request.messages !== undefined) {
    if (request.prompt) throw new HelmInputError('Only one of Request.prompt, Request.messages or Request.multimodal_prompt may be set');
    for (const message of request.messages) {
      if (message.role === 'system') continue;
      const role = ROLES[message.role];
      if (role === undefined) throw new HelmInputError(`GoogleGenAIClient: unknown message role ${JSON.stringify(message.role)} (user, assistant, system)`);
      contents.push({ role, text: message.content });
    }
    if (request.messages[0]?.role === 'system') systemInstruction = request.messages[0].content;
  } else {
    contents.push({ role: 'user', text: request.prompt });
  }
  let seed: number | undefined;
  if (request.random !== undefined) {
    if (!/^\s*[+-]?\d+\s*$/.test(request.random)) throw new HelmInputError('Request.random must be an int for GoogleGenAIClient');
    seed = Number.parseInt(request.random, 10);
  }
  const jsonSchema = request.response_format?.json_schema;
  const config: Record<string, unknown> = {
    system_instruction: systemInstruction,
    temperature: asFloat(request.temperature),
    top_p: asFloat(request.top_p),
    top_k: asFloat(request.top_k_per_token),
    candidate_count: request.num_completions,
    max_output_tokens: request.max_tokens,
    stop_sequences: request.stop_sequences,
    presence_penalty: asFloat(request.presence_penalty),
    frequency_penalty: asFloat(request.frequency_penalty),
    seed,
    response_mime_type: jsonSchema ? 'application/json' : undefined,
    response_json_schema: jsonSchema ?? undefined,
    thinking_config: options.thinkingConfig,
  };
  return { model: options.model, contents, config };
}

/** HELM's cache key: `{model, contents: [Content.model_dump()], config: GenerateContentConfig.model_dump()}`. */
export function genAICacheKey(genai: GenAIRequest): string {
  const f = genaiFields();
  const config = { ...genai.config };
  if (config.thinking_config !== undefined) config.thinking_config = dump(f.ThinkingConfig, config.thinking_config as Record<string, unknown>);
  return RequestCache.keyOf({
    model: genai.model,
    contents: genai.contents.map((c) => dump(f.Content, { role: c.role, parts: [dump(f.Part, { text: c.text })] })),
    config: dump(f.GenerateContentConfig, config),
  });
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

/**
 * The REST body google-genai sends for generate_content (camelCase, unset fields left out). The
 * SDK copies the ThinkingConfig object into `thinkingConfig` as is, so its own fields keep their
 * snake_case names (`thinking_budget`), which the API accepts as well (checked against HELM with
 * google-genai 1.75, test/unit/models/client-requests-differential.test.ts).
 */
export function genAIWireBody(genai: GenAIRequest): Record<string, unknown> {
  const generationConfig: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(genai.config)) {
    if (value === undefined || name === 'system_instruction') continue;
    generationConfig[camel(name)] =
      name === 'thinking_config' ? Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined)) : value;
  }
  const body: Record<string, unknown> = {
    contents: genai.contents.map((c) => ({ role: c.role, parts: [{ text: c.text }] })),
    generationConfig,
  };
  const system = genai.config.system_instruction;
  if (typeof system === 'string') body.systemInstruction = { parts: [{ text: system }], role: 'user' };
  return body;
}

/** The parts of a generateContent response HELM reads. */
export const GenerateContentResponse = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ role: z.string().nullish(), parts: z.array(z.looseObject({ text: z.string().nullish(), thought: z.boolean().nullish() })).nullish() }).nullish(),
        finishReason: z.string().nullish(),
      }),
    )
    .nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
});
type GenerateContentResponse = z.infer<typeof GenerateContentResponse>;

const BLOCKED_FINISH_REASONS = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']);
const FINISH_REASONS: Readonly<Record<string, string>> = { STOP: 'stop', MAX_TOKENS: 'length' };

class ContentBlocked extends Error {}

/** Candidates → HELM outputs; blocked content in any of its forms is HELM's "Content blocked" failure. */
export function genAIOutputs(response: GenerateContentResponse): GeneratedOutput[] {
  const blockReason = response.promptFeedback?.blockReason;
  // HELM formats google-genai's enums, which print as `BlockedReason.SAFETY`.
  if (blockReason) throw new ContentBlocked(`Prompt blocked with reason: BlockedReason.${blockReason}`);
  if (!response.candidates || response.candidates.length === 0) throw new ContentBlocked('No candidates in response');
  return response.candidates.map((candidate) => {
    if (candidate.finishReason && BLOCKED_FINISH_REASONS.has(candidate.finishReason)) {
      throw new ContentBlocked(`Content blocked with reason: FinishReason.${candidate.finishReason}`);
    }
    if (!candidate.content) throw new ContentBlocked('No content in candidate');
    const parts = candidate.content.parts ?? [];
    if (parts.length === 0 && candidate.finishReason !== 'MAX_TOKENS') throw new ContentBlocked('No content parts in candidate');
    const thinking = parts.filter((p) => p.text != null && p.thought).map((p) => p.text ?? '');
    const text = parts.filter((p) => p.text != null && !p.thought).map((p) => p.text ?? '');
    const output: GeneratedOutput = { text: text.join(''), logprob: pyFloat(0), tokens: [] };
    if (candidate.finishReason) output.finish_reason = { reason: FINISH_REASONS[candidate.finishReason] ?? candidate.finishReason };
    if (thinking.join('')) output.thinking = { text: thinking.join('') };
    return output;
  });
}

/** Where generateContent is: the Gemini API with a key, or Vertex AI with a Google Cloud token. */
export interface GenAIEndpoint {
  connection: ProviderConnection;
  url(model: string): string;
  headers: Record<string, string>;
  authorize?: () => Promise<{ headers: Record<string, string>; secrets: string[] }>;
  retryStatus?: (status: number) => boolean;
}

/** google-genai's model path on Vertex AI: a bare id is Google's, `meta/x` is publisher meta's model x. */
export function genAIVertexModel(model: string): string {
  if (model.startsWith('publishers/') || model.startsWith('projects/')) return model;
  if (model.startsWith('models/')) return `publishers/google/${model}`;
  const slash = model.indexOf('/');
  return slash === -1 ? `publishers/google/models/${model}` : `publishers/${model.slice(0, slash)}/models/${model.slice(slash + 1)}`;
}

/**
 * HELM's GoogleGenAIClient (REST over fetch): HELM's contents/config and cache key, candidates as
 * completions, blocked content as a non-fatal failure; on the Gemini API with a key, or on Vertex
 * AI (project and location) with a Google Cloud access token, as google-genai does.
 */
export class GoogleGenAIClient implements ModelClient {
  constructor(
    private readonly endpoint: GenAIEndpoint,
    private readonly cache: RequestCacheLike,
    private readonly options: { modelOverride?: string; thinkingConfig?: Record<string, unknown> },
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    if (request.embedding) return failedResult('Computing the embedding is unavailable in this client');
    const genai = toGenAIRequest(request, { model: this.options.modelOverride ?? modelEngine(request.model), thinkingConfig: this.options.thinkingConfig });
    const outcome = await cachedProviderCall({
      connection: this.endpoint.connection,
      cache: this.cache,
      key: genAICacheKey(genai),
      url: this.endpoint.url(genai.model),
      headers: this.endpoint.headers,
      authorize: this.endpoint.authorize,
      retryStatus: this.endpoint.retryStatus,
      body: genAIWireBody(genai),
      schema: GenerateContentResponse,
    });
    if (outcome instanceof ModelRequestRejectedError) return rejectedResult('Google GenAI error: ', outcome);
    let completions: GeneratedOutput[];
    try {
      completions = genAIOutputs(outcome.response);
    } catch (error) {
      if (error instanceof ContentBlocked) return failedResult(`Content blocked: ${error.message}`);
      throw error;
    }
    return completionsResult(completions, { ...outcome.response, cached: outcome.cached });
  }
}

export function createGoogleGenAIClient(deployment: ModelDeployment, cache: RequestCacheLike, env: ProviderEnvironment): GoogleGenAIClient {
  const args = parseClientArgs(deployment, GoogleGenAIArgs);
  const host = hostOrganization(deployment.name);
  const vertex =
    args.genai_use_vertexai === true ||
    (args.genai_use_vertexai === undefined &&
      (args.project_id ?? credentialString(env.credentials, `${host}ProjectId`)) !== undefined &&
      (args.location ?? credentialString(env.credentials, `${host}Location`)) !== undefined);
  const options = { modelOverride: args.genai_model, thinkingConfig: args.thinking_config };
  if (vertex) {
    const { api_key: _key, thinking_config: _thinking, genai_model: _model, genai_use_vertexai: _mode, ...vertexArgs } = args;
    const vc = resolveVertexAIConnection(deployment, vertexArgs, env);
    const endpoint: GenAIEndpoint = {
      // The token is the secret here (vertexAuthorization names it per call).
      connection: { deploymentName: vc.deploymentName, baseUrl: vc.baseUrl, apiKey: '', retryPolicy: vc.retryPolicy, semaphore: vc.semaphore, onRetry: vc.onRetry },
      url: (model) => `${vc.baseUrl}/v1beta1/${resourcePath(`projects/${vc.project}/locations/${vc.location}/${genAIVertexModel(model)}`)}:generateContent`,
      headers: {},
      authorize: () => vertexAuthorization(vc),
      retryStatus: isGoogleTransientStatus,
    };
    return new GoogleGenAIClient(endpoint, cache, options);
  }
  const keyEnvVar = env.processEnv.GOOGLE_API_KEY ? 'GOOGLE_API_KEY' : 'GEMINI_API_KEY';
  const connection = resolveConnection(deployment, args, env, {
    label: 'Gemini',
    keyEnvVar,
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  });
  const endpoint: GenAIEndpoint = {
    connection,
    url: (model) => `${connection.baseUrl}/v1beta/models/${encodeURIComponent(model)}:generateContent`,
    headers: { 'x-goog-api-key': connection.apiKey },
  };
  return new GoogleGenAIClient(endpoint, cache, options);
}
