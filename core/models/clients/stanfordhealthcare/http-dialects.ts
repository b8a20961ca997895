/**
 * The two bodies HELM's StanfordHealthCareHTTPModelClient subclasses speak: Claude (and Nova) on
 * Bedrock, and Gemini on Vertex AI, as Stanford Health Care's gateway passes them through.
 */
import { z } from 'zod';
import type { GeneratedOutput, Request } from '../../schemas';

/** How one subclass builds its raw request and reads the (list-wrapped) response. */
export interface HttpDialect<T> {
  rawRequest(request: Request, model: string | undefined): Record<string, unknown>;
  /** The response as HELM reads it: a JSON list comes wrapped as `{content: [...]}`. */
  schema: z.ZodType<T>;
  outputs(response: T): GeneratedOutput[];
}

/** HELM's outputs here carry no logprobs, tokens or finish reason, and are not cut at stop sequences. */
function output(text: string): GeneratedOutput {
  return { text, logprob: 0, tokens: [] };
}

const ClaudeResponse = z.object({ content: z.array(z.object({ text: z.string() }).passthrough()) }).passthrough();

/** StanfordHealthCareClaudeClient: the prompt text only (chat messages are not sent), one output per content item. */
export const CLAUDE_DIALECT: HttpDialect<z.infer<typeof ClaudeResponse>> = {
  rawRequest: (request, model) => ({
    model_id: model ?? null,
    prompt_text: request.prompt,
    max_tokens: request.max_tokens,
    temperature: request.temperature,
  }),
  schema: ClaudeResponse,
  outputs: (response) => response.content.map((item) => output(item.text)),
};

const GeminiChunk = z
  .object({
    candidates: z
      .array(z.object({ content: z.object({ parts: z.array(z.object({ text: z.string() }).passthrough()).min(1) }).passthrough().optional() }).passthrough())
      .min(1),
  })
  .passthrough();
const GeminiResponse = z.object({ content: z.array(GeminiChunk) }).passthrough();

/** StanfordHealthCareGoogleClient: streamGenerateContent's chunks, the first candidate's first part joined into one output. */
export const GOOGLE_DIALECT: HttpDialect<z.infer<typeof GeminiResponse>> = {
  rawRequest: (request) => ({
    contents: { role: 'user', parts: { text: request.prompt } },
    generation_config: {
      temperature: request.temperature,
      topP: request.top_p,
      topK: request.top_k_per_token,
      candidateCount: 1,
      maxOutputTokens: request.max_tokens,
      stopSequences: request.stop_sequences,
    },
  }),
  schema: GeminiResponse,
  outputs: (response) => [output(response.content.map((chunk) => chunk.candidates[0].content?.parts[0].text ?? '').join(''))],
};
