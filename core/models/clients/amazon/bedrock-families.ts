/**
 * HELM's Bedrock model families (helm.clients.bedrock_client): each one's raw request (HELM's
 * cache key), the call it makes (InvokeModel with that body, or Converse for Nova) and how it reads
 * the answer. Every family re-tokenizes the text through HELM's truncate_and_tokenize_response_text
 * and, as HELM does, passes the provider's finish reason where that function takes the end-of-text
 * token: the text is also cut at the reason's word ("length", "end_turn", ...) and reported as
 * "stop", and the reason reported otherwise is "endoftext" (or "length" when cut at max_tokens).
 */
import { z } from 'zod';
import { HelmInputError } from '../../../common/errors';
import { isPythonSpace } from '../../../adaptation/python-text';
import type { GeneratedOutput, Request } from '../../schemas';
import type { Tokenizer } from '../../tokenizers/tokenizer';
import { truncateAndTokenizeResponseText } from '../common/truncate';

export type BedrockOperation = 'invoke' | 'converse';

export interface BedrockFamily<T> {
  /** HELM's class (messages name it). */
  className: string;
  operation: BedrockOperation;
  /** The modelId when the deployment gives no bedrock_model_id. */
  defaultModelId(request: Request): string;
  /** HELM's raw request: the InvokeModel body, or Converse's arguments (with modelId). */
  rawRequest(request: Request, modelId: string): Record<string, unknown>;
  schema: z.ZodType<T>;
  /** Throws BedrockAnswerError for an answer HELM raises on. */
  completions(response: T, request: Request, tokenizer: Tokenizer): GeneratedOutput[];
}

/** An answer HELM's client raises on after caching it (Palmyra's `{"object": "error"}`). */
export class BedrockAnswerError extends Error {}

/** Python's `str.lstrip()`. */
function pyLstrip(text: string): string {
  let start = 0;
  while (start < text.length && isPythonSpace(text[start])) start++;
  return text.slice(start);
}

/** The class's reason table, else the reason lower-cased. */
function finishReason(table: Readonly<Record<string, string>>, reason: string): string {
  return Object.hasOwn(table, reason) ? table[reason] : reason.toLowerCase();
}

const LOWER_REASONS = { length: 'length', stop: 'endoftext' } as const;

/** BedrockClient's modelId: `<provider>.<engine>` for Amazon, else the engine with "amazon-" made "<provider>.". */
function invokeModelId(provider: string) {
  return (request: Request): string => {
    const engine = request.model.split('/').at(-1) ?? request.model;
    return provider === 'amazon' ? `${provider}.${engine}` : engine.replaceAll('amazon-', `${provider}.`);
  };
}

function textPrompt(request: Request): string {
  return request.prompt;
}

const TitanResponse = z.looseObject({ results: z.array(z.looseObject({ outputText: z.string(), completionReason: z.string() })) });
export const TITAN: BedrockFamily<z.infer<typeof TitanResponse>> = {
  className: 'BedrockTitanClient',
  operation: 'invoke',
  defaultModelId: invokeModelId('amazon'),
  // Stop sequences are never sent: Titan allows only "|" and "User:", and often starts with "\n".
  rawRequest: (request) => ({
    inputText: textPrompt(request),
    textGenerationConfig: { maxTokenCount: request.max_tokens, stopSequences: [], temperature: request.temperature, topP: request.top_p },
  }),
  schema: TitanResponse,
  completions: (response, request, tokenizer) =>
    response.results.map((r) =>
      truncateAndTokenizeResponseText(pyLstrip(r.outputText), request, tokenizer, finishReason({ LENGTH: 'length', FINISH: 'endoftext' }, r.completionReason)),
    ),
};

const MistralResponse = z.looseObject({ outputs: z.array(z.looseObject({ text: z.string(), stop_reason: z.string() })) });
export const MISTRAL: BedrockFamily<z.infer<typeof MistralResponse>> = {
  className: 'BedrockMistralClient',
  operation: 'invoke',
  defaultModelId: invokeModelId('mistral'),
  rawRequest: (request) => ({ prompt: `[INST]${textPrompt(request)}[/INST]`, temperature: request.temperature, top_p: request.top_p, max_tokens: request.max_tokens }),
  schema: MistralResponse,
  completions: (response, request, tokenizer) =>
    response.outputs.map((o) => truncateAndTokenizeResponseText(pyLstrip(o.text), request, tokenizer, finishReason(LOWER_REASONS, o.stop_reason))),
};

