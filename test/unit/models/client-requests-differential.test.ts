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
}
interface GoldenCase {
  client: string;
  case: string;
  request: Record<string, unknown>;
  replies: Array<{ status?: number; body: unknown }>;
  http: HttpCall[];
  keys: string[];
  result: Record<string, unknown>;
  result_json: string;
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

/** The deployment (HELM class, client args) each golden client name was made with. */
const CLIENTS: Record<string, { className: string; openai?: boolean; args?: Record<string, unknown> }> = {
  'openai-chat': { className: 'helm.clients.openai_client.OpenAIClient', openai: true },
  'openai-reasoning': { className: 'helm.clients.openai_client.OpenAIClient', openai: true, args: { reasoning_effort: 'low' } },
  'openai-gpt5': { className: 'helm.clients.openai_client.OpenAIClient', openai: true },
  'openai-legacy': { className: 'helm.clients.openai_client.OpenAILegacyCompletionsClient', openai: true },
  'vllm-chat': { className: 'helm.clients.vllm_client.VLLMChatClient', openai: true, args: { vllm_model_name: 'meta-llama/Meta-Llama-3-8B-Instruct' } },
  vllm: { className: 'helm.clients.vllm_client.VLLMClient', openai: true, args: { vllm_model_name: 'meta-llama/Meta-Llama-3-8B' } },
  anthropic: { className: 'helm.clients.anthropic_client.AnthropicMessagesClient' },
  'anthropic-thinking': { className: 'helm.clients.anthropic_client.AnthropicMessagesClient', args: { thinking_budget_tokens: 1024 } },
  gemini: { className: 'helm.clients.google_genai_client.GoogleGenAIClient' },
  'gemini-thinking': {
    className: 'helm.clients.google_genai_client.GoogleGenAIClient',
    args: { thinking_config: { include_thoughts: true, thinking_budget: 1024 } },
  },
  mistral: { className: 'helm.clients.mistral_client.MistralAIClient' },
  together: { className: 'helm.clients.together_client.TogetherClient', args: { together_model: 'meta-llama/Llama-3-8b-hf' } },
  'together-chat': { className: 'helm.clients.together_client.TogetherChatClient', args: { together_model: 'meta-llama/Llama-3-8b-chat-hf' } },
  'together-completion': {
    className: 'helm.clients.together_client.TogetherCompletionClient',
    args: { together_model: 'mistralai/Mixtral-8x7B-v0.1' },
  },
};

/** A provider that records every POST and answers from the case's canned replies, in order. */
class CannedProvider {
  readonly calls: HttpCall[] = [];
  replies: Array<{ status?: number; body: unknown }> = [];
  private server!: http.Server;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method === 'GET') {
          if ((req.url ?? '').replace(/\/+$/, '').endsWith('/v1/models')) send(200, golden.together_models);
          else send(404, { error: { message: `no GET ${req.url}` } });
          return;
        }
        this.calls.push({ method: req.method ?? '', path: req.url ?? '', body: text ? JSON.parse(text) : null });
        const reply = this.replies.shift();
        if (!reply) send(599, { error: { message: 'no canned reply left' } });
        else send(reply.status ?? 200, reply.body);
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
    client_spec: { class_name: spec.className, args: { ...spec.args, base_url: spec.openai ? `${provider.baseUrl}/v1` : provider.baseUrl } },
    deprecated: false,
  };
  const caches = new RecordingCaches();
  const client = createModelClient(deployment, caches, {
    localPath,
    processEnv: { HELM_CREDENTIALS: `${JSON.stringify(`${host}ApiKey`)}: "k"` },
    modelTags: [],
    retryPolicy: { maxRetries: 0 },
  });
  provider.calls.length = 0;
  provider.replies = structuredClone(golden.cases[index].replies);
  const result = await client.makeRequest(request);
  expect(provider.replies, 'every canned reply was asked for').toEqual([]);
  return { calls: [...provider.calls], keys: caches.cache.keys, result };
}

describe("helm-ts's API clients against Python HELM's (client-requests-golden.json)", () => {
  it('the golden was made with HELM 0.5.16', () => {
    expect(golden.versions['crfm-helm']).toBe('0.5.16');
    expect(golden.cases.length).toBeGreaterThan(20);
  });

  golden.cases.forEach((goldenCase, index) => {
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
      it('returns the same RequestResult', () => {
        expect(resultJson(outcome.result)).toBe(goldenCase.result_json);
      });
    });
  });
});
