import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { createModelClient } from '../../../core/models/clients';
import { ModelRegistry } from '../../../core/models/registry';
import { RequestCaches } from '../../../core/models/request-cache';
import { defaultRequest, type ModelDeployment } from '../../../core/models/schemas';
import { createWindowService, getTokenizer } from '../../../core/models/window-service';

/**
 * HELM's older text-API clients (Anthropic Text Completions, AI21, Cohere, Aleph Alpha) beyond
 * the golden cases (client-requests-differential.test.ts): what stops their deployments before a
 * run, missing keys, HELM's request checks, and which statuses are retried.
 */

const KEY = 'test-key-SECRET-51c0';
const registry = ModelRegistry.load(path.join(os.tmpdir(), 'helm-ts-no-local-path'));
const CREDENTIALS = ['anthropic', 'ai21', 'cohere', 'AlephAlpha'].map((host) => `"${host}ApiKey": "${KEY}"`).join('\n');

function preflight(name: string): { client?: string; window?: string } {
  const deployment = registry.getModelDeployment(name);
  const tokenizerConfig = deployment.tokenizer_name ? registry.getTokenizerConfig(deployment.tokenizer_name) : undefined;
  const outcome: { client?: string; window?: string } = {};
  try {
    createModelClient(deployment, new RequestCaches(os.tmpdir(), true), { processEnv: { HELM_CREDENTIALS: CREDENTIALS }, tokenizerConfig });
  } catch (error) {
    expect(error).toBeInstanceOf(HelmInputError);
    outcome.client = (error as Error).message;
  }
  try {
    createWindowService(deployment, tokenizerConfig, deployment.tokenizer_name ? getTokenizer(deployment.tokenizer_name, tokenizerConfig) : undefined);
  } catch (error) {
    expect(error).toBeInstanceOf(HelmInputError);
    outcome.window = (error as Error).message;
  }
  return outcome;
}

