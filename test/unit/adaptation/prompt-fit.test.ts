import { describe, expect, it } from 'vitest';
import { adapt } from '../../../core/adaptation/adapter';
import { makePromptFit } from '../../../core/adaptation/fit-prompt';
import { type Prompt, promptText, promptTruncated } from '../../../core/adaptation/prompt';
import { pythonReSub } from '../../../core/adaptation/python-regex';
import { pythonRstrip, pythonStrip } from '../../../core/adaptation/python-text';
import { HelmInputError } from '../../../core/common/errors';
import { createWindowService, noTokenizerWindowService } from '../../../core/models/window-service';
import { getTokenizer, simpleTokenizer } from '../../../core/models/tokenizers';
import type { ModelDeployment } from '../../../core/models/schemas';
import { mc, mmluSpec, simpleWindow } from './helpers';

const basePrompt = (over: Partial<Prompt> = {}): Prompt => ({
  globalPrefix: '',
  globalSuffix: '',
  instancePrefix: '\n',
  substitutions: [],
  instructionsBlock: 'Instr\n',
  trainInstanceBlocks: ['T1\n', 'T2\n', 'T3\n'],
  evalInstanceBlock: 'Eval:',
  ...over,
});

describe('Prompt text', () => {
  it('joins blocks with instance_prefix, adds global affixes, then substitutions', () => {
    expect(promptText(basePrompt())).toBe('Instr\n\nT1\n\nT2\n\nT3\n\nEval:');
    expect(promptText(basePrompt({ instructionsBlock: '', globalPrefix: 'G>', globalSuffix: '<G' }))).toBe('G>T1\n\nT2\n\nT3\n\nEval:<G');
    const br = basePrompt({ trainInstanceBlocks: [], substitutions: [{ source: '\n', target: '<br>\n' }] });
    expect(promptText(br)).toBe('Instr<br>\n<br>\nEval:');
  });
  it('an empty truncated text falls back to the full text but still counts as truncated', () => {
    const p = basePrompt({ truncatedText: '' });
    expect(promptText(p)).toBe('Instr\n\nT1\n\nT2\n\nT3\n\nEval:');
    expect(promptTruncated(p)).toBe(true);
  });
});

describe('Python string helpers', () => {
  it('rstrip uses the Python whitespace set', () => {
    expect(pythonRstrip('Answer: ')).toBe('Answer:');
    expect(pythonRstrip('x\x1c\x85\u3000\n')).toBe('x');
    expect(pythonRstrip('x\ufeff')).toBe('x\ufeff');
    expect(pythonRstrip('Answer: $')).toBe('Answer: $');
    expect(pythonStrip('  B \n')).toBe('B');
  });
  it('re.sub supports Python templates and anchors', () => {
    expect(pythonReSub('(\\w+)@(?P<host>\\w+)', '\\g<host>:\\1', 'joe@site é@ü')).toBe('site:joe ü:é');
    expect(pythonReSub('a$', 'X', 'ba\n')).toBe('bX\n');
    expect(pythonReSub('\\A-', '+', '--')).toBe('+-');
    expect(pythonReSub('\\:', ';', 'a:b')).toBe('a;b');
    expect(() => pythonReSub('a', '\\q', 'a')).toThrow(HelmInputError);
  });
});

