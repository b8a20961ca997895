import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonJsonDumps, pythonJsonParse } from '../../../core/common/python-json';
import { createModelClient } from '../../../core/models/clients';
import { RequestCaches, type RequestCacheLike } from '../../../core/models/request-cache';
import { defaultRequest, type ModelDeployment, type Request, type RequestResult } from '../../../core/models/schemas';

/**
 * helm-ts's API clients against Python HELM's own client classes: for each golden case
 * (scripts/helm-reference/client-requests-golden.py ran HELM's client against a local fake provider
 * with canned replies), the same request and the same replies must give the same HTTP calls
 * (method, path, parsed JSON body), the same cache keys, and the same RequestResult.
 */

interface HttpCall {
  method: string;
  path: string;
  body: unknown;
  /** The authentication headers, recorded only for calls that carry a subscription key or Azure `api-key`. */
  headers?: Record<string, string>;
}
/** The headers the golden records (scripts/helm-reference/client-requests-golden.py AUTH_HEADERS). */
const AUTH_HEADERS = ['ocp-apim-subscription-key', 'api-key', 'authorization'];
/** A canned reply: a JSON body, or server-sent events (`[event, data]` pairs). */
interface Reply {
  status?: number;
  /** Extra response headers (Bedrock's x-amzn-ErrorType). */
  headers?: Record<string, string>;
  body?: unknown;
  sse?: Array<[string, unknown]>;
}
interface GoldenCase {
  client: string;
  case: string;
  request: Record<string, unknown>;
  replies: Reply[];
  http: HttpCall[];
  keys: string[];
  /** HELM's RequestResult, or null when HELM's make_request raised (`raised` says what). */
  result: Record<string, unknown> | null;
  result_json: string | null;
  cached: boolean | null;
  raised: string | null;
}
interface Golden {
  versions: Record<string, string>;
  together_models: unknown[];
  cases: GoldenCase[];
}

const GOLDEN_FILE = path.join(__dirname, '../../fixtures/models/client-requests-golden.json');
const goldenText = fs.readFileSync(GOLDEN_FILE, 'utf8');
/** Plain JSON (bodies, replies) and Python-typed JSON (requests: 0.0 stays a float). */
const golden = JSON.parse(goldenText) as Golden;
const goldenTyped = pythonJsonParse(goldenText) as Golden;

/** The golden's Vertex AI project and location (scripts/helm-reference/client-requests-golden.py). */
const VERTEX_CREDENTIALS = { googleProjectId: 'helm-project', googleLocation: 'us-central1', googleAccessToken: 'ya29.test-token' };

/** The golden's dummy AWS identity and region (scripts/helm-reference/client-requests-golden.py). */
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'fake-secret', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' };

/** The deployment (HELM class, client args) each golden client name was made with. */
const CLIENTS: Record<
  string,
  {
    className: string;
    openai?: boolean;
    args?: Record<string, unknown>;
    credentials?: Record<string, string>;
    /** Stanford Health Care: the fake server is `<host>Endpoint` in credentials, not a base_url arg. */
    endpoint?: boolean;
    /** The deployment's tokenizer (clients that tokenize completions themselves: AnthropicClient, RekaClient, Bedrock). */
    tokenizerName?: string;
    /** IBM watsonx: `ibmLocation` (Dallas) and the IAM token endpoint at the fake server, in credentials. */
    watsonx?: boolean;
    /** Process environment besides HELM_CREDENTIALS (AWS keys and region). */
    processEnv?: Record<string, string>;
  }
