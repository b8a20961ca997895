import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { toNumber } from '../../../core/common/py-number';
import { createModelClient } from '../../../core/models/clients';
import { HuggingFaceClient } from '../../../core/models/clients/huggingface-client';
import { RequestCache, RequestCaches, type RequestCacheLike } from '../../../core/models/request-cache';
import { ModelRegistry } from '../../../core/models/registry';
import { defaultRequest, type ModelDeployment, type Request, type RequestResult } from '../../../core/models/schemas';
import { getTokenizer } from '../../../core/models/tokenizers';
import { writeGpt2TokenizerFiles } from '../../../core/models/tokenizers/gpt2-bpe';
import { loadCausalLm } from '../../../core/models/clients/huggingface/model';
import { logSoftmaxAt } from '../../../core/models/clients/huggingface/warpers';
import { registerLocalHuggingFaceModel } from '../../../core/models/clients/huggingface/registration';

const TINY = path.resolve(__dirname, '../../fixtures/models/tiny-gpt2');
const reference = JSON.parse(fs.readFileSync(path.join(TINY, 'reference.json'), 'utf8')) as {
  prompt_ids: number[];
  prompt_logprobs: number[];
  greedy_ids: number[];
  greedy_logprobs: number[];
};
const gpt2 = getTokenizer('huggingface/gpt2');
const PROMPT = gpt2.decode(reference.prompt_ids);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-client-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A real SQLite request cache that also records the keys it is asked for. */
function recordingCache(file: string): RequestCacheLike & { keys: string[] } {
  const cache = new RequestCache(path.join(tmp, file));
  const keys: string[] = [];
  return {
    keys,
    getOrCompute: (key, compute) => {
      keys.push(key);
      return cache.getOrCompute(key, compute);
    },
  };
}

const tinyDeployment: ModelDeployment = {
  name: 'huggingface/tiny-gpt2',
  model_name: 'huggingface/tiny-gpt2',
  tokenizer_name: 'huggingface/gpt2',
  max_sequence_length: 1024,
  client_spec: { class_name: 'helm.clients.huggingface_client.HuggingFaceClient', args: { pretrained_model_name_or_path: TINY } },
  deprecated: false,
};

function request(overrides: Partial<Request>): Request {
  return defaultRequest({ model_deployment: tinyDeployment.name, model: 'huggingface/tiny-gpt2', prompt: PROMPT, ...overrides });
}

function logprobs(result: RequestResult, i = 0): number[] {
  return result.completions[i].tokens.map((t) => toNumber(t.logprob));
}

