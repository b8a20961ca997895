import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { pythonJsonParse } from '../../../core/common/python-json';
import { acceptResult } from '../../../activities/batch-results';
import { createModelClient, type ModelClient } from '../../../core/models/clients';
import { foldAnthropicStream } from '../../../core/models/clients/anthropic-client';
import { ModelServiceRetryableError } from '../../../core/models/clients/common/http';
import { ModelRegistry } from '../../../core/models/registry';
import { RequestCaches, type RequestCacheLike } from '../../../core/models/request-cache';
import { defaultRequest, type ModelDeployment, type Request } from '../../../core/models/schemas';
import { FakeProviders, errorBody, type Provider } from '../../helpers/fake-providers';

const KEY = 'test-key-SECRET-7d1e94';
const FAST_RETRIES = { initialDelayMs: 5, maxDelayMs: 20, maxRetries: 2 };

/** HELM's keys for 48 requests to 16 client configurations (scripts/helm-reference/client-cache-keys.py). */
interface KeyCase {
  client: string;
  request: Record<string, unknown>;
  keys: string[];
}
const keyCases = (pythonJsonParse(fs.readFileSync(path.join(__dirname, '../../fixtures/models/client-cache-keys.json'), 'utf8')) as { cases: KeyCase[] }).cases;

/** The deployment each golden case was made with (class, args), as in HELM's registry. */
const DEPLOYMENTS: Record<string, { provider: Provider; name: string; model: string; className: string; args?: Record<string, unknown> }> = {
  anthropic: { provider: 'anthropic', name: 'anthropic/claude-3-5-sonnet-20241022', model: 'anthropic/claude-3-5-sonnet-20241022', className: 'helm.clients.anthropic_client.AnthropicMessagesClient' },
  'anthropic-thinking': {
    provider: 'anthropic',
    name: 'anthropic/claude-sonnet-4-5-20250929',
    model: 'anthropic/claude-sonnet-4-5-20250929',
    className: 'helm.clients.anthropic_client.AnthropicMessagesClient',
    args: { thinking_budget_tokens: 1024 },
  },
  gemini: { provider: 'gemini', name: 'google/gemini-2.0-flash-001', model: 'google/gemini-2.0-flash-001', className: 'helm.clients.google_genai_client.GoogleGenAIClient' },
  'gemini-thinking': {
    provider: 'gemini',
    name: 'google/gemini-2.5-pro',
    model: 'google/gemini-2.5-pro',
    className: 'helm.clients.google_genai_client.GoogleGenAIClient',
    args: { thinking_config: { include_thoughts: true, thinking_budget: 1024 } },
  },
  mistral: { provider: 'mistral', name: 'mistralai/mistral-large-2411', model: 'mistralai/mistral-large-2411', className: 'helm.clients.mistral_client.MistralAIClient' },
  together: {
    provider: 'together',
    name: 'together/llama-3-8b',
    model: 'meta/llama-3-8b',
    className: 'helm.clients.together_client.TogetherClient',
    args: { together_model: 'meta-llama/Llama-3-8b-hf' },
  },
  'together-chat': {
    provider: 'together',
    name: 'together/llama-3-8b-chat',
    model: 'meta/llama-3-8b-chat',
    className: 'helm.clients.together_client.TogetherChatClient',
    args: { together_model: 'meta-llama/Llama-3-8b-chat-hf' },
  },
  'together-completion': {
    provider: 'together',
    name: 'together/mixtral-8x7b-32kseqlen',
    model: 'mistralai/mixtral-8x7b-32kseqlen',
    className: 'helm.clients.together_client.TogetherCompletionClient',
    args: { together_model: 'mistralai/Mixtral-8x7B-v0.1' },
  },
  'openai-chat': { provider: 'openai', name: 'openai/gpt-4o-2024-08-06', model: 'openai/gpt-4o-2024-08-06', className: 'helm.clients.openai_client.OpenAIClient' },
  'openai-reasoning': {
    provider: 'openai',
    name: 'openai/o3-mini-2025-01-31',
    model: 'openai/o3-mini-2025-01-31',
    className: 'helm.clients.openai_client.OpenAIClient',
    args: { reasoning_effort: 'low' },
  },
  'openai-legacy': { provider: 'openai', name: 'openai/gpt-3.5-turbo-instruct', model: 'openai/gpt-3.5-turbo-instruct', className: 'helm.clients.openai_client.OpenAILegacyCompletionsClient' },
  grok: { provider: 'openai', name: 'xai/grok-3-beta', model: 'xai/grok-3-beta', className: 'helm.clients.grok_client.GrokChatClient' },
  yi: { provider: 'openai', name: '01-ai/yi-large', model: '01-ai/yi-large', className: 'helm.clients.yi_client.YiChatClient' },
  openrouter: {
    provider: 'openai',
    name: 'openrouter/mistral-medium-3.1',
    model: 'mistralai/mistral-medium-3.1',
    className: 'helm.clients.openrouter_client.OpenRouterClient',
    args: { model_name: 'mistralai/mistral-medium-3.1' },
  },
  'nvidia-nim': { provider: 'openai', name: 'nvidia/llama-3.1-nemotron-70b-instruct', model: 'nvidia/llama-3.1-nemotron-70b-instruct', className: 'helm.clients.nvidia_nim_client.NvidiaNimClient' },
  upstage: { provider: 'openai', name: 'upstage/solar-pro-241126', model: 'upstage/solar-pro-241126', className: 'helm.clients.upstage_client.UpstageChatClient' },
};