> = {
  'openai-chat': { className: 'helm.clients.openai_client.OpenAIClient', openai: true },
  'openai-chat-text': { className: 'helm.clients.openai_client.OpenAIClient', openai: true },
  'openai-reasoning': { className: 'helm.clients.openai_client.OpenAIClient', openai: true, args: { reasoning_effort: 'low' } },
  'openai-gpt5': { className: 'helm.clients.openai_client.OpenAIClient', openai: true },
  'openai-legacy': { className: 'helm.clients.openai_client.OpenAILegacyCompletionsClient', openai: true },
  'openai-responses': { className: 'helm.clients.openai_responses_client.OpenAIResponseClient', openai: true },
  'openai-responses-gpt5': { className: 'helm.clients.openai_responses_client.OpenAIResponseClient', openai: true },
  'openai-responses-o1-pro-low': {
    className: 'helm.clients.openai_responses_client.OpenAIResponseClient',
    openai: true,
    args: { openai_model_name: 'o1-pro-2025-03-19', reasoning_effort: 'low' },
  },
  grok: { className: 'helm.clients.grok_client.GrokChatClient', openai: true },
  openrouter: { className: 'helm.clients.openrouter_client.OpenRouterClient', openai: true, args: { model_name: 'mistralai/mistral-medium-3.1' } },
  'nvidia-nim': { className: 'helm.clients.nvidia_nim_client.NvidiaNimClient', openai: true },
  'vllm-chat': { className: 'helm.clients.vllm_client.VLLMChatClient', openai: true, args: { vllm_model_name: 'meta-llama/Meta-Llama-3-8B-Instruct' } },
  vllm: { className: 'helm.clients.vllm_client.VLLMClient', openai: true, args: { vllm_model_name: 'meta-llama/Meta-Llama-3-8B' } },
  anthropic: { className: 'helm.clients.anthropic_client.AnthropicMessagesClient' },
  'anthropic-stream': {
    className: 'helm.clients.anthropic_client.AnthropicMessagesClient',
    args: { anthropic_model_name: 'claude-sonnet-4-20250514', thinking_budget_tokens: 10000, stream: true },
  },
  'anthropic-thinking': { className: 'helm.clients.anthropic_client.AnthropicMessagesClient', args: { thinking_budget_tokens: 1024 } },
  gemini: { className: 'helm.clients.google_genai_client.GoogleGenAIClient' },
  'gemini-thinking': {
    className: 'helm.clients.google_genai_client.GoogleGenAIClient',
    args: { thinking_config: { include_thoughts: true, thinking_budget: 1024 } },
  },
  // Vertex AI: HELM's project and location bindings, and an access token in place of Google Cloud credentials.
  'gemini-vertex': { className: 'helm.clients.google_genai_client.GoogleGenAIClient', credentials: VERTEX_CREDENTIALS },
  'gemini-vertex-llama4': {
    className: 'helm.clients.google_genai_client.GoogleGenAIClient',
    args: { genai_model: 'meta/llama-4-scout-17b-16e-instruct-maas', genai_use_vertexai: true, location: 'us-east5' },
    credentials: VERTEX_CREDENTIALS,
  },
  'vertex-chat': { className: 'helm.clients.vertexai_client.VertexAIChatClient', credentials: VERTEX_CREDENTIALS },
  'vertex-chat-safety-default': {
    className: 'helm.clients.vertexai_client.VertexAIChatClient',
    args: { vertexai_model: 'gemini-1.5-pro-001', safety_settings_preset: 'default' },
    credentials: VERTEX_CREDENTIALS,
  },
  'vertex-chat-llama': {
    className: 'helm.clients.vertexai_client.VertexAIChatClient',
    args: { vertexai_model: 'publishers/meta/models/llama-3.1-8b-instruct-maas' },
    credentials: VERTEX_CREDENTIALS,
  },
  'vertex-text': { className: 'helm.clients.vertexai_client.VertexAITextClient', credentials: VERTEX_CREDENTIALS },
  'vertex-text-medlm': { className: 'helm.clients.vertexai_client.VertexAITextClient', credentials: VERTEX_CREDENTIALS },
  mistral: { className: 'helm.clients.mistral_client.MistralAIClient' },
  together: { className: 'helm.clients.together_client.TogetherClient', args: { together_model: 'meta-llama/Llama-3-8b-hf' } },
  'together-alpaca': { className: 'helm.clients.together_client.TogetherClient' },
  'together-llama-65b': { className: 'helm.clients.together_client.TogetherClient' },
  'together-chat': { className: 'helm.clients.together_client.TogetherChatClient', args: { together_model: 'meta-llama/Llama-3-8b-chat-hf' } },
  'together-r1': {
    className: 'helm.clients.together_client.TogetherChatClient',
    args: { together_model: 'deepseek-ai/DeepSeek-R1', parse_thinking: true },
  },
  // Stanford Health Care's gateway, with the args of HELM's deployments.
  'shc-azure': {
    className: 'helm.clients.stanfordhealthcare_azure_openai_client.StanfordHealthCareAzureOpenAIClient',
    endpoint: true,
    args: { openai_model_name: 'gpt-4o-mini', api_version: new Date('2023-05-15') },
  },
  'shc-azure-base-url': {
    className: 'helm.clients.stanfordhealthcare_azure_openai_client.StanfordHealthCareAzureOpenAIClient',
    endpoint: true,
    args: { openai_model_name: 'o3-mini', api_version: '2024-12-01-preview', base_url: '{endpoint}/openai-eastus2' },
  },
  'shc-openai': {
    className: 'helm.clients.stanfordhealthcare_openai_client.StanfordHealthCareOpenAIClient',
    endpoint: true,
    args: { base_url: '{endpoint}/llama3370b/v1' },
  },
  'shc-openai-deepseek': {
    className: 'helm.clients.stanfordhealthcare_openai_client.StanfordHealthCareOpenAIClient',
    endpoint: true,
    args: {
      openai_model_name: 'deepseek-chat',
      output_processor: 'helm.benchmark.metrics.output_processors.remove_deepseek_r1_thinking',
      base_url: '{endpoint}/deepseekr1/v1',
    },
  },
  'shc-shc': { className: 'helm.clients.stanfordhealthcare_shc_openai_client.StanfordHealthCareSHCOpenAIClient', endpoint: true },
  'shc-claude': {
    className: 'helm.clients.stanfordhealthcare_claude_client.StanfordHealthCareClaudeClient',
    endpoint: true,
    args: { model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', deployment: 'Claude35Sonnetv2/awssig4fa' },
  },
  'shc-gemini': {
    className: 'helm.clients.stanfordhealthcare_google_client.StanfordHealthCareGoogleClient',
    endpoint: true,
    args: { deployment: 'gcp-gem20flash-fa/apim-gcp-gem20flash-fa' },
  },
  // Amazon Bedrock: boto3's dummy keys and region from the environment, the fake server as base_url.
  'bedrock-titan': { className: 'helm.clients.bedrock_client.BedrockTitanClient', tokenizerName: 'huggingface/gpt2', processEnv: AWS_ENV },
  'bedrock-mistral': { className: 'helm.clients.bedrock_client.BedrockMistralClient', tokenizerName: 'huggingface/gpt2', processEnv: AWS_ENV },
  'bedrock-llama': { className: 'helm.clients.bedrock_client.BedrockLlamaClient', tokenizerName: 'huggingface/gpt2', processEnv: AWS_ENV },
  'bedrock-nova': { className: 'helm.clients.bedrock_client.BedrockNovaClient', tokenizerName: 'huggingface/gpt2', processEnv: AWS_ENV },
  'bedrock-nova-premier': {
    className: 'helm.clients.bedrock_client.BedrockNovaClient',
    args: { bedrock_model_id: 'us.amazon.nova-premier-v1:0' },
    tokenizerName: 'huggingface/gpt2',
    processEnv: AWS_ENV,
  },
  'bedrock-palmyra': {
    className: 'helm.clients.bedrock_client.BedrockPalmyraClient',
    args: { bedrock_model_id: 'us.writer.palmyra-x5-v1:0', region: 'us-west-2' },
    tokenizerName: 'huggingface/gpt2',
    processEnv: AWS_ENV,
  },
  'together-completion': {
    className: 'helm.clients.together_client.TogetherCompletionClient',
    args: { together_model: 'mistralai/Mixtral-8x7B-v0.1' },
  },
  // HELM's older text APIs; the golden gives AnthropicClient HELM's SimpleTokenizer.
  'anthropic-completions': { className: 'helm.clients.anthropic_client.AnthropicClient', tokenizerName: 'simple/tokenizer1' },
  ai21: { className: 'helm.clients.ai21_client.AI21Client' },
  'ai21-chat': { className: 'helm.clients.ai21_client.AI21ChatClient' },
  cohere: { className: 'helm.clients.cohere_client.CohereClient' },
  'cohere-chat': { className: 'helm.clients.cohere_client.CohereChatClient' },
  'aleph-alpha': { className: 'helm.clients.aleph_alpha_client.AlephAlphaClient' },
  // Writer (legacy Palmyra completions, HELM's OpenAI client for Palmyra chat, the writer-sdk chat API) and Reka.
  palmyra: { className: 'helm.clients.palmyra_client.PalmyraClient' },
  'palmyra-chat': { className: 'helm.clients.palmyra_client.PalmyraChatClient', openai: true },
  writer: { className: 'helm.clients.writer_client.WriterClient' },
  reka: { className: 'helm.clients.reka_client.RekaClient', tokenizerName: 'openai/cl100k_base' },
  'ibm-chat': { className: 'helm.clients.ibm_client.IbmChatClient', watsonx: true, args: { watsonx_model_name: 'ibm/granite-3-8b-instruct', region: 'Dallas' } },
  'ibm-text': { className: 'helm.clients.ibm_client.IbmTextClient', watsonx: true, args: { watsonx_model_name: 'ibm/granite-8b-code-instruct', region: 'Dallas' } },
  'ibm-text-granite-13b': {
    className: 'helm.clients.ibm_client.IbmTextClient',
    watsonx: true,
    args: { watsonx_model_name: 'ibm/granite-13b-instruct-v2', region: 'Dallas' },
  },
};

/** IBM Cloud IAM's token endpoint (not part of the golden, whose SDK stand-in does not authenticate): answered, not recorded. */
const IAM_TOKEN_PATH = '/identity/token';

/** A provider that records every POST and answers from the case's canned replies, in order. */
class CannedProvider {
  readonly calls: HttpCall[] = [];
  replies: Reply[] = [];
  private server!: http.Server;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          // Error bodies as Python's json.dumps wrote them (some HELM messages quote the text).
          res.end(status >= 400 ? pythonJsonDumps(body) : JSON.stringify(body));
        };
        if (req.method === 'GET') {
          if ((req.url ?? '').replace(/\/+$/, '').endsWith('/v1/models')) send(200, golden.together_models);
          else send(404, { error: { message: `no GET ${req.url}` } });
          return;
        }
        if (req.url === IAM_TOKEN_PATH) {
          send(200, { access_token: 'eyJ.test.token', refresh_token: 'not_supported', token_type: 'Bearer', expires_in: 3600, expiration: Math.floor(Date.now() / 1000) + 3600 });
          return;
        }
        const call: HttpCall = { method: req.method ?? '', path: req.url ?? '', body: text ? JSON.parse(text) : null };
        const auth = Object.fromEntries(AUTH_HEADERS.flatMap((name) => (typeof req.headers[name] === 'string' ? [[name, req.headers[name]]] : [])));
        if ('ocp-apim-subscription-key' in auth || 'api-key' in auth) call.headers = auth;
        this.calls.push(call);
        const reply = this.replies.shift();
        if (!reply) send(599, { error: { message: 'no canned reply left' } });
        else if (reply.sse) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(reply.sse.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join(''));
        } else send(reply.status ?? 200, reply.body, reply.headers);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** HELM's cache over a map: each new key recorded, a key asked for again is a hit. */
