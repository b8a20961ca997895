import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { ModelRegistry } from '../../../core/models/registry';
import { getTokenizer } from '../../../core/models/tokenizers';
import { createWindowService } from '../../../core/models/window-service';

/** PyPI tiktoken's ids on real benchmark text and edge cases (scripts/helm-reference/tiktoken-golden.py). */
interface Golden {
  tiktoken_version: string;
  texts: string[];
  encodings: Record<string, { ids: number[][]; token_strings: string[][]; decoded: string[]; special_tokens: string[]; eot_token: number }>;
}
const golden = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/models/tiktoken-golden.json'), 'utf8')) as Golden;

describe('TiktokenTokenizer (js-tiktoken) against PyPI tiktoken', () => {
  for (const [encoding, expected] of Object.entries(golden.encodings)) {
    const tokenizer = getTokenizer(`openai/${encoding}`);

    it(`${encoding}: ids equal tiktoken ${golden.tiktoken_version}'s on all ${golden.texts.length} texts`, () => {
      const mismatches = golden.texts.filter((text, i) => JSON.stringify(tokenizer.encode(text)) !== JSON.stringify(expected.ids[i]));
      expect(mismatches).toEqual([]);
    });

    it(`${encoding}: decoding and per-token strings equal tiktoken's`, () => {
      expect(expected.ids.map((ids) => tokenizer.decode(ids))).toEqual(expected.decoded);
      const n = expected.token_strings.length;
      expect(golden.texts.slice(0, n).map((text) => tokenizer.tokenize(text))).toEqual(expected.token_strings);
    });
  }

  it('refuses special-token text as tiktoken.encode() does, naming the token', () => {
    const tokenizer = getTokenizer('openai/o200k_base');
    expect(() => tokenizer.encode('a <|endoftext|> b')).toThrow(HelmInputError);
    expect(() => tokenizer.encode('a <|endoftext|> b')).toThrow(/"<\|endoftext\|>"/);
    // o200k_harmony's own specials are refused too; o200k_base does not know them.
    expect(() => getTokenizer('openai/o200k_harmony').encode('<|channel|>')).toThrow(HelmInputError);
    expect(tokenizer.encode('<|channel|>')).toEqual(golden.encodings.o200k_base.ids[0].concat(tokenizer.encode('<|channel|>')));
  });

  it('an unknown encoding is a clear error listing the available ones', () => {
    expect(() => getTokenizer('openai/p99k_base', { name: 'openai/p99k_base', tokenizer_spec: { class_name: 'helm.tokenizers.tiktoken_tokenizer.TiktokenTokenizer', args: {} } })).toThrow(
      /no encoding "p99k_base" \(available: gpt2, r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base, o200k_harmony\)/,
    );
  });
});

describe("HELM's window services for the OpenAI deployments", () => {
  const registry = ModelRegistry.load('');
  const windowFor = (name: string) => {
    const deployment = registry.getModelDeployment(name);
    const config = registry.getTokenizerConfig(deployment.tokenizer_name ?? '');
    return createWindowService(deployment, config, getTokenizer(config.name, config));
  };

  it('every deployment on a tiktoken tokenizer gets a window service', () => {
    const tiktokenDeployments = registry
      .allDeploymentNames()
      .map((n) => registry.getModelDeployment(n))
      .filter((d) => d.tokenizer_name?.startsWith('openai/') && registry.getTokenizerConfig(d.tokenizer_name).tokenizer_spec.class_name.endsWith('TiktokenTokenizer'));
    // 107 entries of model_deployments.yaml, 97 distinct names.
    expect(tiktokenDeployments.length).toBe(97);
    for (const deployment of tiktokenDeployments) expect(windowFor(deployment.name).maxRequestLength).toBeGreaterThan(0);
  });

  it('gpt-3.5-turbo-instruct: 4096 tokens, requests of 4097, truncation to the budget', () => {
    const window = windowFor('openai/gpt-3.5-turbo-instruct');
    expect([window.maxSequenceLength, window.maxRequestLength, window.endOfTextToken, window.prefixToken]).toEqual([4096, 4097, '<|endoftext|>', '<|endoftext|>']);
    const text = 'eval '.repeat(5000);
    expect(window.fitsWithinContextWindow(text, 5)).toBe(false);
    const truncated = window.truncateFromRight(text, 5);
    expect(window.getNumTokens(truncated)).toBe(4092);
    expect(text.startsWith(truncated)).toBe(true);
  });

  it('gpt-4o uses o200k_base with a 128k window; gpt-oss on Together uses o200k_harmony', () => {
    expect(windowFor('openai/gpt-4o-2024-08-06')).toMatchObject({ tokenizerName: 'openai/o200k_base', maxRequestLength: 128000 });
    expect(windowFor('together/gpt-oss-20b')).toMatchObject({ tokenizerName: 'openai/o200k_harmony', prefixToken: '<|startoftext|>' });
  });
});