/** A Python dataclass dict (None for unset) → our Request (undefined for unset). */
function requestFrom(dict: Record<string, unknown>): Request {
  const values = Object.fromEntries(Object.entries(dict).filter(([, v]) => v !== null));
  return defaultRequest(values as Partial<Request>);
}

/** A cache that stores nothing and records each key it is asked for. */
class RecordingCache implements RequestCacheLike {
  readonly keys: string[] = [];
  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<{ response: T; cached: boolean }> {
    this.keys.push(key);
    return { response: await compute(), cached: false };
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

const fake = new FakeProviders();
let localPath: string;

beforeAll(async () => {
  await fake.start();
  localPath = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-providers-'));
});
afterAll(async () => {
  await fake.stop();
  fs.rmSync(localPath, { recursive: true, force: true });
});
beforeEach(() => {
  fake.seen.length = 0;
  fake.script.length = 0;
});

function deploymentFor(caseName: string): ModelDeployment {
  const d = DEPLOYMENTS[caseName];
  return {
    name: d.name,
    model_name: d.model,
    client_spec: { class_name: d.className, args: { ...d.args, base_url: d.provider === 'openai' ? `${fake.baseUrl('openai')}/v1` : fake.baseUrl(d.provider) } },
    deprecated: false,
  };
}

function clientFor(caseName: string, caches: RequestCaches = new RecordingCaches(), env: NodeJS.ProcessEnv = {}): ModelClient {
  const host = DEPLOYMENTS[caseName].name.split('/')[0];
  return createModelClient(deploymentFor(caseName), caches, {
    localPath,
    processEnv: { HELM_CREDENTIALS: `${JSON.stringify(`${host}ApiKey`)}: ${JSON.stringify(KEY)}`, ...env },
    modelTags: [],
    retryPolicy: FAST_RETRIES,
  });
}

describe("API clients compute HELM's request-cache keys", () => {
  for (const caseName of Object.keys(DEPLOYMENTS)) {
    it(`${caseName}: the keys of HELM's client for 3 requests`, async () => {
      const cases = keyCases.filter((c) => c.client === caseName);
      expect(cases).toHaveLength(3);
      for (const golden of cases) {
        const caches = new RecordingCaches();
        const result = await clientFor(caseName, caches).makeRequest(requestFrom(golden.request));
        expect(result.success, result.error).toBe(true);
        // HELM's recorder stopped at the first key; clients that call once per completion make more.
        expect(caches.cache.keys.slice(0, golden.keys.length)).toEqual(golden.keys);
      }
    });
  }
});

describe('wire formats and responses', () => {
  const ask = (caseName: string, overrides: Partial<Request> = {}) =>
    clientFor(caseName).makeRequest(defaultRequest({ model: DEPLOYMENTS[caseName].model, model_deployment: DEPLOYMENTS[caseName].name, prompt: 'Hi', max_tokens: 5, ...overrides }));

  it('Anthropic: x-api-key and anthropic-version headers, no completion_index on the wire, thinking kept apart', async () => {
    const result = await ask('anthropic-thinking', { num_completions: 2 });
    const calls = fake.seen.filter((s) => s.provider === 'anthropic');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/v1/messages', headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } });
    expect(calls[0].body).not.toHaveProperty('completion_index');
    expect(calls[0].body).toMatchObject({ model: 'claude-sonnet-4-5-20250929', thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(result.completions).toHaveLength(2);
    expect(result.completions[0]).toMatchObject({ text: ' answer to [{"role":"user","content":"Hi"}]', tokens: [], thinking: { text: 'Let me think.' } });
  });

  it('Gemini: REST body in camelCase (thinkingConfig fields as google-genai sends them), system instruction apart, thoughts as thinking, finish reasons as HELM maps them', async () => {
    const result = await ask('gemini-thinking', {
      prompt: '',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      num_completions: 2,
      stop_sequences: ['\n'],
    });
    const call = fake.seen.find((s) => s.provider === 'gemini');
    expect(call).toMatchObject({ path: '/v1beta/models/gemini-2.5-pro:generateContent', headers: { 'x-goog-api-key': KEY } });
    expect(call?.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }], role: 'user' },
      generationConfig: {
        temperature: 1,
        topP: 1,
        topK: 1,
        candidateCount: 2,
        maxOutputTokens: 5,
        stopSequences: ['\n'],
        presencePenalty: 0,
        frequencyPenalty: 0,
        thinkingConfig: { include_thoughts: true, thinking_budget: 1024 },
      },
    });
    expect(result.completions.map((c) => [c.text, c.finish_reason, c.thinking])).toEqual([
      ['candidate 0 for [{"role":"user","parts":[{"text":"Hi"}]}', { reason: 'stop' }, { text: 'Thinking...' }],
      ['candidate 1 for [{"role":"user","parts":[{"text":"Hi"}]}', { reason: 'stop' }, { text: 'Thinking...' }],
    ]);
  });

  it('Gemini: blocked content is a non-fatal failed request, as in HELM', async () => {
    fake.script.push({ body: { promptFeedback: { blockReason: 'SAFETY' } } });
    const result = await ask('gemini');
    expect(result).toMatchObject({ success: false, error: 'Content blocked: Prompt blocked with reason: BlockedReason.SAFETY', error_flags: { is_fatal: false } });
  });

  it('Mistral: one call per completion with HELM seeds; stop is in the key but not sent; safe_prompt off', async () => {
    const result = await ask('mistral', { num_completions: 2, stop_sequences: ['\n'], random: '7' });
    const bodies = fake.seen.filter((s) => s.provider === 'mistral').map((s) => s.body);
    expect(bodies.map((b) => b?.random_seed)).toEqual([7, 7 + 1911011]);
    expect(bodies[0]).not.toHaveProperty('stop');
    expect(bodies[0]).toMatchObject({ safe_prompt: false, messages: [{ role: 'user', content: 'Hi' }] });
    expect(result.completions.map((c) => c.text)).toEqual([' seed 7', ` seed ${7 + 1911011}`]);
  });

  it("Together chat: the model list's stop tokens are appended; thinking parsed when the deployment says so", async () => {
    const deployment = deploymentFor('together-chat');
    deployment.client_spec.args.parse_thinking = true;
    const client = createModelClient({ ...deployment, model_name: 'deepseek-ai/deepseek-r1' }, new RecordingCaches(), {
      localPath,
      processEnv: { TOGETHER_API_KEY: KEY },
      modelTags: [],
    });
    const result = await client.makeRequest(defaultRequest({ model: 'deepseek-ai/deepseek-r1', prompt: 'Hi', stop_sequences: ['###'] }));
    const call = fake.seen.find((s) => s.provider === 'together' && s.method === 'POST');
    expect(call).toMatchObject({ path: '/v1/chat/completions', headers: { authorization: `Bearer ${KEY}` } });
    expect(call?.body?.stop).toEqual(['###', '<|eot_id|>']);
    expect(result.completions[0]).toMatchObject({ text: 'answer 0', thinking: { text: 'hmm' }, tokens: [{ text: 'answer', logprob: -0.25 }, { text: ' 0', logprob: -0.5 }] });
  });

  it("Together's inference endpoint: ▁ reads as a space, raw_compute_time is the request time", async () => {
    const result = await ask('together');
    expect(fake.seen.find((s) => s.provider === 'together')?.path).toBe('/api/inference');
    expect(result).toMatchObject({ success: true, request_time: 0.25, completions: [{ text: ' Paris.', finish_reason: { reason: 'length' } }] });
  });

  it('Grok drops the penalties HELM removes; NVIDIA NIM sends the full model name', async () => {
    await ask('grok');
    await ask('nvidia-nim');
    const [grok, nim] = fake.seen.filter((s) => s.provider === 'openai').map((s) => s.body ?? {});
    expect(grok).not.toHaveProperty('presence_penalty');
    expect(grok).not.toHaveProperty('frequency_penalty');
    expect(nim.model).toBe('nvidia/llama-3.1-nemotron-70b-instruct');
  });
});