class RecordingCache implements RequestCacheLike {
  readonly keys: string[] = [];
  private readonly store = new Map<string, unknown>();
  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<{ response: T; cached: boolean }> {
    if (this.store.has(key)) return { response: structuredClone(this.store.get(key)) as T, cached: true };
    this.keys.push(key);
    const response = await compute();
    this.store.set(key, structuredClone(response));
    return { response, cached: false };
  }
}

class RecordingCaches extends RequestCaches {
  readonly cache = new RecordingCache();
  constructor() {
    super(os.tmpdir(), true);
  }
  override forShard(): RequestCacheLike {
    return this.cache;
  }
}

/** A Python dataclass dict (None for unset) → our Request (undefined for unset). */
function requestFrom(dict: Record<string, unknown>): Request {
  return defaultRequest(Object.fromEntries(Object.entries(dict).filter(([, v]) => v !== null)) as Partial<Request>);
}

/** HELM's RequestResult as the golden has it: no timing, no `cached`, None fields dropped. */
function resultJson(result: RequestResult): string {
  const { request_time: _t, request_datetime: _d, cached: _c, batch_request_time: _b, batch_size: _s, ...rest } = result as RequestResult & Record<string, unknown>;
  return pythonJsonDumps(rest, { sortKeys: true });
}

