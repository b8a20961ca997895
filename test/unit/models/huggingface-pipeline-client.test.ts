import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createModelClient } from '../../../core/models/clients';
import { HuggingFacePipelineClient } from '../../../core/models/clients/huggingface-pipeline-client';
import { RequestCache, RequestCaches, type RequestCacheLike } from '../../../core/models/request-cache';
import { defaultRequest, type ModelDeployment, type Request } from '../../../core/models/schemas';
import { writeGpt2TokenizerFiles } from '../../../core/models/tokenizers/gpt2-bpe';

/**
 * helm-ts's HuggingFacePipelineClient against HELM's own on the same tiny GPT-2 weights
 * (scripts/helm-reference/pipeline-client-golden.py ran HELM's class with transformers on the
 * PyTorch copy of test/fixtures/models/tiny-gpt2): the same cache keys, completions and refusals.
 */

interface GoldenCase {
  case: string;
  model: string;
  request: Partial<Request>;
  keys: string[];
  result: { success: boolean; completions: { text: string; logprob: number; tokens: unknown[] }[]; embedding: unknown[] } | null;
  raised: string | null;
}
const golden = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/models/pipeline-client-golden.json'), 'utf8')) as {
  chat_template: string;
  cases: GoldenCase[];
};

const TINY = path.resolve(__dirname, '../../fixtures/models/tiny-gpt2');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-pipeline-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The fixture with the GPT-2 tokenizer files, as a published checkpoint; optionally a chat template. */
function modelFolder(name: string, chatTemplate?: string): string {
  const folder = path.join(tmp, name);
  fs.cpSync(TINY, folder, { recursive: true });
  writeGpt2TokenizerFiles(folder);
  if (chatTemplate !== undefined) {
    const configFile = path.join(folder, 'tokenizer_config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(configFile, JSON.stringify({ ...config, chat_template: chatTemplate }));
  }
  return folder;
}

const folders = { '<MODEL>': modelFolder('tiny-gpt2'), '<CHAT_MODEL>': modelFolder('tiny-gpt2-chat', golden.chat_template) };

function deployment(name: string, folder: string): ModelDeployment {
  return {
    name,
    model_name: name,
    tokenizer_name: 'huggingface/gpt2',
    max_sequence_length: 1024,
    client_spec: { class_name: 'helm.clients.huggingface_pipeline_client.HuggingFacePipelineClient', args: { pretrained_model_name_or_path: folder } },
    deprecated: false,
  };
}

function recordingCache(file: string): RequestCacheLike & { keys: string[] } {
  const cache = new RequestCache(path.join(tmp, file));
  const keys: string[] = [];
  return { keys, getOrCompute: (key, compute) => (keys.push(key), cache.getOrCompute(key, compute)) };
}

describe('HuggingFacePipelineClient against HELM 0.5.16 (tiny GPT-2, transformers pipeline)', () => {
  for (const c of golden.cases) {
    it(c.case, async () => {
      const placeholder = c.model.endsWith('-chat') ? '<CHAT_MODEL>' : '<MODEL>';
      const folder = folders[placeholder];
      const cache = recordingCache(`${c.case}.sqlite`);
      const client = new HuggingFacePipelineClient(deployment(c.model, folder), cache);
      const request = defaultRequest({ model: c.model, model_deployment: c.model, ...c.request });
      if (c.result === null) {
        // HELM raised: helm-ts fails the request the same way, before anything is computed or cached.
        const expected = (c.raised ?? '').replace(/^\w+: /, '').replaceAll(placeholder, folder);
        await expect(client.makeRequest(request)).rejects.toThrow(expected);
        return;
      }
      const result = await client.makeRequest(request);
      expect(cache.keys.map((k) => k.replaceAll(folder, placeholder))).toEqual(c.keys);
      expect(result.success).toBe(true);
      expect(result.completions.map((g) => ({ text: g.text, logprob: g.logprob, tokens: g.tokens }))).toEqual(
        c.result.completions.map((g) => ({ text: g.text, logprob: g.logprob, tokens: g.tokens })),
      );
      expect(result.embedding).toEqual([]);
      expect((await client.makeRequest(request)).cached).toBe(true);
    });
  }
});

describe('HuggingFacePipelineClient in helm-ts', () => {
  it('is the client of HELM\'s SmolLM2 deployments, and stops up front when their weights are not here', () => {
    const caches = new RequestCaches(tmp, true);
    const smol: ModelDeployment = { ...deployment('huggingface/smollm2-135m', 'HuggingFaceTB/SmolLM2-135M'), tokenizer_name: 'huggingface/smollm2-135m' };
    expect(() => createModelClient(smol, caches)).toThrow(/huggingface\/smollm2-135m.*model weights not available/);
    expect(createModelClient(deployment('local/tiny', folders['<MODEL>']), caches)).toBeInstanceOf(HuggingFacePipelineClient);
  });

  it('echo_prompt with a chat model is refused (HELM would get the conversation back, not a text)', async () => {
    const client = new HuggingFacePipelineClient(deployment('local/chat', folders['<CHAT_MODEL>']), recordingCache('echo-chat.sqlite'));
    await expect(client.makeRequest(defaultRequest({ model: 'local/chat', model_deployment: 'local/chat', prompt: 'Hi', echo_prompt: true, max_tokens: 2 }))).rejects.toThrow(
      /echo_prompt with a chat model/,
    );
  });

  it('a request for another model is refused, as HELM refuses it', async () => {
    const client = new HuggingFacePipelineClient(deployment('local/tiny', folders['<MODEL>']), recordingCache('other.sqlite'));
    await expect(client.makeRequest(defaultRequest({ model: 'local/other', model_deployment: 'local/tiny', prompt: 'Hi' }))).rejects.toThrow(
      'has loaded model local/tiny but the request was for model local/other',
    );
  });
});
