import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { createModelClient } from '../../../core/models/clients';
import { DEFAULT_RETRY_POLICY } from '../../../core/models/clients/common/http';
import { clearIamTokens, iamToken } from '../../../core/models/clients/ibm/iam';
import { RequestCaches } from '../../../core/models/request-cache';
import { defaultRequest, type ModelDeployment } from '../../../core/models/schemas';

/** A fake IAM + watsonx server: records each call's path, headers and body; IAM answers per `iamStatus`. */
class FakeIbm {
  calls: Array<{ path: string; authorization?: string; contentType?: string; body: string }> = [];
  iamStatus = 200;
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        this.calls.push({ path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
        res.writeHead(req.url === '/identity/token' ? this.iamStatus : 200, { 'content-type': 'application/json' });
        if (req.url === '/identity/token') {
          res.end(
            JSON.stringify(
              this.iamStatus === 200
                ? { access_token: 'eyJ.iam.token', expires_in: 3600, expiration: Math.floor(Date.now() / 1000) + 3600 }
                : { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.' },
            ),
          );
        } else {
          res.end(JSON.stringify({ results: [{ generated_text: ' 4', generated_tokens: [{ text: ' 4', logprob: -0.5 }] }] }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const fake = new FakeIbm();
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.calls = [];
  fake.iamStatus = 200;
  clearIamTokens();
});

const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 0 };

function deployment(className: string, name: string, args: Record<string, unknown> = {}): ModelDeployment {
  return { name, model_name: name, client_spec: { class_name: className, args }, deprecated: false };
}

function credentials(entries: Record<string, unknown>): NodeJS.ProcessEnv {
  return { HELM_CREDENTIALS: Object.entries(entries).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('\n') };
}

const caches = new RequestCaches('/nonexistent', true);

describe('IBM Cloud IAM token exchange', () => {
  it("posts the SDK's form body with the bx:bx client authorization, and keeps the token", async () => {
    const url = `${fake.url}/identity/token`;
    expect(await iamToken(url, 'my-key', policy)).toBe('eyJ.iam.token');
    expect(await iamToken(url, 'my-key', policy)).toBe('eyJ.iam.token');
    expect(fake.calls).toEqual([
      {
        path: '/identity/token',
        authorization: 'Basic Yng6Yng=',
        contentType: 'application/x-www-form-urlencoded',
        body: 'apikey=my-key&grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey',
      },
    ]);
  });

  it('exchanges again when the token is about to expire', async () => {
    const url = `${fake.url}/identity/token`;
    await iamToken(url, 'my-key', policy);
    // Two hours on, the one-hour token is stale.
    await iamToken(url, 'my-key', policy, () => Date.now() + 2 * 3600_000);
    expect(fake.calls).toHaveLength(2);
  });

  it("a refused key stops the run with IAM's message and never the key", async () => {
    fake.iamStatus = 400;
    const error = await iamToken(`${fake.url}/identity/token`, 'secret-key-123', policy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelmInputError);
    expect(String(error)).toContain('Provided API key could not be found.');
    expect(String(error)).not.toContain('secret-key-123');
  });
});

describe('IbmTextClient', () => {
  const ibm = (extra: Record<string, unknown> = {}) =>
    createModelClient(
      deployment('helm.clients.ibm_client.IbmTextClient', 'ibm/granite-8b-code-instruct', { watsonx_model_name: 'ibm/granite-8b-code-instruct', region: 'dallas' }),
      caches,
      {
        localPath: '/nonexistent',
        modelTags: [],
        processEnv: credentials({ ibmApiKey: 'k', ibmIamUrl: `${fake.url}/identity/token`, ...extra }),
      },
    );

  it('sends the bearer token from IAM and picks the region (any case) from ibmLocation', async () => {
    const client = ibm({ ibmLocation: [{ region: 'Dallas', url: fake.url, project_id: 'p1' }] });
    const result = await client.makeRequest(defaultRequest({ model: 'ibm/granite-8b-code-instruct', model_deployment: 'ibm/granite-8b-code-instruct', prompt: 'Q' }));
    expect(result.success).toBe(true);
    expect(result.completions[0].text).toBe(' 4');
    const generation = fake.calls.find((c) => c.path.startsWith('/ml/v1/text/generation'));
    expect(generation?.authorization).toBe('Bearer eyJ.iam.token');
    expect(JSON.parse(generation?.body ?? '{}')).toMatchObject({ model_id: 'ibm/granite-8b-code-instruct', project_id: 'p1', input: 'Q' });
  });

  it('says what is missing: the location list, or the region in it', () => {
    expect(() => ibm()).toThrow(/no ibmLocation.*list of \{region, url, project_id\}/);
    expect(() => ibm({ ibmLocation: [{ region: 'Frankfurt', url: fake.url, project_id: 'p1' }] })).toThrow(/no entry for region dallas/);
    expect(() => ibm({ ibmLocation: 'nonsense' })).toThrow(/is not a list/);
  });
});

describe('missing keys name the credential, never a value', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['helm.clients.palmyra_client.PalmyraClient', 'writer/palmyra-x-v3', /no Writer API key.*writerApiKey.*WRITER_API_KEY/],
    ['helm.clients.writer_client.WriterClient', 'writer/palmyra-x5', /no Writer API key.*writerApiKey.*WRITER_API_KEY/],
    ['helm.clients.palmyra_client.PalmyraChatClient', 'writer/palmyra-x-004', /no API key.*writerApiKey.*WRITER_API_KEY/],
    ['helm.clients.reka_client.RekaClient', 'reka/reka-core', /no Reka API key.*rekaApiKey.*REKA_API_KEY/],
  ];
  for (const [className, name, message] of cases) {
    it(className, () => {
      const made = () =>
        createModelClient({ ...deployment(className, name), tokenizer_name: 'openai/cl100k_base' }, caches, { localPath: '/nonexistent', modelTags: [], processEnv: {} });
      expect(made).toThrow(HelmInputError);
      expect(made).toThrow(message);
    });
  }
});
