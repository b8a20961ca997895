import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { HelmInputError } from '../../../core/common/errors';
import { WorkerContext } from '../../../activities/context';
import { acceptResult } from '../../../activities/batch-results';
import { clientRegistry, createModelClient } from '../../../core/models/clients';
import { ModelServiceRetryableError } from '../../../core/models/clients/common/http';
import { pythonRepr } from '../../../core/models/clients/common/py-repr';
import { createOpenAIClient, type OpenAIClient, type OpenAIClientEnvironment } from '../../../core/models/clients/openai-client';
import { RequestCache, RequestCaches } from '../../../core/models/request-cache';
import { defaultRequest, type ModelDeployment, type Request } from '../../../core/models/schemas';

const KEY = 'sk-test-SECRET-4f9a1c7e2b';

/** One scripted reply: status, headers, raw body text, or never answer (a hung server). */
interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  hang?: boolean;
  /** Echo the request's Authorization header in the body (a server that leaks it back). */
  echoAuth?: boolean;
}

interface Seen {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** A real OpenAI-protocol HTTP server on 127.0.0.1 with a queue of scripted faults. */
class FakeOpenAI {
  readonly seen: Seen[] = [];
  readonly script: Reply[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Hold each answer until this many requests are in flight (or 150 ms pass). */
  holdUntil = 0;
  private readonly hung: http.ServerResponse[] = [];
  private server!: http.Server;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => void this.handle(req, res, text));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, text: string): Promise<void> {
    const body = JSON.parse(text) as Record<string, unknown>;
    this.seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    const reply = this.script.shift() ?? {};
    if (reply.hang) {
      this.hung.push(res);
      return;
    }
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.holdUntil > 0) {
      const started = Date.now();
      while (this.inFlight < this.holdUntil && Date.now() - started < 150) await new Promise((r) => setTimeout(r, 5));
    }
    this.inFlight--;
    const status = reply.status ?? 200;
    let payload = reply.body ?? JSON.stringify(this.success(req.url ?? '', body));
    if (reply.echoAuth) payload = JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization}`, type: 'invalid_request_error' } });
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
    res.end(payload);
  }

  /** A well-formed answer that depends on the request, so different requests differ. */
  private success(url: string, body: Record<string, unknown>): unknown {
    if (url.endsWith('/chat/completions')) {
      const messages = body.messages as Array<{ content: string }>;
      return {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: ` reply to ${messages[messages.length - 1].content}` },
            finish_reason: 'stop',
            logprobs: body.logprobs ? { content: [{ token: ' reply', logprob: -0.5, top_logprobs: [] }, { token: ' to', logprob: -0.25, top_logprobs: [] }] } : null,
          },
        ],
      };
    }
    if (url.endsWith('/embeddings')) return { data: [{ embedding: [0.5, 1, -0.25] }] };
    return {
      id: 'cmpl-1',
      object: 'text_completion',
      choices: [
        {
          index: 0,
          text: ' Paris.\n<|endoftext|>more',
          finish_reason: 'stop',
          logprobs: {
            tokens: [' Paris', '.', '\n', '<|endoftext|>', 'more'],
            token_logprobs: [-0.5, 0.0, -0.25, -1.0, -2.0],
            top_logprobs: [{ ' Paris': -0.5 }, { '.': 0.0 }, { '\n': -0.25 }, { '<|endoftext|>': -1 }, { more: -2 }],
          },
        },
      ],
    };
  }

  reset(): void {
    this.seen.length = 0;
    this.script.length = 0;
    this.maxInFlight = 0;
    this.holdUntil = 0;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const server = new FakeOpenAI();
let tmp: string;
let caches: RequestCaches;
const errorsSeen: string[] = [];

beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});
afterEach(() => {
  server.reset();
});

function freshDir(): string {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-openai-'));
  caches = new RequestCaches(tmp);
  return tmp;
}

function deployment(name: string, className: string, args: Record<string, unknown> = {}): ModelDeployment {
  return {
    name,
    model_name: name,
    client_spec: { class_name: `helm.clients.${className}`, args: { base_url: server.baseUrl, ...args } },
    deprecated: false,
  };
}

const env = (over: Partial<OpenAIClientEnvironment> = {}): OpenAIClientEnvironment => ({
  credentials: { openaiApiKey: KEY },
  credentialsSource: 'test credentials',
  processEnv: {},
  modelTags: [],
  retryPolicy: { initialDelayMs: 10, maxDelayMs: 40 },
  ...over,
});

function client(dep: ModelDeployment, over: Partial<OpenAIClientEnvironment> = {}): OpenAIClient {
  return createOpenAIClient(dep, caches.forShard(dep.name.split('/')[0]), env(over));
}

async function expectRetryable(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ModelServiceRetryableError);
    const message = (error as Error).message;
    errorsSeen.push(message);
    return message;
  }
  throw new Error('expected a retryable error');
}

const completionRequest = (over: Partial<Request> = {}): Request =>
  defaultRequest({
    model_deployment: 'openai/gpt-3.5-turbo-instruct',
    model: 'openai/gpt-3.5-turbo-instruct',
    prompt: 'The capital of France is',
    temperature: { py_float: 0 },
    max_tokens: 5,
    stop_sequences: ['\n'],
    ...over,
  });

const chatRequest = (over: Partial<Request> = {}): Request =>
  defaultRequest({ model_deployment: 'openai/gpt-4o-mini-2024-07-18', model: 'openai/gpt-4o-mini-2024-07-18', prompt: 'Hello', max_tokens: 10, ...over });

describe('OpenAI legacy completions', () => {
  it('sends HELM raw request, builds tokens and logprobs, truncates at stop and end of text, caches by HELM key', async () => {
    freshDir();
    const c = client(deployment('openai/gpt-3.5-turbo-instruct', 'openai_client.OpenAILegacyCompletionsClient'));
    const result = await c.makeRequest(completionRequest());
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0].path).toBe('/v1/completions');
    expect(server.seen[0].authorization).toBe(`Bearer ${KEY}`);
    expect(server.seen[0].body).toEqual({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'The capital of France is',
      temperature: 0,
      n: 1,
      max_tokens: 5,
      best_of: 1,
      logprobs: 1,
      stop: ['\n'],
      top_p: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      echo: false,
    });
    // Cut at "\n": text ' Paris.', tokens up to the one starting with "\n"; the 0.0 logprob is int 0
    // (`logprob or 0`); finish_reason is dropped by truncate_sequence as in HELM.
    expect(result.success).toBe(true);
    expect(result.cached).toBe(false);
    expect(result.completions).toEqual([
      { text: ' Paris.', logprob: -0.5, tokens: [{ text: ' Paris', logprob: -0.5 }, { text: '.', logprob: 0 }] },
    ]);
    const again = await c.makeRequest(completionRequest());
    expect(server.seen).toHaveLength(1);
    expect(again.cached).toBe(true);
    expect(again.completions).toEqual(result.completions);
    expect(again.request_time).toEqual(result.request_time);
    // The cache key is HELM's: the raw request as sorted-key JSON.
    const db = new RequestCache(path.join(tmp, 'cache', 'openai.sqlite'));
    const expectedKey =
      '{"best_of": 1, "echo": false, "frequency_penalty": 0, "logprobs": 1, "max_tokens": 5, "model": "gpt-3.5-turbo-instruct", ' +
      '"n": 1, "presence_penalty": 0, "prompt": "The capital of France is", "stop": ["\\n"], "temperature": 0.0, "top_p": 1}';
    expect(db.get(expectedKey)).toBeDefined();
    db.close();
  });

  it('vLLM: keyless "EMPTY", vllm_model_name, best_of 1 with greedy sampling', async () => {
    freshDir();
    const c = client(deployment('vllm/my-model', 'vllm_client.VLLMClient', { vllm_model_name: 'org/My-Model' }), { credentials: {} });
    const result = await c.makeRequest(
      completionRequest({ model: 'vllm/my-model', top_k_per_token: 3, num_completions: 2, stop_sequences: [], echo_prompt: true, max_tokens: 0 }),
    );
    expect(server.seen[0].authorization).toBe('Bearer EMPTY');
    expect(server.seen[0].body).toMatchObject({ model: 'org/My-Model', best_of: 1, logprobs: 3, n: 2, stop: null, echo: true });
    // echo_prompt: no truncation, the finish reason stays.
    expect(result.completions[0]).toEqual({
      text: ' Paris.\n<|endoftext|>more',
      logprob: -3.75,
      tokens: [
        { text: ' Paris', logprob: -0.5 },
        { text: '.', logprob: 0 },
        { text: '\n', logprob: -0.25 },
        { text: '<|endoftext|>', logprob: { py_float: -1 } },
        { text: 'more', logprob: { py_float: -2 } },
      ],
      finish_reason: { reason: 'stop' },
    });
  });
});

describe('OpenAI chat completions', () => {
  it('single user message, echo, finish reason, chat_logprobs tokens', async () => {
    freshDir();
    const plain = client(deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient'));
    const result = await plain.makeRequest(chatRequest({ echo_prompt: true }));
    expect(server.seen[0].path).toBe('/v1/chat/completions');
    expect(server.seen[0].body).toEqual({
      model: 'gpt-4o-mini-2024-07-18',
      messages: [{ role: 'user', content: 'Hello' }],
      temperature: 1,
      top_p: 1,
      n: 1,
      stop: null,
      max_tokens: 10,
      presence_penalty: 0,
      frequency_penalty: 0,
    });
    expect(result.completions).toEqual([{ text: 'Hello reply to Hello', logprob: 0, tokens: [], finish_reason: { reason: 'stop' } }]);

    const withLogprobs = client(deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient', { chat_logprobs: true }));
    const scored = await withLogprobs.makeRequest(chatRequest({ top_k_per_token: 5 }));
    expect(server.seen[1].body).toMatchObject({ logprobs: true, top_logprobs: 5 });
    expect(scored.completions[0]).toEqual({
      text: ' reply to Hello',
      logprob: -0.75,
      tokens: [{ text: ' reply', logprob: -0.5 }, { text: ' to', logprob: -0.25 }],
      finish_reason: { reason: 'stop' },
    });
  });

  it('vision-language models and reasoning models get HELM adjusted parameters', async () => {
    freshDir();
    const vlm = client(deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient'), { modelTags: ['VISION_LANGUAGE_MODEL_TAG'] });
    await vlm.makeRequest(chatRequest());
    expect('stop' in server.seen[0].body).toBe(false);
    const o3 = client(deployment('openai/o3-mini-2025-01-31-low-reasoning-effort', 'openai_client.OpenAIClient', { openai_model_name: 'o3-mini-2025-01-31', reasoning_effort: 'low' }));
    await o3.makeRequest(chatRequest({ model: 'openai/o3-mini-2025-01-31-low-reasoning-effort', stop_sequences: ['\n'] }));
    expect(server.seen[1].body).toEqual({
      model: 'o3-mini-2025-01-31',
      messages: [{ role: 'user', content: 'Hello' }],
      n: 1,
      stop: ['\n'],
      max_completion_tokens: 10,
      reasoning_effort: 'low',
    });
  });

  it('content_filter finish reason is a non-fatal failure', async () => {
    freshDir();
    server.script.push({ body: JSON.stringify({ choices: [{ message: { content: '' }, finish_reason: 'content_filter' }] }) });
    const result = await client(deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient')).makeRequest(chatRequest());
    expect(result).toEqual({
      success: false,
      embedding: [],
      completions: [],
      cached: false,
      error: 'Content blocked by OpenAI filter',
      error_flags: { is_retriable: false, is_fatal: false },
    });
  });
});

describe('faults', () => {
  const dep = () => deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient');

  it('429 with Retry-After is retried after the wait the server asked for, then succeeds', async () => {
    freshDir();
    server.script.push({ status: 429, headers: { 'retry-after': '1' }, body: '{"error": {"message": "Rate limit reached"}}' });
    const retries: Array<{ attempt: number; delayMs: number; reason: string }> = [];
    const c = client(dep(), { onRetry: (info) => retries.push(info) });
    const result = await c.makeRequest(chatRequest());
    expect(result.success).toBe(true);
    expect(server.seen).toHaveLength(2);
    expect(retries).toEqual([{ deployment: 'openai/gpt-4o-mini-2024-07-18', attempt: 1, delayMs: 1000, reason: 'HTTP 429: {"error": {"message": "Rate limit reached"}}' }]);
  });

  it("a worker's clients log each in-client retry (the activity itself succeeds, so Temporal shows nothing)", async () => {
    const localPath = path.join(freshDir(), 'prod_env');
    fs.mkdirSync(localPath);
    fs.writeFileSync(
      path.join(localPath, 'model_deployments.yaml'),
      `model_deployments:\n  - name: fake/retried\n    model_name: fake/retried\n    tokenizer_name: simple/tokenizer1\n    max_sequence_length: 2048\n` +
        `    client_spec:\n      class_name: helm.clients.vllm_client.VLLMClient\n      args:\n        base_url: ${server.baseUrl}\n        vllm_model_name: m\n`,
    );
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const context = new WorkerContext(logger);
    try {
      server.script.push({ status: 503, headers: { 'retry-after': '0' }, body: 'warming up' });
      const result = await context
        .modelClient({ localPath }, 'fake/retried', true)
        .makeRequest(completionRequest({ model_deployment: 'fake/retried', model: 'fake/retried' }));
      expect(result.success).toBe(true);
      expect(server.seen).toHaveLength(2);
      const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40);
      expect(warnings.map((w) => w.msg)).toEqual(['fake/retried: retry 1 in 0.0 s after HTTP 503: warming up']);
    } finally {
      context.close();
    }
  });

  it('500s are retried up to max_retries, then a retryable error for Temporal; a later attempt succeeds', async () => {
    freshDir();
    for (let i = 0; i < 3; i++) server.script.push({ status: 500, body: 'upstream exploded' });
    const c = client(dep());
    const message = await expectRetryable(c.makeRequest(chatRequest()));
    expect(server.seen).toHaveLength(3);
    expect(message).toContain('HTTP 500: upstream exploded');
    expect(message).toContain('gave up after 3 attempts');
    // Nothing was cached: the activity's retry calls the model again and gets an answer.
    const result = await c.makeRequest(chatRequest());
    expect(result.success).toBe(true);
    expect(result.cached).toBe(false);
    expect(server.seen).toHaveLength(4);
  });

  it('a Retry-After beyond 60 s hands over to the activity retry at once', async () => {
    freshDir();
    server.script.push({ status: 429, headers: { 'retry-after': '3600' }, body: '{}' });
    const message = await expectRetryable(client(dep()).makeRequest(chatRequest()));
    expect(server.seen).toHaveLength(1);
    expect(message).toContain('the server asked to wait 3600 s');
  });

  it('timeouts are retried and reported', async () => {
    freshDir();
    server.script.push({ hang: true }, { hang: true });
    const c = client(deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient', { timeout: 0.3, max_retries: 1 }));
    const message = await expectRetryable(c.makeRequest(chatRequest()));
    expect(server.seen).toHaveLength(2);
    expect(message).toContain('timed out after 0.3 s');
  });

  it('malformed bodies are retried, never cached, and reported clearly', async () => {
    freshDir();
    server.script.push({ body: 'this is not json' });
    const c = client(dep());
    const ok = await c.makeRequest(chatRequest());
    expect(ok.success).toBe(true);
    expect(server.seen).toHaveLength(2);
    server.reset();
    for (let i = 0; i < 3; i++) server.script.push({ body: JSON.stringify({ choices: [{ text: 'no message field' }] }) });
    const message = await expectRetryable(c.makeRequest(chatRequest({ prompt: 'other' })));
    expect(message).toContain('malformed response body');
    expect(message).toContain('message');
  });

  it('400 is a non-retryable, non-fatal failure with HELM\'s error text; the run goes on', async () => {
    freshDir();
    const body = { error: { message: "This model's maximum context length is 16385 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded', temp: 1.0 } };
    server.script.push({ status: 400, body: '{"error": {"message": "This model\'s maximum context length is 16385 tokens.", "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded", "temp": 1.0}}' });
    const c = client(dep());
    const result = await c.makeRequest(chatRequest());
    expect(body.error.code).toBe('context_length_exceeded');
    expect(result).toEqual({
      success: false,
      embedding: [],
      completions: [],
      cached: false,
      error:
        'OpenAI error: Error code: 400 - {\'error\': {\'message\': "This model\'s maximum context length is 16385 tokens.", ' +
        "'type': 'invalid_request_error', 'param': 'messages', 'code': 'context_length_exceeded', 'temp': 1.0}}",
      error_flags: { is_retriable: false, is_fatal: false },
    });
    expect(server.seen).toHaveLength(1);
    // The executor records it with one empty completion and continues.
    expect(acceptResult(result, 0).completions).toEqual([{ text: '', logprob: 0, tokens: [] }]);
    // Not cached: asking again calls the server again.
    await c.makeRequest(chatRequest());
    expect(server.seen).toHaveLength(2);
  });

  it('401 is fatal, and a key echoed back by the server is redacted', async () => {
    freshDir();
    server.script.push({ status: 401, echoAuth: true });
    const result = await client(dep()).makeRequest(chatRequest());
    expect(result.success).toBe(false);
    expect(result.error_flags).toEqual({ is_retriable: false, is_fatal: true });
    expect(result.error).toContain('Incorrect API key provided: Bearer [REDACTED]');
    errorsSeen.push(result.error ?? '', JSON.stringify(result));
    expect(() => acceptResult(result, 3)).toThrow(/Request 3 failed: OpenAI error: Error code: 401/);
  });
});

describe('credentials and concurrency', () => {
  it('a missing key fails at construction with a HelmInputError naming where to put it', () => {
    freshDir();
    const dep = deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient');
    expect(() => createModelClient(dep, caches, { localPath: tmp, processEnv: {} })).toThrow(HelmInputError);
    expect(() => createModelClient(dep, caches, { localPath: tmp, processEnv: {} })).toThrow(
      /openai\/gpt-4o-mini-2024-07-18: no API key\. Set openaiApiKey .*credentials\.conf.*OPENAI_API_KEY/,
    );
  });

  it('keys come from credentials.conf, HELM_CREDENTIALS, deployments.<name>, or OPENAI_API_KEY', async () => {
    freshDir();
    const dep = deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient');
    const ask = async (options: Parameters<typeof createModelClient>[2]): Promise<string | undefined> => {
      server.reset();
      await createModelClient(dep, new RequestCaches(tmp, true), options).makeRequest(chatRequest());
      return server.seen[0].authorization;
    };
    fs.writeFileSync(path.join(tmp, 'credentials.conf'), `openaiApiKey: "${KEY}-file"\n`);
    expect(await ask({ localPath: tmp, processEnv: { OPENAI_API_KEY: 'env-key' } })).toBe(`Bearer ${KEY}-file`);
    expect(await ask({ localPath: tmp, processEnv: { HELM_CREDENTIALS: `deployments { "openai/gpt-4o-mini-2024-07-18": "${KEY}-dep" }` } })).toBe(`Bearer ${KEY}-dep`);
    fs.rmSync(path.join(tmp, 'credentials.conf'));
    expect(await ask({ localPath: tmp, processEnv: { OPENAI_API_KEY: `${KEY}-env` } })).toBe(`Bearer ${KEY}-env`);
  });

  it('max_concurrent_requests bounds the requests in flight for the deployment', async () => {
    freshDir();
    const limited = client(deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient', { max_concurrent_requests: 2 }));
    server.holdUntil = 3;
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => limited.makeRequest(chatRequest({ prompt: `p${i}` }))));
    expect(results.every((r) => r.success)).toBe(true);
    expect(server.seen).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
    server.reset();
    freshDir();
    const unlimited = client(deployment('openai/gpt-4o-mini-2024-07-18', 'openai_client.OpenAIClient'));
    server.holdUntil = 3;
    await Promise.all(Array.from({ length: 6 }, (_, i) => unlimited.makeRequest(chatRequest({ prompt: `q${i}` }))));
    expect(server.maxInFlight).toBeGreaterThanOrEqual(3);
  });

  it('embeddings', async () => {
    freshDir();
    const result = await client(deployment('openai/text-embedding-ada-002', 'openai_client.OpenAIClient')).makeRequest(
      chatRequest({ model: 'openai/text-embedding-ada-002', embedding: true }),
    );
    expect(server.seen[0]).toMatchObject({ path: '/v1/embeddings', body: { input: 'Hello', model: 'text-embedding-ada-002' } });
    expect(result.embedding).toEqual([0.5, { py_float: 1 }, -0.25]);
  });

  it('the key never appears in cache files, results or error messages', () => {
    expect(errorsSeen.length).toBeGreaterThan(4);
    for (const message of errorsSeen) expect(message).not.toContain(KEY);
    // Every cache database written by these tests (each test used a fresh folder under tmpdir).
    const roots = fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('helm-openai-'));
    let files = 0;
    for (const root of roots) {
      const dir = path.join(os.tmpdir(), root, 'cache');
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir)) {
        files++;
        expect(fs.readFileSync(path.join(dir, file)).includes(Buffer.from('SECRET'))).toBe(false);
      }
    }
    expect(files).toBeGreaterThan(0);
  });
});

describe('pythonRepr', () => {
  it('matches Python repr of JSON values', () => {
    expect(pythonRepr({ a: "it's", b: 'say "hi"', c: 'both \' and "', d: [1, { py_float: 2 }, 0.5, null, true], e: 'tab\tnl\n\u00e9\u0085' })).toBe(
      `{'a': "it's", 'b': 'say "hi"', 'c': 'both \\' and "', 'd': [1, 2.0, 0.5, None, True], 'e': 'tab\\tnl\\né\\x85'}`,
    );
  });
});

