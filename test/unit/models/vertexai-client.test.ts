import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { createModelClient } from '../../../core/models/clients';
import { ModelServiceRetryableError } from '../../../core/models/clients/common/http';
import { ModelRegistry } from '../../../core/models/registry';
import { RequestCaches, type RequestCacheLike } from '../../../core/models/request-cache';
import { defaultRequest, type ModelDeployment, type Request } from '../../../core/models/schemas';

/**
 * Vertex AI end to end against a local fake Google: the OAuth token endpoint (a service account's
 * signed JWT, a user's refresh token) and Vertex AI's generateContent / predict, with retries,
 * refusals, the cache and HELM's registry. The HELM equivalence of bodies, keys and results is
 * client-requests-differential.test.ts's.
 */

const FAST_RETRIES = { initialDelayMs: 5, maxDelayMs: 20, maxRetries: 2 };
const CHAT = 'helm.clients.vertexai_client.VertexAIChatClient';
const TEXT = 'helm.clients.vertexai_client.VertexAITextClient';

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  text: string;
}
interface Reply {
  status?: number;
  body: unknown;
}

/** One server for both the token endpoint (/token) and Vertex AI (everything else). */
class FakeGoogle {
  readonly seen: Seen[] = [];
  readonly vertexReplies: Reply[] = [];
  readonly tokenReplies: Reply[] = [];
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        this.seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, text });
        const queue = req.url === '/token' ? this.tokenReplies : this.vertexReplies;
        const reply = queue.shift() ?? { status: 599, body: { error: { message: 'no reply left' } } };
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  tokenCalls(): Seen[] {
    return this.seen.filter((s) => s.path === '/token');
  }
  vertexCalls(): Seen[] {
    return this.seen.filter((s) => s.path !== '/token');
  }
}

class MapCache implements RequestCacheLike {
  private readonly store = new Map<string, unknown>();
  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<{ response: T; cached: boolean }> {
    if (this.store.has(key)) return { response: structuredClone(this.store.get(key)) as T, cached: true };
    const response = await compute();
    this.store.set(key, structuredClone(response));
    return { response, cached: false };
  }
}
class MapCaches extends RequestCaches {
  readonly cache = new MapCache();
  constructor() {
    super(os.tmpdir(), true);
  }
  override forShard(): RequestCacheLike {
    return this.cache;
  }
}

const google = new FakeGoogle();
let dir: string;
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

beforeAll(async () => {
  await google.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-vertex-'));
});
afterAll(async () => {
  await google.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  google.seen.length = 0;
  google.vertexReplies.length = 0;
  google.tokenReplies.length = 0;
});

function deployment(className = CHAT, args: Record<string, unknown> = {}, name = 'google/gemini-1.5-pro-001'): ModelDeployment {
  return { name, model_name: name, client_spec: { class_name: className, args: { base_url: google.url, ...args } }, deprecated: false };
}

