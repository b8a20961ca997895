import { HelmInputError } from '../common/errors';
import { toNumber } from '../common/py-number';
import { defaultRequest } from '../models/schemas';
import type { WindowService } from '../models/window-service';
import type { AdapterSpec } from '../run-specs/schemas';
import type { Instance } from '../scenarios/schemas';
import type { Adapt } from './in-context';
import { makeRequestState } from './request-state';
import type { RequestState } from './schemas';

const REPLACEMENT_CHARACTER = '\ufffd';

/** Python's `seq[start:end]` for 0 ≤ end ≤ len and any start (negative counts from the end). */
function pySlice<T>(items: readonly T[], start: number, end: number): T[] {
  return items.slice(start < 0 ? Math.max(0, items.length + start) : start, end);
}

function stripReplacement(text: string, leading: boolean, trailing: boolean): string {
  let start = 0;
  let end = text.length;
  if (leading) while (start < end && text[start] === REPLACEMENT_CHARACTER) start++;
  if (trailing) while (end > start && text[end - 1] === REPLACEMENT_CHARACTER) end--;
  return text.slice(start, end);
}

/**
 * `fits_tokens_within_context_window`: decode conditioning + predicted tokens; while re-encoding the text
 * gives more than maxRequestLength tokens, drop the overflow from the end of the predicted tokens.
 */
export function fitTokensWithinContextWindow(
  conditioning: readonly number[],
  predicted: readonly number[],
  maxRequestLength: number,
  windowService: WindowService,
): { text: string; predicted: number[] } {
  let pred = [...predicted];
  let text = windowService.decode([...conditioning, ...pred]);
  let length = windowService.getNumTokens(text);
  while (length > maxRequestLength) {
    pred = pred.slice(0, Math.max(0, pred.length - (length - maxRequestLength)));
    text = windowService.decode([...conditioning, ...pred]);
    length = windowService.getNumTokens(text);
    if (pred.length === 0) {
      throw new HelmInputError(
        'language_modeling: no predicted token fits in the context window (the re-encoded text keeps growing); ' +
          `max request length ${maxRequestLength}, ${conditioning.length} conditioning tokens`,
      );
    }
  }
  return { text, predicted: pred };
}

/**
 * `construct_language_modeling_prompt`: the window's text with U+FFFD (cut multi-byte characters) stripped
 * from both ends, and how many of its leading tokens are conditioning (not scored).
 */
export function languageModelingPrompt(
  conditioning: readonly number[],
  predicted: readonly number[],
  maxRequestLength: number,
  windowService: WindowService,
): { text: string; numConditioningTokens: number } {
  const fitted = fitTokensWithinContextWindow(conditioning, predicted, maxRequestLength, windowService);
  const raw = fitted.text;
  const text = stripReplacement(raw, true, true);
  if (text.length === raw.length) return { text, numConditioningTokens: conditioning.length };
  const leadingByteTokens = maxRequestLength - windowService.getNumTokens(stripReplacement(raw, true, false));
  const trailingByteTokens = maxRequestLength - windowService.getNumTokens(stripReplacement(raw, false, true));
  let numConditioningTokens: number;
  if (trailingByteTokens >= fitted.predicted.length) numConditioningTokens = windowService.getNumTokens(text);
  else if (leadingByteTokens >= conditioning.length) numConditioningTokens = 1;
  else numConditioningTokens = conditioning.length - leadingByteTokens;
  return { text, numConditioningTokens };
}

/**
 * `LanguageModelingAdapter._generate_requests`: the document cut into windows. The first window is the
 * prefix token then up to max_sequence_length tokens; each later one predicts up to (request length − 1)
 * new tokens conditioned on the tokens just before them. Quirks kept: the first window's conditioning
 * count is 1 (0 without a prefix token) whatever the prefix encodes to, and the document position
 * advances by the untrimmed first-window length even when fitting trimmed it.
 */
export function languageModelingRequests(evalInstance: Instance, spec: AdapterSpec, windowService: WindowService): RequestState[] {
  const maxTokens = toNumber(spec.max_tokens);
  const maxRequestLength = Math.min(windowService.maxRequestLength, windowService.maxSequenceAndGeneratedTokensLength - maxTokens);
  const prefixToken = windowService.prefixToken;
  const tokens = windowService.encode(evalInstance.input.text);
  const state = (text: string, numConditioningTokens: number, random: string | undefined): RequestState =>
    makeRequestState({
      instance: evalInstance,
      trainTrialIndex: 0,
      request: defaultRequest({
        model_deployment: spec.model_deployment,
        model: spec.model,
        prompt: text,
        temperature: 0,
        num_completions: 1,
        max_tokens: spec.max_tokens,
        stop_sequences: [...spec.stop_sequences],
        echo_prompt: true,
        random,
      }),
      numTrainInstances: toNumber(spec.max_train_instances),
      promptTruncated: false,
      numConditioningTokens,
    });

  const firstLength = Math.min(windowService.maxSequenceLength, tokens.length);
  const first = languageModelingPrompt(windowService.encode(prefixToken), tokens.slice(0, firstLength), maxRequestLength, windowService);
  const states = [state(first.text, prefixToken.length > 0 ? 1 : 0, spec.random)];
  let numPredicted = firstLength;
  if (numPredicted < tokens.length && maxRequestLength < 2) {
    throw new HelmInputError(
      `language_modeling: a maximum request length of ${maxRequestLength} leaves no room for predicted tokens after the first window`,
    );
  }
  while (numPredicted < tokens.length) {
    const windowLength = Math.min(tokens.length - numPredicted, maxRequestLength - 1);
    const windowEnd = numPredicted + windowLength;
    const conditioning = pySlice(tokens, windowEnd - maxRequestLength, numPredicted);
    const window = languageModelingPrompt(conditioning, tokens.slice(numPredicted, windowEnd), maxRequestLength, windowService);
    states.push(state(window.text, window.numConditioningTokens, undefined));
    numPredicted += windowLength;
  }
  return states;
}

/** `LanguageModelingAdapter.adapt`: eval instances only (no few-shot, no trials), documents in order. */
export const languageModelingAdapt: Adapt = (instances, spec, windowService) => {
  const nonEval = instances.filter((instance) => instance.split !== 'valid' && instance.split !== 'test');
  if (nonEval.length > 0) {
    throw new HelmInputError(
      `language_modeling takes evaluation (valid/test) instances only, but got ${nonEval.length} other instance(s) ` +
        `(e.g. split ${JSON.stringify(nonEval[0].split ?? null)})`,
    );
  }
  return instances.flatMap((instance) => languageModelingRequests(instance, spec, windowService));
};