describe('HuggingFaceClient on a real ONNX GPT-2 (tiny, random weights) via transformers.js', () => {
  const cache = recordingCache('hf.sqlite');
  const client = new HuggingFaceClient(tinyDeployment, cache);

  it("echo_prompt with max_tokens=0: the prompt's tokens with PyTorch's logprobs, the first 0.0", async () => {
    const result = await client.makeRequest(request({ echo_prompt: true, max_tokens: 0, temperature: 0 }));
    expect(result.success).toBe(true);
    const [completion] = result.completions;
    expect(completion.text).toBe(PROMPT);
    expect(completion.tokens.map((t) => t.text)).toEqual(gpt2.tokenize(PROMPT));
    expect(completion.tokens[0].logprob).toEqual({ py_float: 0 });
    const got = logprobs(result);
    expect(got).toHaveLength(reference.prompt_logprobs.length);
    got.forEach((lp, i) => expect(lp).toBeCloseTo(reference.prompt_logprobs[i], 4));
    expect(toNumber(completion.logprob)).toBeCloseTo(reference.prompt_logprobs.reduce((a, b) => a + b, 0), 3);
  });

  it('temperature 0 (HELM sends 1e-7) continues greedily like PyTorch, logprobs of the warped scores', async () => {
    const result = await client.makeRequest(request({ max_tokens: 5, temperature: 0 }));
    const [completion] = result.completions;
    const ids = reference.greedy_ids.slice(0, 5);
    expect(completion.tokens.map((t) => t.text)).toEqual(ids.map((id) => gpt2.decode([id])));
    expect(completion.text).toBe(gpt2.decode(ids));
    // At temperature 1e-7 the chosen token has all the probability mass.
    for (const lp of logprobs(result)) expect(lp).toBeCloseTo(0, 6);
    // HELM's cache key: the raw request as sorted-key JSON.
    expect(cache.keys.at(-1)).toBe(
      `{"echo_prompt": false, "engine": "tiny-gpt2", "max_new_tokens": 5, "num_return_sequences": 1, ` +
        `"prompt": ${JSON.stringify(PROMPT)}, "stop_sequences": [], "temperature": 1e-07, "top_k_per_token": 1, "top_p": 1}`,
    );
  });

  it('replays from the cache', async () => {
    const first = await client.makeRequest(request({ max_tokens: 4, temperature: { py_float: 0.7 }, num_completions: 3 }));
    const again = await client.makeRequest(request({ max_tokens: 4, temperature: { py_float: 0.7 }, num_completions: 3 }));
    expect(first.cached).toBe(false);
    expect(again.cached).toBe(true);
    expect(again.completions).toEqual(first.completions);
    expect(again.request_time).toEqual(first.request_time);
  });

  it('samples num_completions sequences at once with per-token logprobs of the top-k/top-p distribution', async () => {
    const result = await client.makeRequest(request({ max_tokens: 6, num_completions: 4, temperature: { py_float: 1.0 }, top_p: { py_float: 0.9 } }));
    expect(result.completions).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      const c = result.completions[i];
      expect(c.tokens.length).toBeGreaterThan(0);
      expect(c.tokens.length).toBeLessThanOrEqual(6);
      expect(c.text).toBe(c.tokens.map((t) => t.text).join(''));
      for (const lp of logprobs(result, i)) {
        expect(lp).toBeLessThanOrEqual(0);
        expect(lp).toBeGreaterThan(-Infinity);
      }
      expect(toNumber(c.logprob)).toBeCloseTo(logprobs(result, i).reduce((a, b) => a + b, 0), 9);
    }
    // Renormalised over the kept tokens, a token is at least as likely as under the full softmax.
    const first = await client.makeRequest(request({ max_tokens: 1, temperature: { py_float: 1.0 }, random: 'r1' }));
    const chosen = gpt2.encode(first.completions[0].tokens[0].text);
    const echo = await client.makeRequest(request({ prompt: PROMPT + first.completions[0].text, echo_prompt: true, max_tokens: 0 }));
    if (chosen.length === 1) expect(logprobs(first)[0]).toBeGreaterThanOrEqual(logprobs(echo).at(-1) ?? 0);
  });

  it('a single-token stop sequence ends generation (it replaces EOS) and is cut off by truncate_sequence', async () => {
    const stop = gpt2.decode([reference.greedy_ids[0]]);
    const result = await client.makeRequest(request({ max_tokens: 5, temperature: 0, stop_sequences: [stop] }));
    expect(result.completions[0].text).toBe('');
    expect(result.completions[0].tokens).toEqual([]);
    expect(result.completions[0].logprob).toBe(0);
  });

  it('a multi-token stop sequence stops generation once the sequence ends with it; HELM truncates the text only', async () => {
    // The tiny model's greedy continuation repeats one token, so the stop is that token twice.
    expect(new Set(reference.greedy_ids.slice(0, 3)).size).toBe(1);
    const stop = gpt2.decode(reference.greedy_ids.slice(0, 2));
    const result = await client.makeRequest(request({ max_tokens: 6, temperature: 0, stop_sequences: [stop] }));
    const c = result.completions[0];
    // Stopped after 2 of 6 tokens; truncate_sequence cuts the text at the stop, but no token
    // starts with the two-token stop, so (as in HELM) the tokens stay.
    expect(c.text).toBe('');
    expect(c.tokens.map((t) => t.text)).toEqual([gpt2.decode([reference.greedy_ids[0]]), gpt2.decode([reference.greedy_ids[1]])]);
  });

  it('echo_prompt with generation gives prompt tokens logprob 0.0, then generated tokens', async () => {
    const result = await client.makeRequest(request({ echo_prompt: true, max_tokens: 2, temperature: 0 }));
    const c = result.completions[0];
    expect(c.text).toBe(PROMPT + gpt2.decode(reference.greedy_ids.slice(0, 2)));
    expect(c.tokens).toHaveLength(reference.prompt_ids.length + 2);
    expect(c.tokens.slice(0, reference.prompt_ids.length).every((t) => toNumber(t.logprob) === 0)).toBe(true);
  });

  it('concurrent requests on the shared model give the same results as one at a time', async () => {
    const uncached = new HuggingFaceClient(tinyDeployment, new RequestCaches(tmp, true).forShard('huggingface'));
    const requests = [
      request({ max_tokens: 3, temperature: { py_float: 1.0 }, num_completions: 2 }),
      request({ echo_prompt: true, max_tokens: 0 }),
      request({ prompt: 'Hello world', max_tokens: 4, temperature: { py_float: 0.5 } }),
    ];
    const together = await Promise.all(requests.map((r) => uncached.makeRequest(r)));
    for (let i = 0; i < requests.length; i++) {
      const alone = await uncached.makeRequest(requests[i]);
      expect(together[i].completions).toEqual(alone.completions);
    }
  });

  it('concurrent prompt-only requests share right-padded forward passes with unchanged logprobs', async () => {
    // This process's model is the one counted, so inference stays on this thread here.
    process.env.HELM_HF_INFERENCE = 'inline';
    onTestFinished(() => void delete process.env.HELM_HF_INFERENCE);
    const lm = await loadCausalLm(TINY);
    const uncached = new HuggingFaceClient(tinyDeployment, new RequestCaches(tmp, true).forShard('huggingface'));
    const prompts = ['Hello', PROMPT, 'The quick brown fox jumps over the lazy dog.', PROMPT + ' And more text here.'];
    const before = { ...lm.promptStats };
    const together = await Promise.all(prompts.map((prompt) => uncached.makeRequest(request({ prompt, echo_prompt: true, max_tokens: 0 }))));
    expect(lm.promptStats.prompts - before.prompts).toBe(4);
    expect(lm.promptStats.batches - before.batches).toBe(1);
    for (let i = 0; i < prompts.length; i++) {
      const alone = await uncached.makeRequest(request({ prompt: prompts[i], echo_prompt: true, max_tokens: 0 }));
      expect(together[i].completions[0].tokens.map((t) => t.text)).toEqual(alone.completions[0].tokens.map((t) => t.text));
      logprobs(together[i]).forEach((lp, j) => expect(lp).toBeCloseTo(logprobs(alone)[j], 5));
    }
    expect(logprobs(together[1]).slice(1)).toEqual(logprobs(together[1]).slice(1).map((_, j) => expect.closeTo(reference.prompt_logprobs[j + 1], 4)));
  });

  it('a decoding step feeds only the new token through the KV cache, with the logits of a full recomputation', async () => {
    const lm = await loadCausalLm(TINY);
    const ids = reference.prompt_ids;
    const next = reference.greedy_ids[0];
    const session = lm.newSession();
    // Only the last position's logits come back (a long prompt's full logits are not kept).
    const first = await session.feed([ids]);
    expect([first.positions, first.data.length]).toEqual([1, first.vocab]);
    const step = await session.feed([[next]]);
    expect(step.positions).toBe(1);
    const full = await lm.newSession().feed([[...ids, next]]);
    const last = full.data;
    let maxDiff = 0;
    for (let j = 0; j < full.vocab; j++) maxDiff = Math.max(maxDiff, Math.abs(last[j] - step.data[j]));
    expect(maxDiff).toBeLessThan(1e-4);
    // Eight cached steps reproduce PyTorch's greedy continuation and its (unwarped) logprobs.
    const decoding = lm.newSession();
    let logits = await decoding.feed([ids]);
    for (const [k, id] of reference.greedy_ids.entries()) {
      const row = logits.data.subarray((logits.positions - 1) * logits.vocab, logits.positions * logits.vocab);
      expect(logSoftmaxAt(row, id)).toBeCloseTo(reference.greedy_logprobs[k], 4);
      logits = await decoding.feed([[id]]);
    }
  });

  it("embedding requests get HELM's 'unavailable' result", async () => {
    const result = await client.makeRequest(request({ embedding: true }));
    expect(result).toMatchObject({ success: false, error: 'Computing the embedding is unavailable in this client', completions: [] });
  });

  it('preload() loads the weights ahead of the first request; a failed preload leaves the load and its error to the request', async () => {
    const calls: string[] = [];
    let failures = 1;
    const loadModel = async (source: string) => {
      calls.push(source);
      if (failures-- > 0) throw new Error('the disk went away');
      return loadCausalLm(source);
    };
    const preloaded = new HuggingFaceClient(tinyDeployment, recordingCache('preload.sqlite'), { loadModel });
    preloaded.preload();
    expect(calls).toEqual([TINY]);
    const result = await preloaded.makeRequest(request({ max_tokens: 1 }));
    expect(result.success).toBe(true);
    expect(calls).toEqual([TINY, TINY]);
  });

  it('preload() on the inference thread: requests then run; a folder that cannot load still fails only its requests', async () => {
    client.preload();
    expect((await client.makeRequest(request({ max_tokens: 1, prompt: 'Preloaded' }))).success).toBe(true);
    const missing = { ...tinyDeployment, client_spec: { ...tinyDeployment.client_spec, args: { pretrained_model_name_or_path: path.join(tmp, 'no-such-model') } } };
    const broken = new HuggingFaceClient(missing, recordingCache('preload-broken.sqlite'));
    broken.preload();
    const failed = await broken.makeRequest(request({ max_tokens: 1 }));
    expect(failed.success).toBe(false);
    expect(failed.error).toMatch(/^HuggingFace error: /);
    expect((await client.makeRequest(request({ max_tokens: 1, prompt: 'Still served' }))).success).toBe(true);
  });

  it('errors become HELM\'s "HuggingFace error" results', async () => {
    const result = await client.makeRequest(request({ max_tokens: 2000 }));
    expect(result.success).toBe(false);
    expect(result.error).toMatch(/^HuggingFace error: .*exceeds the model's 1024 positions/);
  });
});