/** HELM's credentials.conf bindings plus the environment (never the machine's own). */
function client(env: Record<string, string>, opts: { className?: string; args?: Record<string, unknown>; credentials?: string; caches?: MapCaches; name?: string } = {}) {
  return createModelClient(deployment(opts.className, opts.args, opts.name), opts.caches ?? new MapCaches(), {
    localPath: dir,
    processEnv: { CLOUDSDK_CONFIG: path.join(dir, 'no-gcloud'), HELM_CREDENTIALS: opts.credentials ?? 'googleProjectId: "proj-1"\ngoogleLocation: "europe-west4"', ...env },
    modelTags: [],
    retryPolicy: FAST_RETRIES,
  });
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

const serviceAccount = () =>
  writeJson('sa.json', {
    type: 'service_account',
    project_id: 'sa-project',
    private_key_id: 'kid-1',
    private_key: PRIVATE_PEM,
    client_email: 'helm@sa-project.iam.gserviceaccount.com',
    token_uri: `${google.url}/token`,
  });

const QA: Request = defaultRequest({ model: 'google/gemini-1.5-pro-001', model_deployment: 'google/gemini-1.5-pro-001', prompt: 'Q: 2+2?\nA:', max_tokens: 5 });
const answer = (text: string, finishReason: number | string = 1): Reply => ({ body: { candidates: [{ index: 0, content: { role: 'model', parts: [{ text }] }, finishReason }] } });

describe('Google Cloud credentials for Vertex AI', () => {
  it('a service account key: a signed JWT exchanged at its token_uri, the token reused until near expiry', async () => {
    google.tokenReplies.push({ body: { access_token: 'ya29.sa-token', expires_in: 3599, token_type: 'Bearer' } });
    google.vertexReplies.push(answer(' 4'), answer(' 5'));
    const vertex = client({ GOOGLE_APPLICATION_CREDENTIALS: serviceAccount() });
    expect(await vertex.makeRequest(QA)).toMatchObject({ success: true, completions: [{ text: ' 4' }] });
    expect(await vertex.makeRequest({ ...QA, prompt: 'Q: 2+3?\nA:' })).toMatchObject({ success: true, completions: [{ text: ' 5' }] });

    expect(google.tokenCalls()).toHaveLength(1);
    const form = new URLSearchParams(google.tokenCalls()[0].text);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
    expect(crypto.verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-1' });
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({
      iss: 'helm@sa-project.iam.gserviceaccount.com',
      aud: `${google.url}/token`,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);

    const calls = google.vertexCalls();
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.headers.authorization === 'Bearer ya29.sa-token')).toBe(true);
    // credentials.conf's project and location win over the key file's project.
    expect(calls[0].path).toBe('/v1beta1/projects/proj-1/locations/europe-west4/publishers/google/models/gemini-1.5-pro-001:generateContent?%24alt=json%3Benum-encoding%3Dint');
  });

  it("a token about to expire is exchanged again; without googleProjectId the key file's project is used", async () => {
    google.tokenReplies.push({ body: { access_token: 'short-1', expires_in: 60 } }, { body: { access_token: 'short-2', expires_in: 60 } });
    google.vertexReplies.push(answer('a'), answer('b'));
    const vertex = client({ GOOGLE_APPLICATION_CREDENTIALS: serviceAccount() }, { credentials: '' });
    await vertex.makeRequest(QA);
    await vertex.makeRequest({ ...QA, prompt: 'other' });
    expect(google.tokenCalls()).toHaveLength(2);
    expect(google.vertexCalls().map((c) => c.headers.authorization)).toEqual(['Bearer short-1', 'Bearer short-2']);
    expect(google.vertexCalls()[0].path).toMatch(/^\/v1beta1\/projects\/sa-project\/locations\/us-central1\//);
  });

  it("a user login (gcloud's application-default file): refresh-token grant and its quota project", async () => {
    const gcloud = path.join(dir, 'gcloud');
    fs.mkdirSync(gcloud, { recursive: true });
    fs.writeFileSync(
      path.join(gcloud, 'application_default_credentials.json'),
      JSON.stringify({ type: 'authorized_user', client_id: 'cid', client_secret: 'csecret', refresh_token: 'rtoken', quota_project_id: 'quota-1', token_uri: `${google.url}/token` }),
    );
    google.tokenReplies.push({ body: { access_token: 'ya29.user', expires_in: 3600 } });
    google.vertexReplies.push(answer(' 4'));
    const result = await client({ CLOUDSDK_CONFIG: gcloud }).makeRequest(QA);
    expect(result.success).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(google.tokenCalls()[0].text))).toEqual({
      grant_type: 'refresh_token',
      client_id: 'cid',
      client_secret: 'csecret',
      refresh_token: 'rtoken',
    });
    expect(google.vertexCalls()[0].headers).toMatchObject({ authorization: 'Bearer ya29.user', 'x-goog-user-project': 'quota-1' });
  });

  it('a token given outright (googleAccessToken, GOOGLE_OAUTH_ACCESS_TOKEN) is sent as is', async () => {
    google.vertexReplies.push(answer('x'), answer('y'));
    await client({}, { credentials: 'googleProjectId: p\ngoogleAccessToken: "tok-conf"' }).makeRequest(QA);
    await client({ GOOGLE_OAUTH_ACCESS_TOKEN: 'tok-env' }).makeRequest(QA);
    expect(google.tokenCalls()).toHaveLength(0);
    expect(google.vertexCalls().map((c) => c.headers.authorization)).toEqual(['Bearer tok-conf', 'Bearer tok-env']);
  });

  it('missing credentials or project are named up front; a refused key fails without printing it', async () => {
    expect(() => client({})).toThrow(/no Google Cloud credentials for Vertex AI\. Set GOOGLE_APPLICATION_CREDENTIALS .*googleAccessToken in the HELM_CREDENTIALS environment variable or as GOOGLE_OAUTH_ACCESS_TOKEN/);
    expect(() => client({ GOOGLE_OAUTH_ACCESS_TOKEN: 't' }, { credentials: 'googleLocation: us-east1' })).toThrow(/no Google Cloud project for Vertex AI\. Set googleProjectId/);
    const other = writeJson('other.json', { type: 'external_account', audience: 'x' });
    expect(() => client({ GOOGLE_APPLICATION_CREDENTIALS: other })).toThrow(/has "type": "external_account"; helm-ts reads service account keys/);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ not json');
    expect(() => client({ GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, 'broken.json') })).toThrow(/broken\.json\) not JSON/);

    google.tokenReplies.push({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
    const error = await client({ GOOGLE_APPLICATION_CREDENTIALS: serviceAccount() })
      .makeRequest(QA)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelmInputError);
    expect(String(error)).toMatch(/were refused by .*\/token \(invalid_grant: Invalid JWT Signature\.\)/);
    expect(String(error)).not.toContain('PRIVATE KEY');
    expect(google.vertexCalls()).toHaveLength(0);
  });

  it('a token endpoint that is down is retried, then handed to the activity', async () => {
    google.tokenReplies.push({ status: 503, body: {} }, { status: 503, body: {} }, { status: 503, body: {} });
    const error = await client({ GOOGLE_APPLICATION_CREDENTIALS: serviceAccount() })
      .makeRequest(QA)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelServiceRetryableError);
    expect(google.tokenCalls()).toHaveLength(3);
  }, 20_000);
});

