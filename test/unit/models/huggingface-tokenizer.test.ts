import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../core/models/registry';
import { getHuggingFaceTokenizer, getTokenizer } from '../../../core/models/tokenizers';
import { writeGpt2TokenizerFiles } from '../../../core/models/tokenizers/gpt2-bpe';

const FIXTURES = path.join(__dirname, '../../fixtures/models');

// HELM's window-service test sentence and its GPT-2 ids and tokens (HELM's test_utils.py).
const TEST_PROMPT =
  'The Center for Research on Foundation Models (CRFM) is an interdisciplinary initiative born out of the ' +
  'Stanford Institute for Human-Centered Artificial Intelligence (HAI) that aims to make fundamental advances ' +
  'in the study, development, and deployment of foundation models.';
const GPT2_TEST_TOKEN_IDS = [
  464, 3337, 329, 4992, 319, 5693, 32329, 357, 9419, 23264, 8, 318, 281, 987, 40625, 10219, 4642, 503, 286, 262,
  13863, 5136, 329, 5524, 12, 19085, 1068, 35941, 9345, 357, 7801, 40, 8, 326, 12031, 284, 787, 7531, 14901, 287,
  262, 2050, 11, 2478, 11, 290, 14833, 286, 8489, 4981, 13,
];

interface GoldenCase {
  text: string;
  ids: number[];
  tokens: string[];
}
const golden = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'gpt2-tokenizer-golden.json'), 'utf8')) as { cases: GoldenCase[] };

describe('huggingface/gpt2 tokenizer (bundled GPT-2 BPE, offline)', () => {
  const gpt2 = getTokenizer('huggingface/gpt2');

  it("encodes HELM's test sentence to HELM's 51 ids and decodes it back", () => {
    const ids = gpt2.encode(TEST_PROMPT);
    expect(ids).toEqual(GPT2_TEST_TOKEN_IDS);
    expect(gpt2.decode(ids)).toBe(TEST_PROMPT);
    expect(gpt2.tokenize(TEST_PROMPT).slice(0, 9)).toEqual([
      'The', ' Center', ' for', ' Research', ' on', ' Foundation', ' Models', ' (', 'CR',
    ]);
    expect(gpt2.tokenize(TEST_PROMPT)).toHaveLength(51);
  });

  it('matches the token ids and token strings of Hugging Face tokenizers (Rust) on varied text', () => {
    expect(golden.cases.length).toBeGreaterThan(5);
    for (const c of golden.cases) {
      expect(gpt2.encode(c.text), c.text).toEqual(c.ids);
      expect(gpt2.tokenize(c.text), c.text).toEqual(c.tokens);
      expect(gpt2.decode(c.ids)).toBe(c.text);
    }
  });

  it('treats <|endoftext|> as the special token 50256, anywhere in the text', () => {
    expect(gpt2.encode('<|endoftext|>')).toEqual([50256]);
    expect(gpt2.encode('a<|endoftext|>b')).toEqual([64, 50256, 65]);
    expect(gpt2.decode([50256])).toBe('<|endoftext|>');
  });

  it("gives HELM's reference counts and byte-fallback decoding", () => {
    expect(gpt2.encode('eval'.repeat(2049))).toHaveLength(2050);
    // adaptation.md: ids [110, 40127 | 1904, 502, 447] decode to "\ufffdExcuse me\ufffd".
    expect(gpt2.decode([110, 40127, 1904, 502, 447])).toBe('\ufffdExcuse me\ufffd');
    expect(gpt2.decode(gpt2.encode("their 'studio'"))).toBe("their 'studio'");
    const emoji = gpt2.encode('🤖');
    expect(emoji.length).toBeGreaterThan(1);
    expect(gpt2.tokenize('🤖').every((t) => t.includes('\ufffd'))).toBe(true);
    expect(gpt2.decode(emoji)).toBe('🤖');
  });

  it("resolves through the registry's tokenizer config, and loads a local tokenizer folder", () => {
    const registry = ModelRegistry.load('');
    const config = registry.getTokenizerConfig('huggingface/gpt2');
    expect(getTokenizer('huggingface/gpt2', config).encode(TEST_PROMPT)).toEqual(GPT2_TEST_TOKEN_IDS);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-tok-'));
    writeGpt2TokenizerFiles(dir);
    const local = getHuggingFaceTokenizer('huggingface/local-test-gpt2', {
      name: 'huggingface/local-test-gpt2',
      tokenizer_spec: { class_name: 'helm.tokenizers.huggingface_tokenizer.HuggingFaceTokenizer', args: { pretrained_model_name_or_path: dir } },
    });
    expect(local.encode(TEST_PROMPT)).toEqual(GPT2_TEST_TOKEN_IDS);
    expect(local.eosTokenId).toBe(50256);
  });

  it('fails clearly for hub tokenizers that are not bundled', () => {
    expect(() =>
      getTokenizer('huggingface/other', {
        name: 'huggingface/other',
        tokenizer_spec: { class_name: 'helm.tokenizers.huggingface_tokenizer.HuggingFaceTokenizer', args: { pretrained_model_name_or_path: 'meta-llama/Llama-3-8B' } },
      }),
    ).toThrow(/cannot be reached offline/);
    expect(() => getTokenizer('nope/nope')).toThrow(/not available/);
  });
});
