import { z } from 'zod';
import type { CausalLm } from './model';
import { sampleIndex, softmax, warpLogits } from './warpers';
import type { ServeTokenizer } from './serve';

/** A chat message as HELM passes it to the pipeline (`request.messages`, or the prompt as one user turn). */
export const PipelineMessage = z.object({ role: z.string(), content: z.string() });
export type PipelineMessage = z.infer<typeof PipelineMessage>;

/**
 * HELM's HuggingFacePipelineClient raw request: the keyword arguments of its call to a
 * `transformers.pipeline("text-generation")`, and (with `pipeline_kwargs`) its cache key.
 */
export interface PipelineRawRequest {
  text_inputs: string | PipelineMessage[];
  return_full_text: boolean;
  temperature: number | null;
  num_return_sequences: number;
  max_new_tokens: number;
  top_p: number;
  top_k: number | null;
  do_sample: boolean;
  return_dict_in_generate: true;
  pad_token_id: number | null;
  /** A single-token stop sequence, which replaces generation_config's end-of-sequence ids. */
  eos_token_id?: number;
}

/** What the pipeline returns and HELM caches: one `generated_text` per sequence. */
export const PipelineResponse = z.object({ outputs: z.array(z.object({ generated_text: z.string() })) });
export type PipelineResponse = z.infer<typeof PipelineResponse>;

/** A tokenizer that can also render a chat template and decode without special tokens, as the pipeline does. */
export type PipelineTokenizer = ServeTokenizer & {
  applyChatTemplate(messages: readonly PipelineMessage[]): string;
  decodeSkippingSpecialTokens(ids: readonly number[]): string;
};

export interface PipelineDeps {
  model: CausalLm;
  tokenizer: PipelineTokenizer;
  /** Uniform draws in [0, 1) for sampling. */
  random: () => number;
}

/** Why transformers' generate() refuses the request before running it, or undefined. */
export function pipelineRequestProblem(raw: PipelineRawRequest): string | undefined {
  if (!raw.do_sample && raw.num_return_sequences > 1) {
    return (
      'Greedy methods (do_sample != True) without beam search do not support `num_return_sequences` different than 1 ' +
      `(got ${raw.num_return_sequences}).`
    );
  }
  if (raw.return_full_text && typeof raw.text_inputs !== 'string') {
    // HELM would get the whole conversation back as a list, which is not a completion's text.
    return 'echo_prompt with a chat model: the pipeline returns the conversation, not a text';
  }
  return undefined;
}

/**
 * `transformers.pipeline("text-generation")(**raw)` on a transformers.js model, as HELM's
 * HuggingFacePipelineClient calls it: the chat template rendered for message lists (generation
 * prompt added, no further special tokens), `tokenizer(prompt)` for text; greedy decoding, or
 * sampling with the request's temperature, top_k and top_p; rows stop at generation_config's
 * end-of-sequence ids (or the single stop token) and finished rows are padded. Each text is the
 * new tokens decoded without special tokens, after the prompt when `return_full_text`.
 */
export async function servePipelineRequest(raw: PipelineRawRequest, deps: PipelineDeps): Promise<PipelineResponse> {
  const { model, tokenizer } = deps;
  const problem = pipelineRequestProblem(raw);
  if (problem !== undefined) throw new Error(problem);
  const promptIds =
    typeof raw.text_inputs === 'string'
      ? (tokenizer.encodeWithSpecialTokens?.(raw.text_inputs) ?? tokenizer.encode(raw.text_inputs))
      : tokenizer.encode(tokenizer.applyChatTemplate(raw.text_inputs));
  const n = raw.num_return_sequences;
  const maxNew = raw.max_new_tokens;
  if (model.maxPositions !== undefined && promptIds.length + maxNew > model.maxPositions) {
    throw new Error(`prompt (${promptIds.length} tokens) + max_new_tokens (${maxNew}) exceeds the model's ${model.maxPositions} positions`);
  }
  const eosIds: readonly number[] = raw.eos_token_id !== undefined ? [raw.eos_token_id] : model.generationDefaults.eosTokenIds;
  const padId = raw.pad_token_id ?? eosIds[0] ?? 0;
  const generated: number[][] = Array.from({ length: n }, () => []);
  const unfinished = new Array<boolean>(n).fill(true);
  const session = model.newSession();
  const warp = { temperature: raw.temperature ?? 1, topK: raw.top_k ?? model.generationDefaults.topK, topP: raw.top_p };
  let feed: number[][] = Array.from({ length: n }, () => [...promptIds]);
  for (let step = 0; step < maxNew && unfinished.some(Boolean); step++) {
    const logits = await session.feed(feed);
    const next = generated.map((tokens, r) => {
      const start = (r * logits.positions + logits.positions - 1) * logits.vocab;
      const scores = logits.data.subarray(start, start + logits.vocab);
      const token = !unfinished[r] ? padId : raw.do_sample ? sampleIndex(softmax(warpLogits(scores, warp)), deps.random()) : argmax(scores);
      tokens.push(token);
      return token;
    });
    next.forEach((token, r) => {
      if (eosIds.includes(token)) unfinished[r] = false;
    });
    feed = next.map((token) => [token]);
  }
  const prefix = raw.return_full_text && typeof raw.text_inputs === 'string' ? raw.text_inputs : '';
  return { outputs: generated.map((ids) => ({ generated_text: prefix + tokenizer.decodeSkippingSpecialTokens(ids) })) };
}

/** The first index of the largest score, as torch.argmax. */
function argmax(scores: Float32Array): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  return best;
}
