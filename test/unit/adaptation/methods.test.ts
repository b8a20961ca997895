import { describe, expect, it } from 'vitest';
import { adapt } from '../../../core/adaptation/adapter';
import { fitTokensWithinContextWindow, languageModelingPrompt } from '../../../core/adaptation/language-modeling';
import { rankingBinaryBlock } from '../../../core/adaptation/ranking-binary';
import { HelmInputError } from '../../../core/common/errors';
import { pythonJsonDumps } from '../../../core/common/python-json';
import { defaultAdapterSpec } from '../../../core/run-specs/schemas';
import type { Instance } from '../../../core/scenarios/schemas';
import { byteTokenizer, mc, mmluSpec, simpleWindow, windowOf, wordTokenizer } from './helpers';

/** `get_multiple_choice_separate_adapter_spec(method, empty_input)`. */
const separateSpec = (method: string, emptyInput = false) =>
  defaultAdapterSpec({
    method,
    instructions: '',
    input_prefix: '',
    input_suffix: '',
    output_prefix: emptyInput ? '' : ' ',
    output_suffix: '',
    max_train_instances: 0,
    num_outputs: 1,
    max_tokens: 0,
    temperature: { py_float: 0 },
  });

const planets = mc('The largest planet is', ['Jupiter', 'Mars'], [0], 'test');

describe('multiple_choice_joint_chain_of_thought (adaptation.md §2.5)', () => {
  const cotSpec = mmluSpec('physics', {
    method: 'multiple_choice_joint_chain_of_thought',
    instructions: '',
    reference_prefix: '(A) ',
    output_prefix: '',
    chain_of_thought_prefix: "Let's think step by step: ",
    chain_of_thought_suffix: 'The correct answer is ',
    max_train_instances: 1,
    max_tokens: 100,
  });
  const train: Instance = { ...mc('Q1', ['x', 'y'], [1]), extra_data: { chain_of_thought: 'y is right. ' } };

  it('train answers are the chain of thought then the full printed prefix; the eval block and request are MC joint', () => {
    const [state] = adapt([train, mc('Q2', ['u', 'v'], [0], 'test')], cotSpec, simpleWindow());
    expect(state.request.prompt).toBe(
      "Question: Q1\n(A) x\n(B) y\nLet's think step by step: y is right. The correct answer is (B) \n\nQuestion: Q2\n(A) u\n(B) v\n",
    );
    expect(state.output_mapping).toEqual({ A: 'u', B: 'v' });
    expect(state.request).toMatchObject({ num_completions: 1, top_k_per_token: 5, max_tokens: 100, stop_sequences: [] });
  });

  it('multi_label joins printed prefixes; a missing chain of thought is empty', () => {
    const spec = { ...cotSpec, multi_label: true, reference_prefix: 'A. ', output_prefix: 'Answer: ' };
    const [state] = adapt([mc('Q1', ['x', 'y', 'z'], [0, 2]), mc('Q2', ['u'], [0], 'test')], spec, simpleWindow());
    expect(state.request.prompt.split('\n\n')[0]).toBe(
      "Question: Q1\nA. x\nB. y\nC. z\nAnswer: Let's think step by step: The correct answer is A. , C. ",
    );
  });
});