describe('Vertex AI calls', () => {
  const TOKEN = 'ya29.SECRET-token-42';
  const vertex = (opts: Parameters<typeof client>[1] = {}) => client({ GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN }, opts);

  it('429 and 5xx are retried; 408 is not (Google retries only those); a 400 is a failed request with the message', async () => {
    google.vertexReplies.push({ status: 429, body: { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } } });
    google.vertexReplies.push({ status: 500, body: { error: { code: 500, message: 'Internal error', status: 'INTERNAL' } } });
    google.vertexReplies.push(answer(' 4'));
    expect(await vertex().makeRequest(QA)).toMatchObject({ success: true, completions: [{ text: ' 4' }] });
    expect(google.vertexCalls()).toHaveLength(3);

    google.vertexReplies.push({ status: 408, body: { error: { code: 408, message: 'Request timeout' } } });
    expect(await vertex().makeRequest(QA)).toMatchObject({ success: false, error: 'VertexAIChatClient error: 408 Request timeout', error_flags: { is_fatal: false } });
    expect(google.vertexCalls()).toHaveLength(4);

    google.vertexReplies.push({ status: 400, body: { error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } } });
    expect(await vertex({ className: TEXT, name: 'google/text-bison@001' }).makeRequest({ ...QA, model: 'google/text-bison@001' })).toMatchObject({
      success: false,
      error: 'VertexAITextClient error: 400 Request contains an invalid argument.',
      error_flags: { is_retriable: false, is_fatal: false },
    });
  });

  it('a 401 or 403 fails the run, and the token never appears in the message', async () => {
    google.vertexReplies.push({ status: 403, body: { error: { code: 403, message: `Permission denied for token ${TOKEN}`, status: 'PERMISSION_DENIED' } } });
    const result = await vertex().makeRequest(QA);
    expect(result).toMatchObject({ success: false, error_flags: { is_fatal: true } });
    expect(result.error).toContain('403 Permission denied');
    expect(result.error).not.toContain(TOKEN);
  });

  it('as in HELM, blocked content is not cached (asked again later); an answer is', async () => {
    const caches = new MapCaches();
    google.vertexReplies.push(answer('x', 'SAFETY'), answer(' 4'));
    expect(await vertex({ caches }).makeRequest(QA)).toMatchObject({ success: false, error: 'Content blocked: Content blocked with reason: 3' });
    expect(await vertex({ caches }).makeRequest(QA)).toMatchObject({ success: true, cached: false, completions: [{ text: ' 4' }] });
    expect(await vertex({ caches }).makeRequest(QA)).toMatchObject({ success: true, cached: true, completions: [{ text: ' 4' }] });
    expect(google.vertexCalls()).toHaveLength(2);
  });

  it('a candidate HELM cannot read (several parts) is retried, then handed to the activity, and not cached', async () => {
    const twoParts = { body: { candidates: [{ content: { role: 'model', parts: [{ text: 'a' }, { text: 'b' }] }, finishReason: 1 }] } };
    google.vertexReplies.push(twoParts, twoParts, twoParts);
    const error = await vertex()
      .makeRequest(QA)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelServiceRetryableError);
    expect(String(error)).toContain('Multiple content parts are not supported.');
  });

  it("HELM's arguments are checked: unknown presets and arguments are refused", () => {
    expect(() => vertex({ args: { safety_settings_preset: 'strict' } })).toThrow('Unknown safety_settings_preset: strict');
    expect(() => vertex({ args: { api_key: 'k' } })).toThrow(/invalid client_spec.args for .*VertexAIChatClient \(unknown api_key\); accepted: project_id, location/);
  });

  it("the location picks the endpoint: <location>-aiplatform.googleapis.com, global's aiplatform.googleapis.com", async () => {
    const seen: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response(JSON.stringify(answer('ok').body), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    try {
      for (const location of ['asia-northeast1', 'global']) {
        const d: ModelDeployment = { ...deployment(), client_spec: { class_name: CHAT, args: {} } };
        const c = createModelClient(d, new MapCaches(), {
          localPath: dir,
          processEnv: { GOOGLE_OAUTH_ACCESS_TOKEN: 't', HELM_CREDENTIALS: `googleProjectId: p\ngoogleLocation: ${location}` },
          modelTags: [],
        });
        await c.makeRequest(QA);
      }
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(seen.map((u) => u.split('/v1beta1/')[0])).toEqual(['https://asia-northeast1-aiplatform.googleapis.com', 'https://aiplatform.googleapis.com']);
    expect(seen[1]).toContain('/projects/p/locations/global/publishers/google/models/gemini-1.5-pro-001:generateContent');
  });

  it("HELM's GoogleGenAIClient with a project and location in credentials goes to Vertex AI with the token, not the key", async () => {
    google.vertexReplies.push({ body: { candidates: [{ content: { role: 'model', parts: [{ text: ' 4' }] }, finishReason: 'STOP' }] } });
    const genai = vertex({
      className: 'helm.clients.google_genai_client.GoogleGenAIClient',
      name: 'google/gemini-2.5-pro',
      credentials: 'googleApiKey: "AIza-key"\ngoogleProjectId: proj-9\ngoogleLocation: us-east5',
    });
    const result = await genai.makeRequest({ ...QA, model: 'google/gemini-2.5-pro', model_deployment: 'google/gemini-2.5-pro' });
    expect(result).toMatchObject({ success: true, completions: [{ text: ' 4', finish_reason: { reason: 'stop' } }] });
    const [call] = google.vertexCalls();
    expect(call.path).toBe('/v1beta1/projects/proj-9/locations/us-east5/publishers/google/models/gemini-2.5-pro:generateContent');
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call.headers['x-goog-api-key']).toBeUndefined();
  });

  it("every Vertex AI deployment in HELM's registry (26 chat, 9 text) builds with a project and credentials", () => {
    const registry = ModelRegistry.load('');
    const all = registry.allDeploymentNames().map((n) => registry.getModelDeployment(n));
    const chat = all.filter((d) => d.client_spec.class_name === CHAT);
    const text = all.filter((d) => d.client_spec.class_name === TEXT);
    expect([chat.length, text.length]).toEqual([26, 9]);
    for (const d of [...chat, ...text]) {
      const options = { localPath: dir, processEnv: { GOOGLE_OAUTH_ACCESS_TOKEN: 't', HELM_CREDENTIALS: 'googleProjectId: p\ngoogleLocation: us-central1' }, modelTags: [] };
      expect(() => createModelClient(d, new MapCaches(), options), d.name).not.toThrow();
    }
  });
});
