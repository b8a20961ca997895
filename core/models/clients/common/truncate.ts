import { HelmInputError } from '../../../common/errors';
import { isFloat, pyFloat, toNumber, type PyNumber } from '../../../common/py-number';
import type { GeneratedOutput, Request, Token } from '../../schemas';

/** Python's `sum()` of ints and floats: an int while every term is an int, else a float. */
export function pySum(values: readonly PyNumber[]): PyNumber {
  let total = 0;
  let float = false;
  for (const value of values) {
    total += toNumber(value);
    float = float || isFloat(value);
  }
  return float ? pyFloat(total) : total;
}

/**
 * HELM's `truncate_sequence`: cuts the text at each stop sequence (and the end-of-text token),
 * drops tokens from the first one that starts with it, recomputes the logprob, then keeps at most
 * `max_tokens` tokens. Like HELM, a rewritten output loses its finish reason; echoed prompts are
 * left alone.
 */
export function truncateSequence(sequence: GeneratedOutput, request: Request, endOfTextToken?: string): GeneratedOutput {
  if (request.echo_prompt) return sequence;
  const stops = endOfTextToken ? [...request.stop_sequences, endOfTextToken] : request.stop_sequences;
  let result = sequence;
  for (const stop of stops) {
    const at = result.text.indexOf(stop);
    const text = at === -1 ? result.text : result.text.slice(0, at);
    const tokens: Token[] = [];
    for (const token of result.tokens) {
      if (token.text.startsWith(stop)) break;
      tokens.push(token);
    }
    result = { text, logprob: pySum(tokens.map((t) => t.logprob)), tokens };
  }
  const maxTokens = toNumber(request.max_tokens);
  if (result.tokens.length > maxTokens) {
    const tokens = result.tokens.slice(0, maxTokens);
    result = { text: tokens.map((t) => t.text).join(''), logprob: pySum(tokens.map((t) => t.logprob)), tokens };
  }
  return result;
}

/** The part of a tokenizer `truncateAndTokenizeResponseText` needs. */
export interface ResponseTokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  tokenize(text: string): string[];
}

/**
 * HELM's `truncate_and_tokenize_response_text`, for text-only answers: cuts at each stop sequence
 * (and the end-of-text token; finish reason "stop"), then, when the tokenizer counts more than
 * `max_tokens`, keeps the first `max_tokens` ids' text (finish reason "length"). Tokens are the
 * tokenizer's strings with logprob 0.0.
 */
export function truncateAndTokenizeResponseText(
  text: string,
  request: Request,
  tokenizer: ResponseTokenizer,
  endOfTextToken?: string,
  originalFinishReason = 'endoftext',
): GeneratedOutput {
  if (request.echo_prompt) throw new HelmInputError('truncate_and_tokenize_response_text() does not support requests with echo_prompt = True');
  let finishReason = originalFinishReason;
  let out = text;
  for (const stop of endOfTextToken ? [...request.stop_sequences, endOfTextToken] : request.stop_sequences) {
    const at = out.indexOf(stop);
    if (at !== -1) {
      out = out.slice(0, at);
      finishReason = 'stop';
    }
  }
  let tokens = tokenizer.tokenize(out);
  const maxTokens = toNumber(request.max_tokens);
  if (tokens.length > maxTokens) {
    out = tokenizer.decode(tokenizer.encode(out).slice(0, maxTokens));
    tokens = tokenizer.tokenize(out);
    finishReason = 'length';
  }
  return { text: out, logprob: pyFloat(0), tokens: tokens.map((t) => ({ text: t, logprob: pyFloat(0) })), finish_reason: { reason: finishReason } };
}