describe('multiple_choice_separate_original / calibrated (§2.6, §2.7)', () => {
  it('original: one echo request per reference "<input> <reference>", no random, temperature int 0', () => {
    const states = adapt([planets], { ...separateSpec('multiple_choice_separate_original'), random: 'r' }, simpleWindow());
    expect(states.map((s) => s.request.prompt)).toEqual(['The largest planet is Jupiter', 'The largest planet is Mars']);
    expect(states.map((s) => [s.reference_index, s.request_mode, s.output_mapping])).toEqual([
      [0, 'original', undefined],
      [1, 'original', undefined],
    ]);
    expect(pythonJsonDumps(states[0].request)).toBe(
      '{"model_deployment": "", "model": "", "embedding": false, "prompt": "The largest planet is Jupiter", "temperature": 0, ' +
        '"num_completions": 1, "top_k_per_token": 1, "max_tokens": 0, "stop_sequences": [], "echo_prompt": true, "top_p": 1, ' +
        '"presence_penalty": 0, "frequency_penalty": 0}',
    );
  });

  it('calibrated: original then calibration per reference; the calibration input is "Answer:"', () => {
    const states = adapt([planets], separateSpec('multiple_choice_separate_calibrated'), simpleWindow());
    expect(states.map((s) => [s.request.prompt, s.reference_index, s.request_mode])).toEqual([
      ['The largest planet is Jupiter', 0, 'original'],
      ['Answer: Jupiter', 0, 'calibration'],
      ['The largest planet is Mars', 1, 'original'],
      ['Answer: Mars', 1, 'calibration'],
    ]);
    expect(states.every((s) => s.instance === planets)).toBe(true);
    const empty = mc('', ['Jupiter'], [0], 'test');
    const emptyStates = adapt([empty], separateSpec('multiple_choice_separate_calibrated', true), simpleWindow());
    expect(emptyStates.map((s) => s.request.prompt)).toEqual(['Jupiter', 'Answer:Jupiter']);
  });

  it('each prompt is fitted separately, reserving max_tokens although the request asks for 0', () => {
    const spec = { ...separateSpec('multiple_choice_separate_original'), max_tokens: 10 };
    // "The largest planet is Jupiter" is 29 code points; 29 + 10 > 35, so it is cut to 25.
    const states = adapt([planets], spec, simpleWindow(2048, 35));
    expect(states.map((s) => [s.request.prompt, s.prompt_truncated, s.request.max_tokens])).toEqual([
      ['The largest planet is Jup', true, 0],
      ['The largest planet is Mar', true, 0],
    ]);
  });
});

describe('ranking_binary (§2.8)', () => {
  /** `get_ranking_binary_adapter_spec(max_train_instances=4, stop_sequences=["\n"])`. */
  const msmarco = defaultAdapterSpec({
    method: 'ranking_binary',
    instructions: '',
    input_prefix: 'Query: ',
    input_suffix: '\n',
    reference_prefix: 'Passage: ',
    reference_suffix: '\n',
    output_prefix: 'Does the passage answer the query?\nAnswer: ',
    output_suffix: '\n',
    max_train_instances: 2,
    num_outputs: 1,
    temperature: { py_float: 0 },
    max_tokens: 5,
    stop_sequences: ['\n'],
  });
  const spider = mc('how many legs does a spider have', ['Spiders have eight legs.', 'Cats have four legs.'], [0]);
  const query = mc('what do bees make', ['Bees make honey.', 'Ants are small.'], [0], 'test');

  it('train instances give a Yes and a No block; each eval passage gets its own request', () => {
    const states = adapt([spider, query], { ...msmarco, max_train_instances: 1, random: 'r' }, simpleWindow());
    expect(states.map((s) => s.request.prompt)).toEqual([
      'Passage: Spiders have eight legs.\nQuery: how many legs does a spider have\nDoes the passage answer the query?\nAnswer: Yes\n\n' +
        'Passage: Cats have four legs.\nQuery: how many legs does a spider have\nDoes the passage answer the query?\nAnswer: No\n\n' +
        'Passage: Bees make honey.\nQuery: what do bees make\nDoes the passage answer the query?\nAnswer:',
      expect.stringMatching(/\n\nPassage: Ants are small\.\nQuery: what do bees make\nDoes the passage answer the query\?\nAnswer:$/),
    ]);
    expect(states.map((s) => [s.reference_index, s.request_mode])).toEqual([[0, 'original'], [1, 'original']]);
    expect(states[0].request).toMatchObject({ num_completions: 1, max_tokens: 5, stop_sequences: ['\n'], random: 'r' });
  });

  it('fitting drops a whole train instance (both of its passages); an unknown split is an input error', () => {
    const [state] = adapt([spider, query], { ...msmarco, max_train_instances: 1 }, simpleWindow(2048, 200));
    expect(state.num_train_instances).toBe(0);
    expect(state.request.prompt.startsWith('Passage: Bees make honey.')).toBe(true);
    // Only train/valid/test blocks exist; HELM raises ValueError for any other split.
    expect(() => rankingBinaryBlock({ ...spider, split: undefined }, true, undefined, msmarco)).toThrow(HelmInputError);
    expect(() => rankingBinaryBlock({ ...spider, split: 'dev' }, true, undefined, msmarco)).toThrow(/expected one of: train, valid, test/);
  });
});