describe('makePromptFit (§4.2)', () => {
  const len = (p: Prompt) => Array.from(promptText(p)).length;
  it('keeps the prompt when it fits', () => {
    const p = basePrompt();
    expect(makePromptFit(p, 1, simpleWindow(100))).toBe(p);
  });
  it('drops train blocks from the end until it fits (max_tokens reserved)', () => {
    // full text is 24 code points; 20 without T3, 16 without T2; 4 tokens reserved.
    expect(len(basePrompt())).toBe(24);
    const fitted = makePromptFit(basePrompt(), 4, simpleWindow(24));
    expect(fitted.trainInstanceBlocks).toEqual(['T1\n', 'T2\n']);
    expect(len(fitted)).toBe(20);
    expect(makePromptFit(basePrompt(), 4, simpleWindow(23)).trainInstanceBlocks).toEqual(['T1\n']);
    expect(promptTruncated(fitted)).toBe(false);
  });
  it('truncates from the right once no train block is left', () => {
    const fitted = makePromptFit(basePrompt(), 2, simpleWindow(10));
    expect(fitted.trainInstanceBlocks).toEqual([]);
    // 10 - 2 = 8 code points kept; the Eval cue is cut.
    expect(promptText(fitted)).toBe('Instr\n\nE');
    expect(promptTruncated(fitted)).toBe(true);
  });
  it('counts code points, not UTF-16 units', () => {
    const fitted = makePromptFit(basePrompt({ instructionsBlock: '', trainInstanceBlocks: [], evalInstanceBlock: '😀😀😀😀' }), 1, simpleWindow(3));
    expect(promptText(fitted)).toBe('😀😀');
  });
  it('reports max_tokens above the request length instead of hanging', () => {
    expect(() => makePromptFit(basePrompt(), 11, simpleWindow(10))).toThrow(HelmInputError);
  });
  it('request states record the remaining examples and truncation', () => {
    const train = [mc('aaaa', ['x'], [0]), mc('bbbb', ['y'], [0])];
    const evalInstance = mc('question', ['x', 'y'], [0], 'test');
    const spec = mmluSpec('x', { instructions: '', max_train_instances: 2 });
    const full = adapt([...train, evalInstance], spec, simpleWindow(2048))[0].request.prompt;
    const oneShot = adapt([...train, evalInstance], spec, simpleWindow(Array.from(full).length))[0];
    expect(oneShot.num_train_instances).toBe(1);
    const cut = adapt([...train, evalInstance], spec, simpleWindow(20))[0];
    expect(cut.num_train_instances).toBe(0);
    expect(cut.prompt_truncated).toBe(true);
    expect(cut.request.prompt).toBe('Question: question\n'); // 20 - max_tokens 1 = 19 code points
  });
});

describe('window services and tokenizers', () => {
  const deployment = (over: Partial<ModelDeployment>): ModelDeployment => ({
    name: 'simple/model1',
    client_spec: { class_name: 'helm.clients.simple_client.SimpleClient', args: {} },
    deprecated: false,
    ...over,
  });
  it('builds a local window service from deployment + tokenizer config', () => {
    const ws = createWindowService(
      deployment({ tokenizer_name: 'simple/tokenizer1', max_sequence_length: 2048 }),
      { name: 'simple/tokenizer1', tokenizer_spec: { class_name: 'x', args: {} }, end_of_text_token: '</s>', prefix_token: '<s>' },
      getTokenizer('simple/tokenizer1'),
    );
    expect([ws.maxSequenceLength, ws.maxRequestLength, ws.maxSequenceAndGeneratedTokensLength]).toEqual([2048, 2048, 2147483647]);
    expect([ws.endOfTextToken, ws.prefixToken]).toEqual(['</s>', '<s>']);
    expect(ws.encode('a😀')).toEqual([97, 128512]);
    expect(ws.decode([97, 128512])).toBe('a😀');
    expect(ws.tokenize('a😀')).toEqual(['a', '😀']);
    expect(ws.fitsWithinContextWindow('x'.repeat(2047), 1)).toBe(true);
    expect(ws.fitsWithinContextWindow('x'.repeat(2048), 1)).toBe(false);
  });
  it('uses NoTokenizerWindowService when the deployment has no tokenizer or limits', () => {
    const ws = createWindowService(deployment({}), undefined, undefined);
    expect(ws.fitsWithinContextWindow('x'.repeat(100000), 100)).toBe(true);
    expect(ws.truncateFromRight('abc', 5)).toBe('abc');
    expect(noTokenizerWindowService().maxRequestLength).toBe(2147483647);
  });
  it('resolves the simple tokenizer; an unknown tokenizer is an input error', () => {
    expect(getTokenizer('simple/tokenizer1')).toBe(simpleTokenizer);
    expect(() => getTokenizer('nobody/no-such-tokenizer')).toThrow(HelmInputError);
    expect(() => getTokenizer('nobody/no-such-tokenizer')).toThrow(/tokenizer nobody\/no-such-tokenizer not available/);
  });
});
