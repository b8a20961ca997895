import type { Tokenizer } from '../../../core/models/tokenizers/tokenizer';
import { localWindowService, type WindowService } from '../../../core/models/window-service';
import { simpleTokenizer } from '../../../core/models/tokenizers/simple-tokenizer';
import { type AdapterSpec, defaultAdapterSpec } from '../../../core/run-specs/schemas';
import type { Instance } from '../../../core/scenarios/schemas';

export function simpleWindow(maxSequenceLength = 2048, maxRequestLength?: number): WindowService {
  return localWindowService({
    tokenizerName: 'simple/tokenizer1',
    tokenizer: simpleTokenizer,
    maxSequenceLength,
    maxRequestLength,
    endOfTextToken: '</s>',
    prefixToken: '<s>',
  });
}

/** `get_multiple_choice_adapter_spec(multiple_choice_joint, ...)` as the MMLU run spec builds it. */
export function mmluSpec(subject: string, overrides: Partial<AdapterSpec> = {}): AdapterSpec {
  return defaultAdapterSpec({
    method: 'multiple_choice_joint',
    instructions: `The following are multiple choice questions (with answers) about ${subject.replace(/_/g, ' ')}.\n`,
    input_prefix: 'Question: ',
    input_suffix: '\n',
    output_prefix: 'Answer: ',
    output_suffix: '\n',
    max_train_instances: 5,
    num_outputs: 5,
    max_tokens: 1,
    temperature: { py_float: 0 },
    stop_sequences: ['\n'],
    model_deployment: 'simple/model1',
    model: 'simple/model1',
    ...overrides,
  });
}

/** An instance whose references are `choices`, the ones at `correct` tagged correct. */
export function mc(text: string, choices: string[], correct: number[], split = 'train', id?: string): Instance {
  return {
    input: { text },
    references: choices.map((c, i) => ({ output: { text: c }, tags: correct.includes(i) ? ['correct'] : [] })),
    split,
    id,
  };
}

/**
 * A GPT-2-like word tokenizer for hand-checked examples: `<|endoftext|>` is one token and every other
 * token is a run of non-spaces with its leading space (`"0 1 2"` → `"0"`, `" 1"`, `" 2"`). Ids are
 * assigned on first sight, so decode(encode(t)) = t.
 */
export function wordTokenizer(): Tokenizer {
  const ids = new Map<string, number>();
  const texts: string[] = [];
  const tokenize = (text: string): string[] => text.match(/<\|endoftext\|>| ?[^ ]+| /g) ?? [];
  const id = (token: string): number => {
    let value = ids.get(token);
    if (value === undefined) {
      value = texts.length;
      ids.set(token, value);
      texts.push(token);
    }
    return value;
  };
  return {
    encode: (text) => tokenize(text).map(id),
    decode: (tokenIds) => tokenIds.map((i) => texts[i]).join(''),
    tokenize,
  };
}

/**
 * A byte-level tokenizer with a few multi-byte tokens at GPT-2's ids (decoding is UTF-8 with U+FFFD for
 * invalid bytes, like GPT-2's): 110 = byte 0x99, 447 = bytes E2 80 (the start of "’"), 4210 = "\ufffd",
 * 40127 "Exc", 1904 "use", 502 " me"; other bytes are ids 100000 + byte. Encoding is greedy longest match.
 */
export function byteTokenizer(): Tokenizer {
  const utf8 = (s: string) => [...Buffer.from(s, 'utf8')];
  const vocab = new Map<number, number[]>([
    [110, [0x99]],
    [447, [0xe2, 0x80]],
    [4210, utf8('\ufffd')],
    [40127, utf8('Exc')],
    [1904, utf8('use')],
    [502, utf8(' me')],
  ]);
  const bytesOf = (tokenId: number): number[] => vocab.get(tokenId) ?? [tokenId - 100000];
  const encode = (text: string): number[] => {
    const bytes = utf8(text);
    const out: number[] = [];
    for (let i = 0; i < bytes.length; ) {
      let best: [number, number] = [100000 + bytes[i], 1];
      for (const [tokenId, seq] of vocab) {
        if (seq.length > best[1] && seq.every((b, k) => bytes[i + k] === b)) best = [tokenId, seq.length];
      }
      out.push(best[0]);
      i += best[1];
    }
    return out;
  };
  const decode = (tokenIds: readonly number[]) => new TextDecoder('utf-8').decode(Uint8Array.from(tokenIds.flatMap(bytesOf)));
  return { encode, decode, tokenize: (text) => encode(text).map((t) => decode([t])) };
}

export function windowOf(
  tokenizer: Tokenizer,
  limits: { maxSequenceLength: number; maxRequestLength?: number; maxSequenceAndGeneratedTokensLength?: number; prefixToken: string },
): WindowService {
  return localWindowService({ tokenizerName: 'test/tokenizer', tokenizer, endOfTextToken: limits.prefixToken, ...limits });
}
