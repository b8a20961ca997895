import { z } from 'zod';
import { HelmInputError } from '../../../common/errors';
import { toNumber, type PyNumber } from '../../../common/py-number';
import { RequestCache } from '../../request-cache';
import type { Request } from '../../schemas';
import { cacheKeyOf } from '../common/provider';

/**
 * Vertex AI's REST API as HELM's Vertex AI clients use it through the `vertexai` SDK: request
 * parameters, HELM's cache keys, the bodies the SDK sends (checked against HELM with
 * google-cloud-aiplatform 1.165 over its REST transport, test/unit/models/client-requests-differential.test.ts)
 * and the responses read back. Enums travel as numbers: the SDK asks for `$alt=json;enum-encoding=int`.
 */

/** The SDK's REST system parameters (`$alt=json;enum-encoding=int`), encoded as it sends them. */
export const VERTEX_QUERY = '?%24alt=json%3Benum-encoding%3Dint';

/** HELM's safety presets: none given means BLOCK_NONE (not the service's default). */
export type SafetySettingsPreset = 'block_none' | 'default';

export function parseSafetySettingsPreset(value: string | undefined): SafetySettingsPreset | undefined {
  if (value === undefined || value === 'block_none' || value === 'default') return value;
  throw new HelmInputError(`Unknown safety_settings_preset: ${value}`);
}

/**
 * HELM's BLOCK_NONE preset sets every member of the SDK's HarmCategory (aiplatform_v1beta1) to
 * BLOCK_NONE (4), UNSPECIFIED (0) included; proto JSON leaves the 0 category out.
 */
const HARM_CATEGORIES = [0, 1, 2, 3, 4, 5, 6] as const; // UNSPECIFIED, HATE_SPEECH, DANGEROUS_CONTENT, HARASSMENT, SEXUALLY_EXPLICIT, CIVIC_INTEGRITY, JAILBREAK
const BLOCK_NONE = 4;

export function safetySettings(preset: SafetySettingsPreset | undefined): Array<Record<string, number>> | undefined {
  if (preset === 'default') return undefined;
  return HARM_CATEGORIES.map((category): Record<string, number> => (category === 0 ? { threshold: BLOCK_NONE } : { category, threshold: BLOCK_NONE }));
}

/** HELM's generation parameters (the same for both clients): they go into the cache key as is. */
export function vertexParameters(request: Request): Record<string, unknown> {
  return {
    temperature: request.temperature,
    max_output_tokens: request.max_tokens,
    top_k: request.top_k_per_token,
    top_p: request.top_p,
    stop_sequences: request.stop_sequences,
    candidate_count: request.num_completions,
  };
}

/** HELM's key: its raw request plus `random`, plus the safety preset when the deployment sets one. */
function keyWithPreset(raw: Record<string, unknown>, request: Request, preset: SafetySettingsPreset | undefined): string {
  if (preset === undefined) return cacheKeyOf(raw, request);
  const withRandom = request.random === undefined ? raw : { ...raw, random: request.random };
  return RequestCache.keyOf({ ...withRandom, safety_settings_preset: preset });
}

/** The model as Vertex AI names it: a bare id is one of Google's publisher models. */
export function vertexModelResource(model: string, project: string, location: string): string {
  let partial: string;
  if (model.startsWith('projects/')) return model;
  if (!model.includes('/')) partial = `publishers/google/models/${model}`;
  else if (model.startsWith('models/')) partial = `publishers/google/${model}`;
  else if (model.startsWith('publishers/')) partial = model;
  else throw new HelmInputError(`vertexai_model must be a Model Garden model id or a resource name (publishers/..., projects/...), not ${JSON.stringify(model)}`);
  return `projects/${project}/locations/${location}/${partial}`;
}

/** A resource name in a URL path: each segment escaped (text-bison@001 → text-bison%40001), as the SDK does. */
export function resourcePath(resource: string): string {
  return resource.split('/').map(encodeURIComponent).join('/');
}

// ---------------------------------------------------------------------------------------------
// Chat (Gemini and Model-as-a-Service models): generateContent.
// ---------------------------------------------------------------------------------------------

const CHAT_ROLES: Readonly<Record<string, string>> = { user: 'user', assistant: 'model' };

export function chatCacheKey(model: string, request: Request, preset: SafetySettingsPreset | undefined): string {
  // HELM: `request.messages or request.prompt` (an empty list falls back to the prompt).
  const prompt = request.messages && request.messages.length > 0 ? request.messages : request.prompt;
  return keyWithPreset({ model_name: model, prompt, ...vertexParameters(request) }, request, preset);
}

function num(value: PyNumber): number {
  return toNumber(value);
}

/** The generateContent body: messages as contents (roles other than assistant become user, as in HELM). */
export function chatWireBody(request: Request, preset: SafetySettingsPreset | undefined): Record<string, unknown> {
  const contents =
    request.messages !== undefined
      ? request.messages.map((m) => ({ role: CHAT_ROLES[m.role] ?? 'user', parts: [{ text: m.content }] }))
      : [{ role: 'user', parts: [{ text: request.prompt }] }];
  const generationConfig: Record<string, unknown> = {
    temperature: num(request.temperature),
    topP: num(request.top_p),
    topK: num(request.top_k_per_token),
    candidateCount: num(request.num_completions),
    maxOutputTokens: num(request.max_tokens),
  };
  if (request.stop_sequences.length > 0) generationConfig.stopSequences = request.stop_sequences;
  const settings = safetySettings(preset);
  return { contents, ...(settings ? { safetySettings: settings } : {}), generationConfig };
}