describe('built-in registry entries', () => {
  it('every OpenAI-family deployment constructs; keyless local servers need no key, OpenAI and Together do', async () => {
    const { ModelRegistry, BUILTIN_CONFIG_DIR } = await import('../../../core/models/registry');
    const dir = freshDir();
    // The example file, installed as a user's prod_env/model_deployments.yaml.
    fs.copyFileSync(path.join(BUILTIN_CONFIG_DIR, 'openai_compatible_deployments.example.yaml'), path.join(dir, 'model_deployments.yaml'));
    const registry = ModelRegistry.load(dir, BUILTIN_CONFIG_DIR);
    const names = registry.allDeploymentNames().filter((n) => {
      const cls = registry.getModelDeployment(n).client_spec.class_name;
      // HELM's registry also names Azure/Stanford variants of these clients (other classes) and other
      // providers' deployments of them (their own credentials); this test is about OpenAI's and the example's.
      const ours = n.startsWith('openai/') || n.startsWith('vllm/') || n.startsWith('llamacpp/') || n.startsWith('ollama/') || n.startsWith('together/');
      return ours && clientRegistry.has(cls) && (cls.includes('openai_client') || cls.includes('vllm_client'));
    });
    expect(names).toEqual(
      expect.arrayContaining(['openai/gpt-4o-2024-08-06', 'openai/o3-mini-2025-01-31-low-reasoning-effort', 'vllm/local-model', 'ollama/llama3.2', 'together/llama-3.3-70b-instruct-turbo-openai-api']),
    );
    const keyless = new Set(['vllm/local-model', 'vllm/local-model-completions', 'llamacpp/local-model', 'ollama/llama3.2']);
    for (const name of names) {
      const dep = registry.getModelDeployment(name);
      const withKeys = { localPath: dir, processEnv: { HELM_CREDENTIALS: `openaiApiKey: "${KEY}"\ntogetherApiKey: "${KEY}"` } };
      expect(createModelClient(dep, caches, withKeys)).toBeDefined();
      if (keyless.has(name)) expect(createModelClient(dep, caches, { localPath: dir, processEnv: {} })).toBeDefined();
      else expect(() => createModelClient(dep, caches, { localPath: dir, processEnv: {} })).toThrow(/no API key/);
    }
    // HELM's tags reach the client: gpt-4o is a vision-language model, so a null stop is left out.
    const gpt4o = createModelClient(registry.getModelDeployment('openai/gpt-4o-2024-08-06'), caches, { localPath: dir, processEnv: { OPENAI_API_KEY: KEY } }) as OpenAIClient;
    expect(gpt4o.config.isVisionLanguageModel).toBe(true);
    expect(gpt4o.config.baseUrl).toBe('https://api.openai.com/v1');
  });
});
