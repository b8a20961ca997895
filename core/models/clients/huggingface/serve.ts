import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PythonRandom } from '../../../common/python-random';
import type { Tokenizer } from '../../tokenizers/tokenizer';
import type { CausalLm, Logits } from './model';
import { logSoftmaxAt, sampleIndex, softmax, warpLogits } from './warpers';

/** HELM's HuggingFaceRequest: what serve_request reads, and (as sorted-key JSON) the cache key. */
export interface HuggingFaceRawRequest {
  engine: string;
  prompt: string;
  temperature: number;
  num_return_sequences: number;
  max_new_tokens: number;
  top_p: number;
  echo_prompt: boolean;
  top_k_per_token: number;
  stop_sequences: string[];
}

// JSON has no -Infinity (a padded row's token can lie outside top-k): the cache stores null for it.
const Logprob = z
  .number()
  .nullable()
  .transform((v) => v ?? -Infinity);

export const HuggingFaceRawCompletion = z.object({
  text: z.string(),
  tokens: z.array(z.string()),
  logprobs: z.array(Logprob),
  prompt_logprobs: z.array(Logprob),
});
export type HuggingFaceRawCompletion = z.infer<typeof HuggingFaceRawCompletion>;

/** serve_request's response, as stored in the cache (with the request time). */
export const HuggingFaceResponse = z.object({
  completions: z.array(HuggingFaceRawCompletion),
  input_length: z.number().int(),
  request_time: z.number(),
  request_datetime: z.number().int(),
});
export type HuggingFaceResponse = Omit<z.infer<typeof HuggingFaceResponse>, 'request_time' | 'request_datetime'>;

/** A tokenizer that can also encode as `tokenizer(prompt)` does, special tokens (BOS) included. */
export type ServeTokenizer = Tokenizer & { encodeWithSpecialTokens?(text: string): number[] };

export interface ServeDeps {
  model: CausalLm;
  tokenizer: ServeTokenizer;
  /** The tokenizer's end-of-sequence id: HELM pads finished rows with it (`pad_token_id`). */
  eosTokenId?: number;
  /** Uniform draws in [0, 1) for sampling. */
  random: () => number;
}

function row(logits: Logits, r: number, position: number): Float32Array {
  const start = (r * logits.positions + position) * logits.vocab;
  return logits.data.subarray(start, start + logits.vocab);
}

/** True when `sequence` ends with `stop` (token ids). */
function endsWith(sequence: readonly number[], stop: readonly number[]): boolean {
  if (stop.length === 0 || stop.length > sequence.length) return false;
  const offset = sequence.length - stop.length;
  return stop.every((id, i) => sequence[offset + i] === id);
}

/**
 * HELM's HuggingFaceServer.serve_request on a transformers.js model: either only the prompt's
 * logprobs (echo, max_new_tokens 0, one sequence), or sampled generation like Hugging Face's
 * `generate(do_sample=True)` for `num_return_sequences` rows at once, stopping rows at EOS (or at
 * a single-token stop sequence, which replaces EOS) and the whole batch when every row ends with
 * one multi-token stop sequence.
 */
export async function serveRequest(raw: HuggingFaceRawRequest, deps: ServeDeps): Promise<HuggingFaceResponse> {
  const { model, tokenizer } = deps;
  // HELM calls `tokenizer(prompt)`: special tokens are added (a BOS for Llama-style tokenizers).
  const promptIds = tokenizer.encodeWithSpecialTokens?.(raw.prompt) ?? tokenizer.encode(raw.prompt);
  const inputLength = promptIds.length;
  if (inputLength === 0) throw new Error('the prompt has no tokens');
  const n = raw.num_return_sequences;
  const maxNew = raw.max_new_tokens;
  if (model.maxPositions !== undefined && inputLength + maxNew > model.maxPositions) {
    throw new Error(
      `prompt (${inputLength} tokens) + max_new_tokens (${maxNew}) exceeds the model's ${model.maxPositions} positions`,
    );
  }
  // generate() stops at every id of generation_config.eos_token_id, unless HELM passes a
  // single-token stop sequence as eos_token_id instead.
  let eosIds: readonly number[] = model.generationDefaults.eosTokenIds;
  const stopCriteria: number[][] = [];
  if (raw.stop_sequences.length > 0) {
    const stopIds = raw.stop_sequences.map((s) => tokenizer.encode(s));
    if (stopIds.length === 1 && stopIds[0].length === 1) eosIds = [stopIds[0][0]];
    else stopCriteria.push(...stopIds);
  }
  const padId = deps.eosTokenId ?? eosIds[0] ?? 0;

  const computeLogprobsOnly = maxNew === 0 && n === 1 && raw.echo_prompt;
  let sequences: number[][];
  const promptLogprobs: number[] = [];
  const generatedLogprobs: number[][] = Array.from({ length: n }, () => []);

  if (computeLogprobsOnly) {
    promptLogprobs.push(...(await model.scorePrompt(promptIds)));
    sequences = [promptIds];
  } else {
    sequences = Array.from({ length: n }, () => [...promptIds]);
    const unfinished = new Array<boolean>(n).fill(true);
    const session = model.newSession();
    const warp = { temperature: raw.temperature, topK: model.generationDefaults.topK, topP: raw.top_p };
    let feedTokens: number[][] = sequences.map((s) => [...s]);
    for (let step = 0; step < maxNew && unfinished.some(Boolean); step++) {
      const logits = await session.feed(feedTokens);
      const next: number[] = [];
      for (let r = 0; r < n; r++) {
        const scores = warpLogits(row(logits, r, logits.positions - 1), warp);
        const token = unfinished[r] ? sampleIndex(softmax(scores), deps.random()) : padId;
        next.push(token);
        generatedLogprobs[r].push(logSoftmaxAt(scores, token));
        sequences[r].push(token);
      }
      for (let r = 0; r < n; r++) if (eosIds.includes(next[r])) unfinished[r] = false;
      // StopAtSpecificTokenCriteria answers for the whole batch: every row must end with the stop.
      if (stopCriteria.some((stop) => sequences.every((s) => endsWith(s, stop)))) unfinished.fill(false);
      feedTokens = next.map((t) => [t]);
    }
  }

  const outputs = raw.echo_prompt ? sequences : sequences.map((s) => s.slice(inputLength));
  return {
    completions: outputs.map((ids, r) => ({
      text: tokenizer.decode(ids),
      tokens: ids.map((id) => tokenizer.decode([id])),
      logprobs: generatedLogprobs[r],
      prompt_logprobs: promptLogprobs,
    })),
    input_length: inputLength,
  };
}

/** Sampling draws seeded by the request's cache key, so a request samples the same way every time. */
export function seededRandom(key: string): () => number {
  const seed = BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 16)}`);
  const rng = new PythonRandom(seed);
  return () => rng.random();
}