/** An enum as numbers (what the SDK asks for) or names (accepted too, mapped to the numbers). */
const WireEnum = z.union([z.number().int(), z.string()]);

export const GenerateContentResponse = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ role: z.string().nullish(), parts: z.array(z.looseObject({ text: z.string().nullish() })).nullish() }).nullish(),
        finishReason: WireEnum.nullish(),
      }),
    )
    .nullish(),
  promptFeedback: z.looseObject({ blockReason: WireEnum.nullish() }).nullish(),
});
export type GenerateContentResponse = z.infer<typeof GenerateContentResponse>;

/** aiplatform_v1beta1 Candidate.FinishReason and PromptFeedback.BlockedReason by name. */
const FINISH_REASONS: Readonly<Record<string, number>> = {
  FINISH_REASON_UNSPECIFIED: 0, STOP: 1, MAX_TOKENS: 2, SAFETY: 3, RECITATION: 4, OTHER: 5, BLOCKLIST: 6, PROHIBITED_CONTENT: 7, SPII: 8, MALFORMED_FUNCTION_CALL: 9, MODEL_ARMOR: 10,
};
const BLOCKED_REASONS: Readonly<Record<string, number>> = { BLOCKED_REASON_UNSPECIFIED: 0, SAFETY: 1, OTHER: 2, BLOCKLIST: 3, PROHIBITED_CONTENT: 4, MODEL_ARMOR: 5 };

function enumNumber(value: number | string | null | undefined, names: Readonly<Record<string, number>>): number | string {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : (names[value] ?? value);
}

/** HELM's list of finish reasons that mean blocked content: SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII. */
const CONTENT_BLOCKED_FINISH_REASONS = new Set<number | string>([3, 4, 6, 7, 8]);
const MAX_TOKENS = 2;

/** HELM's "Content blocked" outcomes: a failed request that is not retried and not cached. */
export class VertexAIContentBlocked extends Error {}

/** What HELM caches for a Vertex AI call: the completions' texts. */
export const VertexPredictions = z.object({ predictions: z.array(z.object({ text: z.string() })) });
export type VertexPredictions = z.infer<typeof VertexPredictions>;

/**
 * Candidates → HELM's predictions, with its checks in its order. HELM's messages end with the SDK's
 * protobuf text of the response or candidate; helm-ts's stop before it.
 */
export function chatPredictions(response: GenerateContentResponse): VertexPredictions {
  const blockReason = enumNumber(response.promptFeedback?.blockReason, BLOCKED_REASONS);
  if (blockReason !== 0) throw new VertexAIContentBlocked(`Prompt blocked with reason: ${blockReason}`);
  const candidates = response.candidates ?? [];
  if (candidates.length === 0) throw new VertexAIContentBlocked('No candidates in response');
  const predictions = candidates.map((candidate) => {
    const finishReason = enumNumber(candidate.finishReason, FINISH_REASONS);
    if (CONTENT_BLOCKED_FINISH_REASONS.has(finishReason)) throw new VertexAIContentBlocked(`Content blocked with reason: ${finishReason}`);
    // The SDK gives a candidate without content an empty one, so HELM's "no content" check never fires.
    const parts = candidate.content?.parts ?? [];
    if (parts.length === 0) {
      // No text because thinking used up the output tokens.
      if (finishReason === MAX_TOKENS) return { text: '' };
      throw new VertexAIContentBlocked('No content parts in candidate');
    }
    // The SDK's Content.text: one text part only. HELM lets these errors escape (its run ends).
    if (parts.length > 1) throw new VertexAIUnreadableResponse('Multiple content parts are not supported.');
    const text = parts[0].text;
    if (typeof text !== 'string') throw new VertexAIUnreadableResponse('Response candidate content part has no text.');
    return { text };
  });
  return { predictions };
}

/** A response HELM's client cannot read (it raises): a failed call, retried like a malformed body. */
export class VertexAIUnreadableResponse extends Error {}

// ---------------------------------------------------------------------------------------------
// Text (PaLM 2 and MedLM): predict.
// ---------------------------------------------------------------------------------------------

export function textCacheKey(model: string, request: Request, preset: SafetySettingsPreset | undefined): string {
  return keyWithPreset({ engine: model, prompt: request.prompt, ...vertexParameters(request) }, request, preset);
}

/** TextGenerationModel.predict's body: parameters the SDK leaves out when unset or falsy. */
export function textWireBody(request: Request): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  if (num(request.max_tokens)) parameters.maxDecodeSteps = num(request.max_tokens);
  parameters.temperature = num(request.temperature);
  if (num(request.top_p)) parameters.topP = num(request.top_p);
  if (num(request.top_k_per_token)) parameters.topK = num(request.top_k_per_token);
  if (request.stop_sequences.length > 0) parameters.stopSequences = request.stop_sequences;
  parameters.candidateCount = num(request.num_completions);
  return { instances: [{ content: request.prompt }], parameters };
}

/** A predict reply: one prediction per candidate (the SDK needs at least one, each with content). */
export const PredictResponse = z.looseObject({
  predictions: z.array(z.looseObject({ content: z.string(), safetyAttributes: z.looseObject({ blocked: z.boolean().nullish() }).nullish() })).min(1),
});
export type PredictResponse = z.infer<typeof PredictResponse>;

/**
 * HELM builds `{"text": c.text for c in candidates}`, a dict comprehension: one prediction, the
 * last candidate's text. So n > 1 yields one completion, as in HELM. A blocked candidate's text
 * (usually empty) is kept: HELM does not look at the safety attributes.
 */
export function textPredictions(response: PredictResponse): VertexPredictions {
  const last = response.predictions[response.predictions.length - 1];
  return { predictions: [{ text: last.content }] };
}