describe('HuggingFace deployments through the registry and createModelClient', () => {
  it('a prod_env/model_deployments.yaml entry with pretrained_model_name_or_path: <dir> runs', async () => {
    const localPath = path.join(tmp, 'prod_env');
    fs.mkdirSync(localPath, { recursive: true });
    fs.writeFileSync(
      path.join(localPath, 'model_deployments.yaml'),
      [
        'model_deployments:',
        '  - name: huggingface/tiny-gpt2',
        '    model_name: huggingface/tiny-gpt2',
        '    tokenizer_name: huggingface/gpt2',
        '    max_sequence_length: 1024',
        '    client_spec:',
        '      class_name: helm.clients.huggingface_client.HuggingFaceClient',
        '      args:',
        `        pretrained_model_name_or_path: ${TINY}`,
        '',
      ].join('\n'),
    );
    const registry = ModelRegistry.load(localPath);
    const deployment = registry.getModelDeployment('huggingface/tiny-gpt2');
    const caches = new RequestCaches(localPath);
    const client = createModelClient(deployment, caches, { localPath, processEnv: {}, tokenizerConfig: registry.getTokenizerConfig('huggingface/gpt2') });
    const result = await client.makeRequest(request({ max_tokens: 3, temperature: 0 }));
    expect(result.completions[0].text).toBe(gpt2.decode(reference.greedy_ids.slice(0, 3)));
    expect(fs.existsSync(path.join(localPath, 'cache', 'huggingface.sqlite'))).toBe(true);
    caches.closeAll();
  });

  it('a model folder with its own tokenizer (a checkpoint as published) loads without a tokenizer config', async () => {
    const folder = path.join(tmp, 'checkpoint');
    fs.cpSync(TINY, folder, { recursive: true });
    writeGpt2TokenizerFiles(folder);
    const deployment: ModelDeployment = {
      ...tinyDeployment,
      name: 'huggingface/checkpoint',
      tokenizer_name: 'huggingface/checkpoint',
      client_spec: { ...tinyDeployment.client_spec, args: { pretrained_model_name_or_path: folder } },
    };
    const caches = new RequestCaches(tmp, true);
    const result = await createModelClient(deployment, caches).makeRequest(request({ echo_prompt: true, max_tokens: 0 }));
    logprobs(result).forEach((lp, i) => expect(lp).toBeCloseTo(reference.prompt_logprobs[i], 4));
  });

  it('--enable-local-huggingface-models <dir>: huggingface/<basename> with the folder\'s tokenizer limits', async () => {
    const folder = path.join(tmp, 'my-gpt2');
    fs.cpSync(TINY, folder, { recursive: true });
    writeGpt2TokenizerFiles(folder);
    const { deployment, tokenizerConfig } = registerLocalHuggingFaceModel(folder);
    expect(deployment).toMatchObject({ name: 'huggingface/my-gpt2', model_name: 'huggingface/my-gpt2', tokenizer_name: 'huggingface/my-gpt2', max_sequence_length: 1024 });
    expect(tokenizerConfig).toMatchObject({ end_of_text_token: '<|endoftext|>', prefix_token: '<|endoftext|>' });
    const registry = ModelRegistry.load('');
    registry.registerTokenizerConfig(tokenizerConfig);
    registry.registerModelDeployment(deployment);
    const config = registry.getTokenizerConfig('huggingface/my-gpt2');
    expect(getTokenizer('huggingface/my-gpt2', config).encode(PROMPT)).toEqual(reference.prompt_ids);
    const client = createModelClient(registry.getModelDeployment('huggingface/my-gpt2'), new RequestCaches(tmp, true), { tokenizerConfig: config });
    const result = await client.makeRequest(request({ model: 'huggingface/my-gpt2', max_tokens: 2, temperature: 0 }));
    expect(result.completions[0].text).toBe(gpt2.decode(reference.greedy_ids.slice(0, 2)));
  });

  it('huggingface/gpt2 without local weights stops up front: "model weights not available"', () => {
    const registry = ModelRegistry.load('');
    const caches = new RequestCaches(tmp, true);
    expect(() => createModelClient(registry.getModelDeployment('huggingface/gpt2'), caches)).toThrow(HelmInputError);
    expect(() => createModelClient(registry.getModelDeployment('huggingface/gpt2'), caches)).toThrow(
      /huggingface\/gpt2.*model weights not available: openai-community\/gpt2 is not a local model folder/,
    );
    const pytorchOnly = path.join(tmp, 'pytorch-only');
    fs.mkdirSync(pytorchOnly, { recursive: true });
    fs.writeFileSync(path.join(pytorchOnly, 'model.safetensors'), '');
    expect(() =>
      createModelClient({ ...tinyDeployment, client_spec: { ...tinyDeployment.client_spec, args: { pretrained_model_name_or_path: pytorchOnly } } }, caches),
    ).toThrow(/PyTorch weights but no ONNX export/);
  });
});
