import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientRegistry, createModelClient } from '../../../core/models/clients';
import { removeDeepseekR1Thinking } from '../../../core/models/clients/openai/output-processors';
import { ModelRegistry } from '../../../core/models/registry';
import { RequestCaches } from '../../../core/models/request-cache';

/**
 * The Stanford Health Care clients' set-up against HELM's own registry (the requests themselves
 * are checked against HELM's classes in client-requests-differential.test.ts).
 */
const registry = ModelRegistry.load(path.join(os.tmpdir(), 'helm-ts-no-local-path'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-shc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const shcDeployments = registry.allDeploymentNames().filter((name) => registry.getModelDeployment(name).client_spec.class_name.includes('stanfordhealthcare_'));

function build(name: string, credentials: Record<string, string>) {
  const HELM_CREDENTIALS = Object.entries(credentials)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return createModelClient(registry.getModelDeployment(name), new RequestCaches(dir, true), { localPath: dir, processEnv: { HELM_CREDENTIALS } });
}

const GATEWAY = {
  stanfordhealthcareApiKey: 'k',
  stanfordhealthcareEndpoint: 'https://apim.example.org',
  stanfordhealthcare_shcApiKey: 'k',
  stanfordhealthcare_shcEndpoint: 'https://apim.example.org',
};

describe("Stanford Health Care deployments of HELM's registry", () => {
  it('all 29 have a registered client and build with a key and an endpoint', () => {
    expect(shcDeployments).toHaveLength(29);
    for (const name of shcDeployments) {
      expect(clientRegistry.has(registry.getModelDeployment(name).client_spec.class_name)).toBe(true);
      expect(() => build(name, GATEWAY), name).not.toThrow();
    }
  });

  it('stop up front, naming the credential, without a key or an endpoint', () => {
    expect(() => build('stanfordhealthcare/gpt-4.1-2025-04-14', {})).toThrow(/stanfordhealthcareApiKey/);
    expect(() => build('stanfordhealthcare/gemini-2.0-flash-001', { stanfordhealthcareApiKey: 'k' })).toThrow(/stanfordhealthcareEndpoint/);
    expect(() => build('stanfordhealthcare/llama-3.3-70b-instruct', { stanfordhealthcareApiKey: 'k' })).toThrow(/stanfordhealthcareEndpoint/);
    expect(() => build('stanfordhealthcare_shc/gpt-4o-2024-05-13', { stanfordhealthcare_shcApiKey: 'k' })).toThrow(/stanfordhealthcare_shcEndpoint/);
  });
});

describe('remove_deepseek_r1_thinking (HELM output processor)', () => {
  it('drops the think block (greedy, with the two newlines after it), or all of an unclosed one', () => {
    expect(removeDeepseekR1Thinking('no think')).toBe('no think');
    expect(removeDeepseekR1Thinking('<think>\na\n</think>\n\n4')).toBe('4');
    expect(removeDeepseekR1Thinking('<think>a</think>b<think>c</think>\n\nd')).toBe('d');
    expect(removeDeepseekR1Thinking('<think>a</think>4')).toBe('4');
    expect(removeDeepseekR1Thinking('<think>unclosed')).toBe('');
  });
});