describe("HELM's deployments of these classes stop before their runs only for a stated reason", () => {
  it.each(['ai21/j2-grande', 'ai21/jamba-1.5-mini'])('%s: the client is built; AI21LocalTokenizer is not available', (name) => {
    const outcome = preflight(name);
    expect(outcome.client).toBeUndefined();
    expect(outcome.window).toMatch(/not available: HELM's AI21LocalTokenizer uses the ai21-tokenizer Python package/);
  });
  it.each(['cohere/command', 'cohere/command-r'])('%s: the client is built; CohereLocalTokenizer is a web service', (name) => {
    const outcome = preflight(name);
    expect(outcome.client).toBeUndefined();
    expect(outcome.window).toMatch(/CohereLocalTokenizer asks Cohere's API/);
  });
  it('AlephAlpha/luminous-base: the client is built; AlephAlphaTokenizer is a web service', () => {
    const outcome = preflight('AlephAlpha/luminous-base');
    expect(outcome.client).toBeUndefined();
    expect(outcome.window).toMatch(/AlephAlphaTokenizer downloads the model's tokenizer from Aleph Alpha's API/);
  });
  it('anthropic/claude-2.1: AnthropicClient needs the Claude tokenizer files (Xenova/claude-tokenizer) as a local folder', () => {
    expect(preflight('anthropic/claude-2.1').client).toMatch(/tokenizer anthropic\/claude not available: Xenova\/claude-tokenizer is neither a local folder/);
  });
  it("anthropic/stanford-online-all-v4-s3: AnthropicLegacyClient's endpoint is closed", () => {
    expect(preflight('anthropic/stanford-online-all-v4-s3').client).toMatch(/AnthropicLegacyClient used Anthropic's pre-release endpoint/);
  });
});

/** A provider answering from a script of replies, recording what it was sent. */
const seen: Array<{ path: string; headers: http.IncomingHttpHeaders; body: unknown }> = [];
let replies: Array<{ status: number; body: unknown; headers?: Record<string, string> }> = [];
let server: http.Server;
let baseUrl = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined });
      const reply = replies.shift() ?? { status: 599, body: { message: 'no reply left' } };
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(name: string, className: string, processEnv: NodeJS.ProcessEnv = { HELM_CREDENTIALS: CREDENTIALS }, args: Record<string, unknown> = {}) {
  const deployment: ModelDeployment = { name, model_name: name, client_spec: { class_name: className, args: { base_url: baseUrl, ...args } }, deprecated: false };
  return createModelClient(deployment, new RequestCaches(os.tmpdir(), true), { processEnv, retryPolicy: { initialDelayMs: 5, maxDelayMs: 20, maxRetries: 2 } });
}

const COHERE = 'helm.clients.cohere_client.CohereClient';
const GENERATION = { generations: [{ text: ' 4', token_likelihoods: [{ token: ' 4', likelihood: -0.5 }] }] };

describe('keys, checks and retries', () => {
  it('a missing key names the credential HELM reads, never a secret', () => {
    for (const [name, className, credential] of [
      ['ai21/j2-grande', 'helm.clients.ai21_client.AI21Client', 'ai21ApiKey'],
      ['cohere/command-r', 'helm.clients.cohere_client.CohereChatClient', 'cohereApiKey'],
      ['AlephAlpha/luminous-base', 'helm.clients.aleph_alpha_client.AlephAlphaClient', 'AlephAlphaApiKey'],
    ]) {
      expect(() => client(name, className, {})).toThrow(new RegExp(`no .* API key\\. Set ${credential}`));
    }
    expect(() => client('cohere/command', COHERE, { CO_API_KEY: KEY })).not.toThrow();
  });

  it("HELM's request checks are input errors", async () => {
    const cohere = client('cohere/command', COHERE);
    await expect(cohere.makeRequest(defaultRequest({ model: 'cohere/command', prompt: 'x', temperature: 6 }))).rejects.toThrow(/Invalid temperature: 6/);
    const chat = client('cohere/command-r', 'helm.clients.cohere_client.CohereChatClient');
    await expect(chat.makeRequest(defaultRequest({ model: 'cohere/command-r', prompt: 'x', num_completions: 2 }))).rejects.toThrow(/only supports num_completions=1/);
    const jamba = client('ai21/jamba-1.5-mini', 'helm.clients.ai21_client.AI21ChatClient');
    await expect(jamba.makeRequest(defaultRequest({ model: 'ai21/jamba-1.5-mini', messages: [{ role: 'user', content: 'x' }] }))).rejects.toThrow(/does not support the messages API/);
    expect(seen).toEqual([]);
  });

  it('429 (after Retry-After) and 5xx are retried; the request then succeeds', async () => {
    seen.length = 0;
    replies = [
      { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '0' } },
      { status: 503, body: { message: 'busy' } },
      { status: 200, body: GENERATION },
    ];
    const result = await client('cohere/command', COHERE).makeRequest(defaultRequest({ model: 'cohere/command', prompt: 'Q', max_tokens: 1 }));
    expect(seen).toHaveLength(3);
    expect(seen[0].headers.authorization).toBe(`BEARER ${KEY}`);
    expect(result).toMatchObject({ success: true, completions: [{ text: ' 4' }] });
  });

  it("another 4xx is a failed request with the provider's message; 401 fails the run", async () => {
    seen.length = 0;
    replies = [{ status: 400, body: { message: 'bad prompt' } }];
    const failed = await client('cohere/command', COHERE).makeRequest(defaultRequest({ model: 'cohere/command', prompt: 'Q' }));
    expect(failed).toMatchObject({ success: false, error: 'CohereClient error: Request failed with error bad prompt', error_flags: { is_fatal: false } });
    replies = [{ status: 401, body: { detail: 'invalid key' } }];
    const unauthorized = await client('ai21/j2-grande', 'helm.clients.ai21_client.AI21Client').makeRequest(defaultRequest({ model: 'ai21/j2-grande', prompt: 'Q' }));
    expect(unauthorized).toMatchObject({ success: false, error: 'AI21 completion API error - Detail: invalid key', error_flags: { is_fatal: true } });
    expect(seen.map((s) => s.path)).toEqual(['/generate', '/j2-grande/complete']);
    expect(JSON.stringify([failed, unauthorized])).not.toContain(KEY);
  });
});

describe("AnthropicClient (Text Completions) tokenizes with the deployment's tokenizer", () => {
  it('the tokenizer config says where its files are (here the bundled GPT-2)', async () => {
    seen.length = 0;
    replies = [{ status: 200, body: { type: 'completion', completion: ': Hello world', stop_reason: 'max_tokens', model: 'claude-2.1' } }];
    const deployment: ModelDeployment = {
      name: 'anthropic/claude-2.1',
      model_name: 'anthropic/claude-2.1',
      tokenizer_name: 'anthropic/claude',
      client_spec: { class_name: 'helm.clients.anthropic_client.AnthropicClient', args: { base_url: baseUrl } },
      deprecated: false,
    };
    const tokenizerConfig = {
      name: 'anthropic/claude',
      tokenizer_spec: { class_name: 'helm.tokenizers.huggingface_tokenizer.HuggingFaceTokenizer', args: { pretrained_model_name_or_path: 'openai-community/gpt2' } },
    };
    const anthropic = createModelClient(deployment, new RequestCaches(os.tmpdir(), true), { processEnv: { ANTHROPIC_API_KEY: KEY }, tokenizerConfig });
    const result = await anthropic.makeRequest(defaultRequest({ model: 'anthropic/claude-2.1', prompt: '\n\nHuman: Hi\n\nAssistant:', max_tokens: 5 }));
    expect(seen.map((s) => [s.path, s.headers['x-api-key']])).toEqual([['/v1/complete', KEY]]);
    expect(result.completions).toEqual([{ text: 'Hello world', logprob: 0, tokens: [{ text: 'Hello', logprob: 0 }, { text: ' world', logprob: 0 }] }]);
  });
});
