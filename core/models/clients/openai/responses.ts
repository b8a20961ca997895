import { z } from 'zod';
import { pyFloat, type PyNumber } from '../../../common/py-number';
import type { GeneratedOutput, Request, Token } from '../../schemas';
import { pySum, truncateSequence } from '../common/truncate';

/** The OpenAI end-of-text token, which the API may return past the end of a completion. */
export const END_OF_TEXT = '<|endoftext|>';

/** The parts of a Completions API response HELM reads (servers may add more; those are kept). */
export const CompletionResponse = z.looseObject({
  choices: z.array(
    z.looseObject({
      text: z.string(),
      finish_reason: z.string().nullish(),
      logprobs: z
        .looseObject({
          tokens: z.array(z.string()),
          token_logprobs: z.array(z.number().nullable()),
        })
        .nullish(),
    }),
  ),
});
export type CompletionResponse = z.infer<typeof CompletionResponse>;

/** The parts of a Chat Completions API response HELM reads. */
export const ChatResponse = z.looseObject({
  choices: z.array(
    z.looseObject({
      message: z.looseObject({ content: z.string().nullish(), reasoning_content: z.string().nullish() }),
      finish_reason: z.string().nullish(),
      logprobs: z
        .looseObject({ content: z.array(z.looseObject({ token: z.string(), logprob: z.number() })).nullish() })
        .nullish(),
    }),
  ),
});
export type ChatResponse = z.infer<typeof ChatResponse>;

/**
 * A base64 embedding (what the OpenAI SDK asks for unless told otherwise) as the SDK decodes it:
 * little-endian float32 values, widened to doubles.
 */
export function decodeBase64Embedding(data: string): number[] {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length % 4 !== 0) throw new Error(`base64 embedding of ${bytes.length} bytes is not a float32 array`);
  const values: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) values.push(bytes.readFloatLE(offset));
  return values;
}

/** Embeddings come as float lists, or as base64 float32 arrays (decoded, so the cache holds floats). */
export const EmbeddingResponse = z.looseObject({
  data: z.array(z.looseObject({ embedding: z.union([z.array(z.number()), z.string().transform(decodeBase64Embedding)]) })).min(1),
});
export type EmbeddingResponse = z.infer<typeof EmbeddingResponse>;

/** Completions choices → HELM outputs (`logprob or 0`: a null or 0.0 logprob counts as int 0). */
export function completionOutputs(response: CompletionResponse, request: Request): GeneratedOutput[] {
  return response.choices.map((choice) => {
    const tokens: Token[] = [];
    const data = choice.logprobs;
    if (data) {
      const n = Math.min(data.tokens.length, data.token_logprobs.length);
      for (let i = 0; i < n; i++) {
        const logprob = data.token_logprobs[i];
        tokens.push({ text: data.tokens[i], logprob: logprob ? pyFloat(logprob) : 0 });
      }
    }
    const output: GeneratedOutput = {
      text: choice.text,
      logprob: pySum(tokens.map((t) => t.logprob)),
      tokens,
      finish_reason: { reason: choice.finish_reason ?? null },
    };
    return truncateSequence(output, request, END_OF_TEXT);
  });
}

/** The result HELM gives when a chat choice was stopped by the provider's content filter. */
export function hasContentFilterChoice(response: ChatResponse): boolean {
  return response.choices.some((choice) => choice.finish_reason === 'content_filter');
}

/** Chat choices → HELM outputs: the output processor (if any) first, echo prepends the prompt, logprobs (when asked for) give tokens. */
export function chatOutputs(response: ChatResponse, request: Request, outputProcessor?: (text: string) => string): GeneratedOutput[] {
  return response.choices.map((choice) => {
    const raw = choice.message.content ?? '';
    const content = outputProcessor ? outputProcessor(raw) : raw;
    const text = request.echo_prompt ? request.prompt + content : content;
    const tokens: Token[] = (choice.logprobs?.content ?? []).map((t) => ({ text: t.token, logprob: pyFloat(t.logprob) }));
    const logprob: PyNumber = pySum(tokens.map((t) => t.logprob));
    const output: GeneratedOutput = { text, logprob, tokens, finish_reason: { reason: choice.finish_reason ?? null } };
    if ('reasoning_content' in choice.message) output.thinking = { text: choice.message.reasoning_content ?? undefined };
    return truncateSequence(output, request);
  });
}
