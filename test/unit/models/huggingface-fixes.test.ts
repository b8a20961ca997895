import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getAdapter } from '../../../core/adaptation/adapter';
import { HelmInputError } from '../../../core/common/errors';
import { getGenerationAdapterSpec } from '../../../core/run-specs/common-adapter-specs';
import type { CausalLm, Logits } from '../../../core/models/clients/huggingface/model';
import { serveRequest, type HuggingFaceRawRequest } from '../../../core/models/clients/huggingface/serve';
import { loadGpt2TokenizerFiles, writeGpt2TokenizerFiles } from '../../../core/models/tokenizers/gpt2-bpe';
import { huggingFaceTokenizerFromFiles, loadHuggingFaceTokenizerDir } from '../../../core/models/tokenizers/huggingface-tokenizer';
import { noTokenizerWindowService } from '../../../core/models/window-service';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-fixes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A model that always predicts the next id of `script` (one-hot logits), recording what it was fed. */
function scriptedModel(script: number[], eosTokenIds: number[], vocab = 50257): CausalLm & { fed: number[][][] } {
  const fed: number[][][] = [];
  return {
    fed,
    promptStats: { batches: 0, prompts: 0 },
    generationDefaults: { topK: 50, eosTokenIds },
    scorePrompt: async (ids) => ids.map(() => 0),
    newSession() {
      let step = 0;
      return {
        feed: async (tokens): Promise<Logits> => {
          fed.push(tokens.map((row) => [...row]));
          const data = new Float32Array(tokens.length * vocab).fill(-1e9);
          for (let r = 0; r < tokens.length; r++) data[r * vocab + script[Math.min(step, script.length - 1)]] = 0;
          step++;
          return { data, rows: tokens.length, positions: 1, vocab };
        },
      };
    },
  };
}

const raw = (overrides: Partial<HuggingFaceRawRequest> = {}): HuggingFaceRawRequest => ({
  engine: 'm',
  prompt: 'Hello',
  temperature: 1e-7,
  num_return_sequences: 1,
  max_new_tokens: 10,
  top_p: 1,
  echo_prompt: false,
  top_k_per_token: 1,
  stop_sequences: [],
  ...overrides,
});

describe('Hugging Face client fixes (issue 12, defects 1, 2, 3, 6)', () => {
  it('1: the model is fed tokenizer(prompt), with the BOS a Llama-style tokenizer adds; adaptation counts stay without it', async () => {
    const files = loadGpt2TokenizerFiles();
    const withBos = huggingFaceTokenizerFromFiles({
      tokenizerJson: {
        ...files.tokenizerJson,
        post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<|endoftext|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }], pair: [], special_tokens: { '<|endoftext|>': { id: '<|endoftext|>', ids: [50256], tokens: ['<|endoftext|>'] } } },
      },
      tokenizerConfig: files.tokenizerConfig,
    });
    expect(withBos.encode('Hello')).toEqual([15496]);
    expect(withBos.encodeWithSpecialTokens('Hello')).toEqual([50256, 15496]);
    const model = scriptedModel([11], [11]);
    const response = await serveRequest(raw(), { model, tokenizer: withBos, eosTokenId: 50256, random: () => 0.5 });
    expect(model.fed[0]).toEqual([[50256, 15496]]);
    expect(response.input_length).toBe(2);
  });

  it("2: a chat template saved as chat_template.jinja (transformers' current layout) is the tokenizer's", () => {
    const dir = path.join(tmp, 'jinja');
    writeGpt2TokenizerFiles(dir);
    const template = "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}";
    fs.writeFileSync(path.join(dir, 'chat_template.jinja'), template);
    const tokenizer = loadHuggingFaceTokenizerDir(dir);
    expect(tokenizer.hf.chat_template).toBe(template);
    expect(tokenizer.hf.apply_chat_template([{ role: 'user', content: 'Hi' }], { tokenize: false, add_generation_prompt: true })).toBe('<user>Hi<assistant>');
  });

  it('2: a tokenizer file that cannot be parsed is a clear error naming the folder', () => {
    const dir = path.join(tmp, 'broken');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), '{ not json');
    expect(() => loadHuggingFaceTokenizerDir(dir)).toThrow(HelmInputError);
    expect(() => loadHuggingFaceTokenizerDir(dir)).toThrow(new RegExp(`Tokenizer in ${dir} cannot be parsed`));
  });

  it("3: generation stops at any of generation_config's eos ids, and pads with the tokenizer's eos", async () => {
    const tokenizer = huggingFaceTokenizerFromFiles(loadGpt2TokenizerFiles());
    // Predicts 11, 13, then 30 (the second eos id): three tokens, not ten.
    const model = scriptedModel([11, 13, 30, 11], [29, 30]);
    const response = await serveRequest(raw(), { model, tokenizer, eosTokenId: 50256, random: () => 0.5 });
    expect(response.completions[0].tokens).toEqual([',', '.', '?']);
    // A single-token stop sequence replaces the eos ids (HELM passes it as eos_token_id).
    const stopped = await serveRequest(raw({ stop_sequences: [','] }), { model: scriptedModel([13, 11, 30], [30]), tokenizer, eosTokenId: 50256, random: () => 0.5 });
    expect(stopped.completions[0].tokens).toEqual(['.', ',']);
  });

  it('6: Unicode numbers (¾ ¼ ½ ³) split like the Rust tokenizer, not only ASCII digits', () => {
    const files = loadGpt2TokenizerFiles();
    const tokenizer = huggingFaceTokenizerFromFiles({
      tokenizerJson: {
        ...files.tokenizerJson,
        pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Digits', individual_digits: true }, files.tokenizerJson.pre_tokenizer] },
      },
      tokenizerConfig: files.tokenizerConfig,
    });
    // Rust's Digits isolates every char::is_numeric character: "¾" and each digit stand alone.
    expect(tokenizer.tokenize('x¾y 12')).toEqual(['x', '\ufffd', '\ufffd', 'y', ' ', '1', '2']);
    expect(tokenizer.decode(tokenizer.encode('x¾y 12'))).toBe('x¾y 12');
  });
});

describe("HELM's chat adapter", () => {
  const spec = {
    ...getGenerationAdapterSpec({ maxTokens: 50, stopSequences: ['\n\n'], maxTrainInstances: 0 }),
    method: 'chat',
    model: 'openai/gpt-4o-2024-08-06',
    model_deployment: 'openai/gpt-4o-2024-08-06',
    num_outputs: 2,
    temperature: 0.7,
  };
  const messages = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Name a prime.' },
  ];

  it('sends the instance messages as the request, no prompt, nothing fitted', () => {
    const states = getAdapter('chat')([{ input: { text: '', messages }, references: [], split: 'test', id: 'id1' }] as never, { ...spec } as never, noTokenizerWindowService());
    expect(states).toHaveLength(1);
    expect(states[0]).toMatchObject({
      reference_index: undefined,
      train_trial_index: 0,
      num_train_instances: 0,
      prompt_truncated: false,
      request: { prompt: '', messages, num_completions: 2, temperature: 0.7, max_tokens: 50, stop_sequences: ['\n\n'] },
    });
  });

  it('an instance without messages is a clear error', () => {
    expect(() => getAdapter('chat')([{ input: { text: 'q' }, references: [], split: 'test', id: 'id2' }] as never, { ...spec } as never, noTokenizerWindowService())).toThrow(
      /chat adapter needs input.messages on every instance; instance id2 has none/,
    );
  });
});