/**
 * Refusals (HTTP 4xx other than 401/403/404, not a content filter HELM recognises) stop HELM's
 * run: its Anthropic, Gemini, Mistral, AI21 chat and Cohere chat clients let the SDK's exception
 * escape, and its OpenAI, Together, Anthropic Text Completions, AI21, Cohere and Aleph Alpha
 * clients return a failed result without error_flags, which HELM's executor treats as fatal. helm-ts records such a request as failed and not fatal (its error names the provider's
 * message), so one refused request does not end a run; a bad key, a forbidden or unknown model
 * (401/403/404) still fail it. This is a deliberate difference (core/models/clients/common/provider.ts
 * rejectedResult); the message wording follows HELM's for OpenAI (checked) and the Stainless
 * SDKs' format elsewhere, where HELM writes no result to compare with.
 */
const REFUSALS_THAT_STOP_HELM_RUNS = new Set([
  'openai-chat/http-400',
  'openai-responses/http-400',
  'anthropic/http-400',
  'gemini/http-400',
  'mistral/http-400',
  'together-chat/http-400',
  'vertex-chat/http-400',
  'vertex-text/http-400',
  'shc-openai/http-400',
  'anthropic-completions/http-400',
  'ai21/error',
  'ai21-chat/http-400',
  'cohere/error',
  'cohere-chat/http-400',
  'aleph-alpha/http-400',
  'palmyra/http-400',
  'writer/http-400',
  'reka/http-400',
  'ibm-chat/http-400',
  'ibm-text/http-400',
  // Bedrock: HELM's InvokeModel clients return the failed result without error_flags; Converse
  // raises botocore's error; Palmyra raises on its {"object": "error"} answer.
  'bedrock-titan/http-400',
  'bedrock-llama/http-403',
  'bedrock-nova/http-400',
  'bedrock-palmyra/object-error',
]);

