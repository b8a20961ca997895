import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { loadCredentials, parseCredentials, provideApiKey } from '../../../core/models/credentials';

const SECRET = 'sk-ant-SECRET-7781';

/** HELM's documented credentials.conf example (cli-runner-outputs.md §4.5). */
const EXAMPLE = `openaiApiKey: sk-abc
anthropicApiKey: ${SECRET}
huggingfaceAuthToken: hf_xyz
openaiBaseUrl: "http://127.0.0.1:8000/v1"
deployments { "myorg/my-model": "key-for-that-deployment" }
`;

describe('credentials', () => {
  it('parses HELM credentials HOCON, quoted keys with slashes kept whole', () => {
    const credentials = parseCredentials(EXAMPLE, 'credentials.conf');
    expect(credentials.openaiApiKey).toBe('sk-abc');
    expect(credentials.openaiBaseUrl).toBe('http://127.0.0.1:8000/v1');
    expect(credentials.deployments).toEqual({ 'myorg/my-model': 'key-for-that-deployment' });
  });

  it('provide_api_key: <host>ApiKey, then deployments.<name>, else none', () => {
    const credentials = parseCredentials(EXAMPLE, 'credentials.conf');
    expect(provideApiKey(credentials, 'openai', 'openai/gpt-4o')).toBe('sk-abc');
    expect(provideApiKey(credentials, 'myorg', 'myorg/my-model')).toBe('key-for-that-deployment');
    expect(provideApiKey(credentials, 'myorg', 'myorg/other')).toBeUndefined();
    expect(provideApiKey(credentials, 'OpenAI', 'OpenAI/x')).toBeUndefined(); // case-sensitive, as HELM
    expect(provideApiKey({ openaiApiKey: 'k' }, 'together', 'together/x')).toBeUndefined();
  });

  it('HELM_CREDENTIALS wins over the file when non-empty; nothing when neither exists', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-cred-'));
    expect(loadCredentials(dir, {}).credentials).toEqual({});
    fs.writeFileSync(path.join(dir, 'credentials.conf'), EXAMPLE);
    expect(loadCredentials(dir, {}).credentials.openaiApiKey).toBe('sk-abc');
    expect(loadCredentials(dir, {}).source).toBe(path.join(dir, 'credentials.conf'));
    expect(loadCredentials(dir, { HELM_CREDENTIALS: '' }).credentials.openaiApiKey).toBe('sk-abc');
    const fromEnv = loadCredentials(dir, { HELM_CREDENTIALS: 'openaiApiKey: from-env' });
    expect(fromEnv.credentials).toEqual({ openaiApiKey: 'from-env' });
    expect(fromEnv.source).toBe('the HELM_CREDENTIALS environment variable');
  });

  it('a syntax error names the place but never the secret text', () => {
    const bad = `anthropicApiKey: ${SECRET}\nopenaiApiKey: [unclosed ${SECRET}\n`;
    let message = '';
    try {
      parseCredentials(bad, 'prod_env/credentials.conf');
    } catch (error) {
      expect(error).toBeInstanceOf(HelmInputError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^prod_env\/credentials\.conf:\d+:\d+: credentials are not valid HOCON/);
    expect(message).not.toContain('SECRET');
    expect(message).not.toContain('7781');
  });
});