const LlamaResponse = z.looseObject({ generation: z.string(), stop_reason: z.string() });
export const LLAMA: BedrockFamily<z.infer<typeof LlamaResponse>> = {
  className: 'BedrockLlamaClient',
  operation: 'invoke',
  defaultModelId: invokeModelId('meta'),
  rawRequest: (request) => ({ prompt: `[INST]${textPrompt(request)}[/INST]`, temperature: request.temperature, top_p: request.top_p, max_gen_len: request.max_tokens }),
  schema: LlamaResponse,
  completions: (response, request, tokenizer) => [
    truncateAndTokenizeResponseText(pyLstrip(response.generation), request, tokenizer, finishReason(LOWER_REASONS, response.stop_reason)),
  ],
};

function checkMessagesRequest(request: Request, className: string): void {
  if (request.prompt && request.messages) throw new HelmInputError(`${className}: only one of \`prompt\` and \`messages\` may be set in a request`);
  if (request.multimodal_prompt !== undefined) throw new HelmInputError(`${className}: \`multimodal_prompt\` is not supported`);
}

/** Chat choices, or `{"object": "error", "message": ...}`. */
const PalmyraResponse = z
  .looseObject({
    object: z.string().optional(),
    message: z.unknown().optional(),
    choices: z.array(z.looseObject({ message: z.looseObject({ role: z.string(), content: z.string() }), finish_reason: z.string() })).optional(),
  })
  .refine((r) => r.object === 'error' || r.choices !== undefined, 'neither choices nor an error object');
export const PALMYRA: BedrockFamily<z.infer<typeof PalmyraResponse>> = {
  className: 'BedrockPalmyraClient',
  operation: 'invoke',
  defaultModelId: invokeModelId('writer'),
  rawRequest: (request) => {
    checkMessagesRequest(request, 'BedrockPalmyraClient');
    return {
      messages: request.messages ? request.messages.map((m) => ({ role: m.role, content: m.content })) : [{ role: 'user', content: request.prompt }],
      temperature: request.temperature,
      top_p: request.top_p,
      max_tokens: request.max_tokens,
      stop: request.stop_sequences,
      seed: request.random ?? null,
      presence_penalty: request.presence_penalty,
      frequency_penalty: request.frequency_penalty,
    };
  },
  schema: PalmyraResponse,
  completions: (response, request, tokenizer) => {
    if (response.object === 'error') throw new BedrockAnswerError(`BedrockPalmyraClient request failed: ${String(response.message)}`);
    return (response.choices ?? []).map((choice) => {
      if (choice.message.role !== 'assistant') throw new BedrockAnswerError(`BedrockPalmyraClient: a choice's role is ${JSON.stringify(choice.message.role)}, not "assistant"`);
      // Palmyra's text is not left-stripped.
      return truncateAndTokenizeResponseText(choice.message.content, request, tokenizer, finishReason(LOWER_REASONS, choice.finish_reason));
    });
  },
};

/** Converse's answer; HELM keeps boto3's ResponseMetadata with it and reads its Date header. */
export const ConverseResponse = z.looseObject({
  output: z.looseObject({ message: z.looseObject({ content: z.array(z.looseObject({ text: z.string() })).min(1) }) }),
  stopReason: z.string(),
  metrics: z.looseObject({ latencyMs: z.number() }),
});
export const NOVA: BedrockFamily<z.infer<typeof ConverseResponse>> = {
  className: 'BedrockNovaClient',
  operation: 'converse',
  defaultModelId: (request) => request.model.replaceAll('/', '.'),
  rawRequest: (request, modelId) => {
    checkMessagesRequest(request, 'BedrockNovaClient');
    const messages = request.messages
      ? request.messages.map((m) => ({ role: m.role, content: [{ text: m.content }] }))
      : [{ role: 'user', content: [{ text: request.prompt }] }];
    return { modelId, inferenceConfig: { temperature: request.temperature, maxTokens: request.max_tokens, topP: request.top_p }, messages };
  },
  schema: ConverseResponse,
  completions: (response, request, tokenizer) => [
    truncateAndTokenizeResponseText(pyLstrip(response.output.message.content[0].text), request, tokenizer, response.stopReason),
  ],
};