describe('language_modeling (§4.3)', () => {
  const lmSpec = defaultAdapterSpec({
    method: 'language_modeling',
    input_prefix: '',
    input_suffix: '',
    output_prefix: '',
    output_suffix: '',
    max_train_instances: 0,
    num_outputs: 1,
    max_tokens: 0,
    temperature: { py_float: 0 },
  });
  const doc = (text: string): Instance => ({ input: { text }, references: [], split: 'test' });
  const numbers = Array.from({ length: 25 }, (_, i) => String(i)).join(' ');

  it("HELM's GPT-2 example: seqLen 10, reqLen 11, one-token prefix, document '0 1 … 24'", () => {
    const window = windowOf(wordTokenizer(), { maxSequenceLength: 10, maxRequestLength: 11, prefixToken: '<|endoftext|>' });
    const states = adapt([doc(numbers)], { ...lmSpec, random: 'r' }, window);
    expect(states.map((s) => [s.request.prompt, s.num_conditioning_tokens, s.request.random])).toEqual([
      ['<|endoftext|>0 1 2 3 4 5 6 7 8 9', 1, 'r'],
      [' 9 10 11 12 13 14 15 16 17 18 19', 1, undefined],
      [' 14 15 16 17 18 19 20 21 22 23 24', 6, undefined],
    ]);
    expect(states[0].request).toMatchObject({ temperature: 0, num_completions: 1, max_tokens: 0, echo_prompt: true });
    expect(states.every((s) => s.train_trial_index === 0 && !s.prompt_truncated && s.reference_index === undefined)).toBe(true);
  });

  it('simple/tokenizer1: "<s>" is 3 tokens, so the first window loses 2 predicted tokens and still records 1', () => {
    const window = windowOf(wordTokenizer(), { maxSequenceLength: 10, maxRequestLength: 11, prefixToken: '' });
    expect(adapt([doc(numbers)], lmSpec, window)[0]).toMatchObject({ request: { prompt: '0 1 2 3 4 5 6 7 8 9' }, num_conditioning_tokens: 0 });
    const states = adapt([doc('abcdefghijklmnopqrstuvwxy')], lmSpec, simpleWindow(10, 11));
    expect(states.map((s) => [s.request.prompt, s.num_conditioning_tokens])).toEqual([
      ['<s>abcdefgh', 1], // "i" is never predicted: the position advances by the untrimmed 10
      ['jklmnopqrst', 1],
      ['opqrstuvwxy', 6],
    ]);
  });

  it("byte tokens: '\\ufffdExcuse me\\ufffd' with reqLen 5 gives 'Excuse me' and 1 conditioning token", () => {
    const window = windowOf(byteTokenizer(), { maxSequenceLength: 4, maxRequestLength: 5, prefixToken: '' });
    expect(window.decode([110, 40127, 1904, 502, 447])).toBe('\ufffdExcuse me\ufffd');
    expect(languageModelingPrompt([110, 40127], [1904, 502, 447], 5, window)).toEqual({ text: 'Excuse me', numConditioningTokens: 1 });
  });

  it('fitting trims predicted tokens until the re-encoded text fits', () => {
    const tokenizer = wordTokenizer();
    const window = windowOf(tokenizer, { maxSequenceLength: 1024, maxRequestLength: 1025, prefixToken: '<|endoftext|>' });
    const [eot, the, the2] = tokenizer.encode('<|endoftext|>The the');
    const fitted = fitTokensWithinContextWindow([eot], [the, ...Array<number>(2048).fill(the2)], 1025, window);
    expect(fitted.text).toBe('<|endoftext|>The' + ' the'.repeat(1023));
    expect(fitted.predicted).toHaveLength(1024);
  });

  it('takes eval instances only', () => {
    expect(() => adapt([{ ...doc('x'), split: 'train' }, doc('y')], lmSpec, simpleWindow())).toThrow(HelmInputError);
  });
});