describe('faults: retries, refusals, keys', () => {
  const providers: Array<[string, Provider]> = [
    ['anthropic', 'anthropic'],
    ['gemini', 'gemini'],
    ['mistral', 'mistral'],
    ['together-chat', 'together'],
  ];
  const ask = (caseName: string) =>
    clientFor(caseName).makeRequest(defaultRequest({ model: DEPLOYMENTS[caseName].model, model_deployment: DEPLOYMENTS[caseName].name, prompt: 'Hi', max_tokens: 5 }));
  const posts = (provider: Provider) => fake.seen.filter((s) => s.provider === provider && s.method === 'POST').length;

  for (const [caseName, provider] of providers) {
    it(`${caseName}: 429 with Retry-After, then 5xx, are retried; the third answer counts`, async () => {
      fake.script.push({ status: 429, headers: { 'retry-after': '0' }, body: errorBody(provider, 429, 'Rate limit reached') });
      fake.script.push({ status: 503, body: errorBody(provider, 503, 'Service unavailable') });
      const result = await ask(caseName);
      expect(result.success).toBe(true);
      expect(posts(provider)).toBe(3);
    });

    it(`${caseName}: a hung connection times out and is retried; spent retries hand over to the activity`, async () => {
      const deployment = deploymentFor(caseName);
      deployment.client_spec.args.timeout = 0.2;
      deployment.client_spec.args.max_retries = 1;
      const client = createModelClient(deployment, new RecordingCaches(), {
        localPath,
        processEnv: { HELM_CREDENTIALS: `${deployment.name.split('/')[0]}ApiKey: "${KEY}"` },
        modelTags: [],
      });
      fake.script.push({ hang: true }, { hang: true });
      const error = await client.makeRequest(defaultRequest({ model: deployment.model_name, prompt: 'Hi' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelServiceRetryableError);
      expect(String(error)).toMatch(/timed out after 0.2 s \(gave up after 2 attempts; the activity will retry\)/);
    });

    it(`${caseName}: a 400 is a failed request with the provider's message; a 401 fails the run, and the key is never printed`, async () => {
      fake.script.push({ status: 400, body: errorBody(provider, 400, 'max_tokens: must be at most 4096') });
      const bad = await ask(caseName);
      expect(bad).toMatchObject({ success: false, error_flags: { is_fatal: false } });
      expect(bad.error).toContain('max_tokens: must be at most 4096');
      expect(bad.error).toMatch(/Error code: 400/);
      expect(posts(provider)).toBe(1);
      fake.script.push({ status: 401, body: errorBody(provider, 401, `invalid x-api-key ${KEY}`) });
      const unauthorized = await ask(caseName);
      expect(unauthorized.error_flags?.is_fatal).toBe(true);
      expect(unauthorized.error).not.toContain(KEY);
      expect(() => acceptResult(unauthorized, 0)).toThrow(/Request 0 failed: .*Error code: 401/);
    });

    it(`${caseName}: a missing key names where to put it, before any request`, () => {
      const deployment = deploymentFor(caseName);
      const host = deployment.name.split('/')[0];
      expect(() => createModelClient(deployment, new RecordingCaches(), { localPath, processEnv: {}, modelTags: [] })).toThrow(HelmInputError);
      expect(() => createModelClient(deployment, new RecordingCaches(), { localPath, processEnv: {}, modelTags: [] })).toThrow(new RegExp(`Set ${host}ApiKey`));
    });
  }

  it('a wrong client argument is named with the accepted ones', () => {
    const deployment = deploymentFor('anthropic');
    deployment.client_spec.args.anthropic_model = 'x';
    expect(() => clientFor('anthropic') && createModelClient(deployment, new RecordingCaches(), { localPath, processEnv: { ANTHROPIC_API_KEY: KEY } })).toThrow(
      /invalid client_spec.args for helm.clients.anthropic_client.AnthropicMessagesClient \(unknown anthropic_model\); accepted: api_key, base_url/,
    );
  });

  it('Gemini through Vertex AI (genai_use_vertexai, or a project and location) needs Google Cloud credentials, not the key', () => {
    const deployment = deploymentFor('gemini');
    deployment.client_spec.args.genai_use_vertexai = true;
    const build = (processEnv: Record<string, string>) => createModelClient(deployment, new RecordingCaches(), { localPath, processEnv, modelTags: [] });
    expect(() => build({ GEMINI_API_KEY: KEY, CLOUDSDK_CONFIG: localPath })).toThrow(/no Google Cloud credentials for Vertex AI/);
    expect(() => build({ GOOGLE_OAUTH_ACCESS_TOKEN: 't', CLOUDSDK_CONFIG: localPath })).toThrow(/no Google Cloud project for Vertex AI/);
    expect(() => build({ GOOGLE_OAUTH_ACCESS_TOKEN: 't', GOOGLE_CLOUD_PROJECT: 'p' })).not.toThrow();
  });
});

describe("HELM's registry: every deployment of the new client classes builds with a key", () => {
  it('Anthropic Messages, Gemini, Mistral, Together and the OpenAI-compatible subclasses', () => {
    const registry = ModelRegistry.load('');
    const classes = new Set(Object.values(DEPLOYMENTS).map((d) => d.className));
    const deployments = registry
      .allDeploymentNames()
      .map((n) => registry.getModelDeployment(n))
      .filter((d) => classes.has(d.client_spec.class_name));
    expect(deployments.length).toBeGreaterThan(200);
    const credentials = [...new Set(deployments.map((d) => d.name.split('/')[0]))].map((h) => `${JSON.stringify(`${h}ApiKey`)}: "k"`).join('\n');
    const vertex: string[] = [];
    for (const deployment of deployments) {
      const processEnv = { HELM_CREDENTIALS: credentials, CLOUDSDK_CONFIG: localPath };
      const build = (env: Record<string, string> = {}) => createModelClient(deployment, new RecordingCaches(), { localPath, processEnv: { ...processEnv, ...env }, modelTags: [] });
      const args = deployment.client_spec.args;
      if (args.genai_use_vertexai === true) {
        // Llama 4 on Vertex AI (google-genai's Vertex AI mode): Google Cloud credentials and a project.
        vertex.push(deployment.name);
        expect(() => build()).toThrow(/no Google Cloud credentials for Vertex AI/);
        expect(() => build({ GOOGLE_OAUTH_ACCESS_TOKEN: 't', GOOGLE_CLOUD_PROJECT: 'p' }), deployment.name).not.toThrow();
      } else expect(() => build(), deployment.name).not.toThrow();
    }
    expect(vertex).toEqual(['google/llama-4-scout-17b-16e-instruct', 'google/llama-4-maverick-17b-128e-instruct']);
  });
});

describe("Anthropic's event stream (deployments with stream: true)", () => {
  const sse = (...events: Array<Record<string, unknown>>) => events.map((e) => `event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`).join('');
  const start = { type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', content: [], stop_reason: null, usage: { input_tokens: 3, output_tokens: 1 } } };

  it('folds the deltas into the message the API returns unstreamed', () => {
    const text = sse(
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } },
      { type: 'message_stop' },
    );
    expect(foldAnthropicStream(text.replaceAll('\n', '\r\n'))).toMatchObject({
      content: [{ type: 'text', text: 'Hello' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 3, output_tokens: 2 },
    });
  });

  it('an error event, or a stream cut before message_stop, throws (so the call is retried)', () => {
    expect(() => foldAnthropicStream(sse(start, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }))).toThrow(/overloaded_error/);
    expect(() => foldAnthropicStream(sse(start, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }))).toThrow(/before message_stop/);
  });
});

