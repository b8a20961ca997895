import { HelmInputError } from '../common/errors';
import type { ModelDeployment, TokenizerConfig } from './schemas';
import type { Tokenizer } from './tokenizers/tokenizer';

export { getTokenizer } from './tokenizers';
export type { Tokenizer } from './tokenizers/tokenizer';

/** 2**31 - 1: HELM's "no limit" length. */
export const MAX_INT32 = 2147483647;

/** HELM's `WindowService` for text: token counting, fitting and right truncation. */
export interface WindowService {
  readonly tokenizerName: string;
  readonly maxSequenceLength: number;
  readonly maxRequestLength: number;
  readonly maxSequenceAndGeneratedTokensLength: number;
  readonly endOfTextToken: string;
  readonly prefixToken: string;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  tokenize(text: string): string[];
  getNumTokens(text: string): number;
  /** tokens(text) + expectedCompletionTokens ≤ maxRequestLength. */
  fitsWithinContextWindow(text: string, expectedCompletionTokens?: number): boolean;
  /** First (maxRequestLength − k) tokens decoded, then code points dropped until it fits. */
  truncateFromRight(text: string, expectedCompletionTokens?: number): string;
}

export interface LocalWindowServiceArgs {
  tokenizerName: string;
  tokenizer: Tokenizer;
  maxSequenceLength: number;
  maxRequestLength?: number;
  maxSequenceAndGeneratedTokensLength?: number;
  endOfTextToken?: string;
  prefixToken?: string;
}

/** HELM's `LocalWindowService` (= `DefaultWindowService`). */
export function localWindowService(args: LocalWindowServiceArgs): WindowService {
  const { tokenizer } = args;
  const maxRequestLength = args.maxRequestLength ?? args.maxSequenceLength;
  const getNumTokens = (text: string): number => (tokenizer.countTokens ? tokenizer.countTokens(text) : tokenizer.encode(text).length);
  const fits = (text: string, k = 0): boolean => getNumTokens(text) + k <= maxRequestLength;
  return {
    tokenizerName: args.tokenizerName,
    maxSequenceLength: args.maxSequenceLength,
    maxRequestLength,
    maxSequenceAndGeneratedTokensLength: args.maxSequenceAndGeneratedTokensLength ?? MAX_INT32,
    endOfTextToken: args.endOfTextToken ?? '',
    prefixToken: args.prefixToken ?? '',
    encode: (text) => tokenizer.encode(text),
    decode: (ids) => tokenizer.decode(ids),
    tokenize: (text) => tokenizer.tokenize(text),
    getNumTokens,
    fitsWithinContextWindow: fits,
    truncateFromRight(text, k = 0) {
      const maxLength = maxRequestLength - k;
      // HELM loops forever here (even "" does not fit); report the impossible budget instead.
      if (maxLength < 0) {
        throw new HelmInputError(
          `Cannot fit a prompt: max_tokens (${k}) exceeds the maximum request length (${maxRequestLength}) of tokenizer ${args.tokenizerName}`,
        );
      }
      let codePoints = Array.from(tokenizer.decode(tokenizer.encode(text).slice(0, maxLength)));
      let result = codePoints.join('');
      while (!fits(result, k)) {
        codePoints = codePoints.slice(0, -1);
        result = codePoints.join('');
      }
      return result;
    },
  };
}

/** HELM's `NoTokenizerWindowService`: everything fits, truncation is the identity. */
export function noTokenizerWindowService(): WindowService {
  const fail = (): never => {
    throw new HelmInputError('This model deployment has no tokenizer: encode/decode/tokenize are not available');
  };
  return {
    tokenizerName: '',
    maxSequenceLength: MAX_INT32,
    maxRequestLength: MAX_INT32,
    maxSequenceAndGeneratedTokensLength: MAX_INT32,
    endOfTextToken: '',
    prefixToken: '',
    encode: fail,
    decode: fail,
    tokenize: fail,
    getNumTokens: fail,
    fitsWithinContextWindow: () => true,
    truncateFromRight: (text) => text,
  };
}

const LOCAL_CLASSES = ['DefaultWindowService', 'LocalWindowService'];

/**
 * `WindowServiceFactory.get_window_service`: an explicit window_service_spec wins; no tokenizer and
 * no length limits → NoTokenizerWindowService; otherwise the default (local) window service.
 */
export function createWindowService(
  deployment: ModelDeployment,
  tokenizerConfig: TokenizerConfig | undefined,
  tokenizer: Tokenizer | undefined,
): WindowService {
  const explicit = deployment.window_service_spec?.class_name;
  if (explicit !== undefined) {
    const shortName = explicit.split('.').pop() ?? explicit;
    if (shortName === 'NoTokenizerWindowService') return noTokenizerWindowService();
    if (!LOCAL_CLASSES.includes(shortName)) {
      throw new HelmInputError(
        `Model deployment ${deployment.name}: window service ${explicit} is not implemented ` +
          `(implemented: ${[...LOCAL_CLASSES, 'NoTokenizerWindowService'].join(', ')})`,
      );
    }
  } else if (
    deployment.tokenizer_name === undefined &&
    deployment.max_sequence_length === undefined &&
    deployment.max_request_length === undefined &&
    deployment.max_sequence_and_generated_tokens_length === undefined
  ) {
    return noTokenizerWindowService();
  }
  if (deployment.tokenizer_name === undefined || deployment.max_sequence_length === undefined) {
    throw new HelmInputError(
      `Model deployment ${deployment.name} needs both tokenizer_name and max_sequence_length for a window service`,
    );
  }
  if (tokenizer === undefined) {
    throw new HelmInputError(`Model deployment ${deployment.name}: tokenizer ${deployment.tokenizer_name} was not provided`);
  }
  return localWindowService({
    tokenizerName: deployment.tokenizer_name,
    tokenizer,
    maxSequenceLength: deployment.max_sequence_length,
    maxRequestLength: deployment.max_request_length,
    maxSequenceAndGeneratedTokensLength: deployment.max_sequence_and_generated_tokens_length,
    endOfTextToken: tokenizerConfig?.end_of_text_token,
    prefixToken: tokenizerConfig?.prefix_token,
  });
}