/** Clients whose refused request is HELM's result word for word, without HELM's (missing) error_flags. */
const SAME_REFUSAL_MESSAGE = new Set(['anthropic-completions', 'ai21', 'cohere', 'aleph-alpha']);

/**
 * Cases where HELM raises before any call and helm-ts sends the request HELM built: with its
 * pinned reka-api (2.0.0), HELM's RekaClient fails every text prompt on the SDK's own check of the
 * `media_url: None` it writes. The golden's other Reka cases relax that check: they are what helm-ts sends.
 */
const HELM_RAISES_BEFORE_SENDING = new Map([['reka-strict/qa', 'InvalidConversationError']]);

/**
 * HELM's Gemini and Vertex AI clients end some blocked-content messages with the SDK's rendering
 * of the response or candidate (google-genai's repr, `sdk_http_response=HttpResponse(...) ...`,
 * which depends on the response's HTTP headers; the vertexai SDK's protobuf text,
 * `content {\n  role: "model"\n}\nfinish_reason: STOP\n`). helm-ts writes the message without it;
 * the rest of the result must be HELM's, and HELM's message must be helm-ts's plus that rendering
 * (after the separator given here).
 */
const MESSAGE_WITHOUT_SDK_REPR = new Map([
  ['gemini/no-candidates', ': sdk_http_response='],
  ['vertex-chat/no-parts', ': '],
  ['vertex-chat/no-content', ': '],
  ['vertex-chat/no-candidates', ': '],
]);

const provider = new CannedProvider();
let localPath: string;

beforeAll(async () => {
  await provider.start();
  localPath = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-client-diff-'));
});
afterAll(async () => {
  await provider.stop();
  fs.rmSync(localPath, { recursive: true, force: true });
});

async function run(index: number): Promise<{ calls: HttpCall[]; keys: string[]; result: RequestResult }> {
  const typed = goldenTyped.cases[index];
  const spec = CLIENTS[typed.client];
  const request = requestFrom(typed.request);
  const host = (request.model_deployment ?? request.model).split('/')[0];
  const deployment: ModelDeployment = {
    name: request.model_deployment ?? request.model,
    model_name: request.model,
    client_spec: {
      class_name: spec.className,
      args: spec.endpoint || spec.watsonx ? { ...spec.args } : { ...spec.args, base_url: spec.openai ? `${provider.baseUrl}/v1` : provider.baseUrl },
    },
    ...(spec.tokenizerName ? { tokenizer_name: spec.tokenizerName } : {}),
    deprecated: false,
  };
  const caches = new RecordingCaches();
  const client = createModelClient(deployment, caches, {
    localPath,
    processEnv: {
      ...spec.processEnv,
      HELM_CREDENTIALS: Object.entries({
        [`${host}ApiKey`]: 'k',
        ...(spec.endpoint ? { [`${host}Endpoint`]: provider.baseUrl } : {}),
        ...(spec.watsonx
          ? { [`${host}Location`]: [{ region: 'Dallas', url: provider.baseUrl, project_id: 'helm-project' }], [`${host}IamUrl`]: `${provider.baseUrl}${IAM_TOKEN_PATH}` }
          : {}),
        ...spec.credentials,
      })
        .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
        .join('\n'),
    },
    // Model tags from HELM's registry, as in a run (OpenAI drops a null `stop` for vision-language models).
    retryPolicy: { maxRetries: 0 },
  });
  provider.calls.length = 0;
  provider.replies = structuredClone(golden.cases[index].replies);
  const made = await client.makeRequest(request);
  expect(provider.replies, 'every canned reply was asked for').toEqual([]);
  // The golden writes the fake server's URL (in `requests`' HTTPError messages) with a fixed port.
  const result = made.error === undefined ? made : { ...made, error: made.error.replaceAll(provider.baseUrl, 'http://127.0.0.1:PORT') };
  return { calls: [...provider.calls], keys: caches.cache.keys, result };
}