describe("OpenAI's Responses API (HELM's OpenAIResponseClient)", () => {
  const CLASS = 'helm.clients.openai_responses_client.OpenAIResponseClient';
  const deployment = (args: Record<string, unknown> = {}): ModelDeployment => ({
    name: 'openai/gpt-5-2025-08-07',
    model_name: 'openai/gpt-5-2025-08-07',
    client_spec: { class_name: CLASS, args: { base_url: `${fake.baseUrl('openai')}/v1`, ...args } },
    deprecated: false,
  });
  const client = (args: Record<string, unknown> = {}) =>
    createModelClient(deployment(args), new RecordingCaches(), {
      localPath,
      processEnv: { HELM_CREDENTIALS: `openaiApiKey: "${KEY}"` },
      modelTags: [],
      retryPolicy: FAST_RETRIES,
    });
  const reply = (output: unknown[], extra: Record<string, unknown> = {}) => ({
    body: { id: 'resp_1', object: 'response', created_at: 0, model: 'gpt-5', status: 'completed', error: null, output, ...extra },
  });
  const text = (t: string) => ({ id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: t, annotations: [] }] });
  const ask = (args: Record<string, unknown> = {}) =>
    client(args).makeRequest(defaultRequest({ model: 'openai/gpt-5-2025-08-07', model_deployment: 'openai/gpt-5-2025-08-07', prompt: 'Hi', max_tokens: 5 }));
  const posts = () => fake.seen.filter((s) => s.provider === 'openai' && s.method === 'POST');

  it('POSTs to /v1/responses with the bearer key and organization; 429 and 5xx are retried', async () => {
    fake.script.push({ status: 429, headers: { 'retry-after': '0' }, body: errorBody('openai', 429, 'Rate limit reached') });
    fake.script.push({ status: 503, body: errorBody('openai', 503, 'Service unavailable') });
    fake.script.push(reply([text('Hello')]));
    const result = await ask({ org_id: 'org-1' });
    expect(result).toMatchObject({ success: true, completions: [{ text: 'Hello', tokens: [] }] });
    expect(posts()).toHaveLength(3);
    expect(posts()[2].path).toBe('/v1/responses');
    expect(posts()[2].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(posts()[2].headers['openai-organization']).toBe('org-1');
    expect(posts()[2].body).toEqual({ model: 'gpt-5-2025-08-07', input: 'Hi', max_output_tokens: 16, reasoning: { summary: 'detailed' }, store: false });
  });

  it("a 400 is a failed request with OpenAI's message; a 401 fails the run and never prints the key", async () => {
    fake.script.push({ status: 400, body: errorBody('openai', 400, "Invalid 'max_output_tokens'") });
    const bad = await ask();
    expect(bad).toMatchObject({ success: false, error_flags: { is_fatal: false } });
    expect(bad.error).toMatch(/^OpenAI error: Error code: 400 - .*Invalid 'max_output_tokens'/);
    fake.script.push({ status: 401, body: errorBody('openai', 401, `Incorrect API key provided: ${KEY}`) });
    const unauthorized = await ask();
    expect(unauthorized.error_flags?.is_fatal).toBe(true);
    expect(unauthorized.error).not.toContain(KEY);
  });

  it('an output item HELM does not know (a tool call) throws, as in HELM', async () => {
    fake.script.push(reply([{ id: 'fc_1', type: 'function_call', name: 'f', arguments: '{}', call_id: 'c' }]));
    await expect(ask()).rejects.toThrow(/Unknown output type function_call/);
  });

  it('a 200 reply with an error is never cached: retried, then handed to the activity (HELM raises)', async () => {
    const failed = reply([], { status: 'failed', error: { code: 'server_error', message: 'The model failed' } });
    fake.script.push(failed, failed, failed);
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelServiceRetryableError);
    expect(String(error)).toMatch(/Error in response.*gave up after 3 attempts/s);
  });

  it('arguments HELM does not take are refused, naming the accepted ones; a missing key says where to put it', () => {
    expect(() => client({ vllm_model_name: 'x' })).toThrow(/invalid client_spec.args for .*OpenAIResponseClient \(unknown vllm_model_name\); accepted: api_key, base_url/);
    expect(() => createModelClient(deployment(), new RecordingCaches(), { localPath, processEnv: {}, modelTags: [] })).toThrow(/Set openaiApiKey/);
  });

  it("every deployment of the class in HELM's registry (13) builds with a key", () => {
    const registry = ModelRegistry.load('');
    const deployments = registry
      .allDeploymentNames()
      .map((n) => registry.getModelDeployment(n))
      .filter((d) => d.client_spec.class_name === CLASS);
    expect(deployments).toHaveLength(13);
    for (const d of deployments) {
      expect(() => createModelClient(d, new RecordingCaches(), { localPath, processEnv: { HELM_CREDENTIALS: 'openaiApiKey: "k"' }, modelTags: [] }), d.name).not.toThrow();
    }
  });
});
