import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientRegistry, createModelClient } from '../../../core/models/clients';
import { signV4 } from '../../../core/models/clients/amazon/sigv4';
import { ModelRegistry } from '../../../core/models/registry';
import { RequestCaches } from '../../../core/models/request-cache';
import { defaultRequest, type ModelDeployment } from '../../../core/models/schemas';

/**
 * The Bedrock clients' set-up (identity, region, endpoint) and transport (SigV4 headers, retries);
 * their requests and results are checked against HELM's classes in client-requests-differential.test.ts.
 */
const registry = ModelRegistry.load(path.join(os.tmpdir(), 'helm-ts-no-local-path'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-bedrock-'));
const bedrockDeployments = registry.allDeploymentNames().filter((name) => registry.getModelDeployment(name).client_spec.class_name.startsWith('helm.clients.bedrock_client.'));

/** No ~/.aws files unless a test writes them. */
const NO_FILES = { AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none-credentials'), AWS_CONFIG_FILE: path.join(dir, 'none-config') };
const KEYS = { ...NO_FILES, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'very-secret-key', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' };

function build(deployment: ModelDeployment, processEnv: Record<string, string>, retryPolicy = {}) {
  return createModelClient(deployment, new RequestCaches(path.join(dir, 'cache'), true), { localPath: dir, processEnv, retryPolicy });
}
const byName = (name: string) => registry.getModelDeployment(name);

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
let replies: Array<{ status: number; body: unknown; headers?: Record<string, string> }> = [];
/** STS AssumeRole replies (status, XML), for requests to /sts/. */
let stsReplies: Array<[number, string]> = [];
const stsCredentials = (expiration: string) =>
  '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
  `<AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role/secret+key</SecretAccessKey><SessionToken>role-token&amp;x</SessionToken><Expiration>${expiration}</Expiration>` +
  '</Credentials></AssumeRoleResult></AssumeRoleResponse>';
let server: http.Server;
let baseUrl = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/sts/') {
        const [status, xml] = stsReplies.shift() ?? [500, '<ErrorResponse/>'];
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(xml);
        return;
      }
      const reply = replies.shift() ?? { status: 599, body: { message: 'no reply left' } };
      res.writeHead(reply.status, { 'content-type': 'application/json', date: 'Thu, 03 Dec 2026 17:05:09 GMT', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

function withBaseUrl(name: string, extra: Record<string, unknown> = {}): ModelDeployment {
  const d = byName(name);
  return { ...d, tokenizer_name: 'huggingface/gpt2', client_spec: { ...d.client_spec, args: { ...d.client_spec.args, base_url: baseUrl, ...extra } } };
}

/** Recomputes the signature the server should see, from what it received. */
function expectValidSignature(r: Received, region: string, secret: string, token?: string): void {
  const date = String(r.headers['x-amz-date']);
  const now = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const accessKeyId = /Credential=([^/]+)\//.exec(String(r.headers.authorization))?.[1] ?? '';
  const expected = signV4({
    method: 'POST',
    url: `${baseUrl}${r.path}`,
    headers: { 'content-type': String(r.headers['content-type']), accept: String(r.headers.accept) },
    body: r.body,
    region,
    service: 'bedrock',
    credentials: { accessKeyId, secretAccessKey: secret, sessionToken: token },
    now,
  });
  expect(r.headers.authorization).toBe(expected.headers.authorization);
}

describe("Bedrock deployments of HELM's registry", () => {
  it('all 17 have a registered client and build with AWS keys and a region', () => {
    expect(bedrockDeployments).toHaveLength(17);
    for (const name of bedrockDeployments) {
      expect(clientRegistry.has(byName(name).client_spec.class_name)).toBe(true);
      expect(() => build(byName(name), KEYS), name).not.toThrow();
    }
  });

  it('stop up front, naming what is missing and never a secret', () => {
    const titan = byName('amazon/titan-text-lite-v1');
    expect(() => build(titan, { ...NO_FILES, AWS_REGION: 'us-east-1' })).toThrow(/no AWS credentials.*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    expect(() => build(titan, { ...NO_FILES, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' })).toThrow(/AWS_SECRET_ACCESS_KEY is not set/);
    let message = '';
    try {
      build(titan, { ...NO_FILES, AWS_REGION: 'us-east-1', AWS_SECRET_ACCESS_KEY: 'very-secret-key' });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/AWS_ACCESS_KEY_ID is not set/);
    expect(message).not.toContain('very-secret-key');
    const { AWS_REGION: _r, AWS_DEFAULT_REGION: _d, ...noRegion } = KEYS;
    expect(() => build(titan, noRegion)).toThrow(/no AWS region.*AWS_REGION or AWS_DEFAULT_REGION/);
    // Nova's client is plain boto3, which reads AWS_DEFAULT_REGION, not AWS_REGION.
    expect(() => build(byName('amazon/nova-pro-v1:0'), { ...noRegion, AWS_REGION: 'us-east-1' })).toThrow(/no AWS region.*Set AWS_DEFAULT_REGION/);
    // The Palmyra deployment names its region.
    expect(() => build(byName('amazon/palmyra-x5-v1-bedrock'), noRegion)).not.toThrow();
    expect(() => build(titan, { ...KEYS, AWS_REGION: 'US East' })).toThrow(/"US East" is not an AWS region name/);
  });

  it("reads a profile's keys and region from the shared files (AWS_PROFILE)", () => {
    const credentials = path.join(dir, 'credentials');
    const config = path.join(dir, 'config');
    fs.writeFileSync(credentials, '[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n[helm]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s3cret\n');
    fs.writeFileSync(config, '[profile helm]\nregion = eu-west-3\n');
    const env = { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config, AWS_PROFILE: 'helm' };
    expect(() => build(byName('amazon/nova-lite-v1:0'), env)).not.toThrow();
    expect(() => build(byName('amazon/nova-lite-v1:0'), { ...env, AWS_PROFILE: 'missing', AWS_DEFAULT_REGION: 'us-east-1' })).toThrow(/profile "missing" of .* has no aws_access_key_id/);
    // With AWS_PROFILE set, HELM's InvokeModel clients (an explicit boto3 profile) ignore the environment's keys; Nova (plain boto3) does not.
    const keysAndMissingProfile = { ...env, AWS_PROFILE: 'missing', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'very-secret-key', AWS_DEFAULT_REGION: 'us-east-1' };
    expect(() => build(byName('amazon/titan-text-lite-v1'), keysAndMissingProfile)).toThrow(/AWS_PROFILE is set.*profile "missing"/);
    expect(() => build(byName('amazon/nova-lite-v1:0'), keysAndMissingProfile)).not.toThrow();
    expect(() => build(byName('amazon/titan-text-lite-v1'), env)).not.toThrow();
  });
});

describe('Bedrock transport', () => {
  const question = defaultRequest({ model: 'meta/amazon-llama3-8b-instruct-v1:0', model_deployment: 'amazon/llama3-8b-instruct-v1:0', prompt: 'Hi', max_tokens: 5 });

  it('signs each attempt (SigV4 headers of the right shape, session token), retrying 5xx and 429', async () => {
    received.length = 0;
    replies = [
      { status: 500, body: { message: 'internal' } },
      { status: 429, body: { message: 'slow down' }, headers: { 'x-amzn-ErrorType': 'ThrottlingException' } },
      { status: 200, body: { generation: ' Hello', stop_reason: 'stop' } },
    ];
    const client = build(withBaseUrl('amazon/llama3-8b-instruct-v1:0'), { ...KEYS, AWS_SESSION_TOKEN: 'session-token-value' }, { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 2 });
    const result = await client.makeRequest(question);
    expect(result.success).toBe(true);
    expect(result.completions[0].text).toBe('Hello');
    expect(received).toHaveLength(3);
    for (const r of received) {
      expect(r.path).toBe('/model/meta.llama3-8b-instruct-v1%3A0/invoke');
      expect(r.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
      expect(r.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
      expect(r.headers['x-amz-security-token']).toBe('session-token-value');
      expect(r.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
      );
      expectValidSignature(r, 'us-east-1', 'very-secret-key', 'session-token-value');
    }
  });

  it('records a refusal as a failed request with botocore\'s message, once, without the secret', async () => {
    received.length = 0;
    replies = [{ status: 400, body: { message: 'Malformed input request' }, headers: { 'x-amzn-ErrorType': 'ValidationException:http://internal.amazon.com/' } }];
    const client = build(withBaseUrl('amazon/llama3-8b-instruct-v1:0'), KEYS, { maxRetries: 3, initialDelayMs: 1 });
    const result = await client.makeRequest({ ...question, prompt: 'refused' });
    expect(received).toHaveLength(1);
    expect(result).toMatchObject({
      success: false,
      error: 'An error occurred (ValidationException) when calling the InvokeModel operation: Malformed input request',
      error_flags: { is_retriable: false, is_fatal: false },
    });
  });

  it("Converse: the region's signature, the service's latency and Date as the timing, replayed from the cache", async () => {
    received.length = 0;
    const reply = { output: { message: { role: 'assistant', content: [{ text: ' 4' }] } }, stopReason: 'end_turn', metrics: { latencyMs: 1500 } };
    replies = [{ status: 200, body: reply }];
    // A cache that is on (the other tests build with --disable-cache's).
    const client = createModelClient(withBaseUrl('amazon/nova-premier-v1:0', { region: 'us-west-2' }), new RequestCaches(path.join(dir, 'cache')), { localPath: dir, processEnv: KEYS, retryPolicy: { maxRetries: 0 } });
    const request = defaultRequest({ model: 'amazon/nova-premier-v1:0', model_deployment: 'amazon/nova-premier-v1:0', prompt: 'Q', max_tokens: 5 });
    const first = await client.makeRequest(request);
    expect(received[0].path).toBe('/model/us.amazon.nova-premier-v1%3A0/converse');
    expectValidSignature(received[0], 'us-west-2', 'very-secret-key');
    expect(first).toMatchObject({ success: true, cached: false, request_time: 1.5, request_datetime: Date.UTC(2026, 11, 3, 17, 5, 9) / 1000 });
    const again = await client.makeRequest(request);
    expect(received).toHaveLength(1);
    expect(again).toMatchObject({ success: true, cached: true, request_time: 1.5, request_datetime: first.request_datetime });
  });

  it("assumes HELM's BEDROCK_ASSUME_ROLE through STS and signs with the role's keys, renewing them before they expire", async () => {
    received.length = 0;
    const later = new Date(Date.now() + 3600_000).toISOString();
    stsReplies = [[200, stsCredentials(later)]];
    replies = [
      { status: 200, body: { generation: ' one', stop_reason: 'stop' } },
      { status: 200, body: { generation: ' two', stop_reason: 'stop' } },
    ];
    const env = { ...KEYS, BEDROCK_ASSUME_ROLE: 'arn:aws:iam::123456789012:role/helm', AWS_ENDPOINT_URL_STS: `${baseUrl}/sts` };
    const client = build(withBaseUrl('amazon/llama3-8b-instruct-v1:0'), env);
    expect((await client.makeRequest({ ...question, prompt: 'role 1' })).completions[0].text).toBe('one');
    expect((await client.makeRequest({ ...question, prompt: 'role 2' })).completions[0].text).toBe('two');
    // One AssumeRole (the keys last an hour), signed by the base keys for STS.
    expect(received.map((r) => r.path)).toEqual(['/sts/', '/model/meta.llama3-8b-instruct-v1%3A0/invoke', '/model/meta.llama3-8b-instruct-v1%3A0/invoke']);
    expect(new URLSearchParams(received[0].body).get('RoleArn')).toBe('arn:aws:iam::123456789012:role/helm');
    expect(new URLSearchParams(received[0].body).get('RoleSessionName')).toBe('crfm-helm');
    expect(received[0].headers.authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sts\/aws4_request/);
    for (const r of received.slice(1)) {
      expect(r.headers['x-amz-security-token']).toBe('role-token&x');
      expectValidSignature(r, 'us-east-1', 'role/secret+key', 'role-token&x');
    }
  });

  it('assumes the role again when its keys are within 15 minutes of expiring', async () => {
    received.length = 0;
    const soon = new Date(Date.now() + 10 * 60_000).toISOString();
    stsReplies = [
      [200, stsCredentials(soon)],
      [200, stsCredentials(soon)],
    ];
    replies = [
      { status: 200, body: { generation: ' one', stop_reason: 'stop' } },
      { status: 200, body: { generation: ' two', stop_reason: 'stop' } },
    ];
    const env = { ...KEYS, BEDROCK_ASSUME_ROLE: 'arn:aws:iam::123456789012:role/helm', AWS_ENDPOINT_URL_STS: `${baseUrl}/sts` };
    const client = build(withBaseUrl('amazon/llama3-8b-instruct-v1:0'), env);
    await client.makeRequest({ ...question, prompt: 'soon 1' });
    await client.makeRequest({ ...question, prompt: 'soon 2' });
    expect(received.map((r) => r.path.split('/')[1])).toEqual(['sts', 'model', 'sts', 'model']);
  });

  it('stops, naming the role and STS\'s message, when the role cannot be assumed', async () => {
    stsReplies = [[403, '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>']];
    const env = { ...KEYS, AWS_ENDPOINT_URL_STS: `${baseUrl}/sts` };
    const client = build(withBaseUrl('amazon/llama3-8b-instruct-v1:0', { assumed_role: 'arn:aws:iam::1:role/none' }), env);
    await expect(client.makeRequest({ ...question, prompt: 'denied' })).rejects.toThrow(
      /could not assume role arn:aws:iam::1:role\/none \(AccessDenied: not authorized to perform sts:AssumeRole\)/,
    );
  });
});