describe("helm-ts's API clients against Python HELM's (client-requests-golden.json)", () => {
  it('the golden was made with HELM 0.5.16', () => {
    expect(golden.versions['crfm-helm']).toBe('0.5.16');
    expect(golden.cases.length).toBeGreaterThan(20);
  });

  golden.cases.forEach((goldenCase, index) => {
    const raisedBeforeSending = HELM_RAISES_BEFORE_SENDING.get(`${goldenCase.client}/${goldenCase.case}`);
    if (raisedBeforeSending !== undefined) {
      it(`${goldenCase.client} / ${goldenCase.case}: HELM raises ${raisedBeforeSending} before any call (helm-ts sends the request; deliberate)`, () => {
        expect(goldenCase.raised).toContain(raisedBeforeSending);
        expect(goldenCase.http).toEqual([]);
      });
      return;
    }
    describe(`${goldenCase.client} / ${goldenCase.case}`, () => {
      let outcome: Awaited<ReturnType<typeof run>>;
      beforeAll(async () => {
        outcome = await run(index);
      });
      it('sends the same HTTP calls (method, path, JSON body)', () => {
        expect(outcome.calls).toEqual(goldenCase.http);
      });
      it('computes the same cache keys', () => {
        expect(outcome.keys).toEqual(goldenCase.keys);
      });
      if (goldenCase.cached !== null && goldenCase.result?.success === true) {
        it(`reports cached: ${goldenCase.cached} for a fresh request, as HELM does`, () => {
          expect(outcome.result.cached).toBe(goldenCase.cached);
        });
      }
      if (!REFUSALS_THAT_STOP_HELM_RUNS.has(`${goldenCase.client}/${goldenCase.case}`)) {
        it('returns the same RequestResult', () => {
          expect(goldenCase.raised).toBeNull();
          const separator = MESSAGE_WITHOUT_SDK_REPR.get(`${goldenCase.client}/${goldenCase.case}`);
          if (separator !== undefined) {
            const helmError = String(goldenCase.result?.error);
            const cut = helmError.indexOf(separator, 'Content blocked: '.length);
            expect(cut).toBeGreaterThan(0);
            expect(outcome.result.error).toBe(helmError.slice(0, cut));
            expect(resultJson({ ...outcome.result, error: helmError })).toBe(goldenCase.result_json);
          } else expect(resultJson(outcome.result)).toBe(goldenCase.result_json);
        });
      } else {
        it("a refusal that stops HELM's run is a failed request helm-ts's run goes on past (deliberate)", () => {
          // HELM: its client raised, or gave a failed result without error_flags (fatal to its executor).
          expect(goldenCase.raised !== null || !('error_flags' in (goldenCase.result ?? {}))).toBe(true);
          // A bad key, a forbidden or an unknown model (401/403/404) fail the run, as in helm-ts's other clients.
          const fatal = [401, 403, 404].includes(goldenCase.replies[0].status ?? 200);
          expect(outcome.result).toMatchObject({ success: false, completions: [], error_flags: { is_retriable: false, is_fatal: fatal } });
          // The provider's own message is in the error, as in HELM's.
          const reply = JSON.stringify(goldenCase.replies[0].body);
          const message = /"(?:message|detail|error|description)":\s*"([^"]+)"/.exec(reply)?.[1] ?? '';
          expect(message).not.toBe('');
          expect(outcome.result.error).toContain(message);
          if (goldenCase.result !== null) {
            // Where HELM returned a result, it is helm-ts's without the error flags.
            const { error_flags: _flags, ...rest } = outcome.result;
            if (goldenCase.client.startsWith('openai') || goldenCase.client.startsWith('bedrock') || SAME_REFUSAL_MESSAGE.has(goldenCase.client)) {
              expect(resultJson(rest as RequestResult)).toBe(goldenCase.result_json);
            }
          } else if (goldenCase.client.startsWith('bedrock')) {
            // Where HELM raised, helm-ts's error is HELM's exception text.
            expect(goldenCase.raised).toContain(outcome.result.error);
          }
        });
      }
    });
  });
});
