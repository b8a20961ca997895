import type { Substitution } from '../run-specs/schemas';
import type { z } from 'zod';
import { pythonReSub } from './python-regex';

/** HELM's text `Prompt`: blocks joined by instance_prefix, global affixes, substitutions; or truncated text. */
export interface Prompt {
  globalPrefix: string;
  globalSuffix: string;
  instancePrefix: string;
  substitutions: ReadonlyArray<z.infer<typeof Substitution>>;
  instructionsBlock: string;
  trainInstanceBlocks: readonly string[];
  evalInstanceBlock: string;
  /** Set when the prompt had to be cut on the right; an empty string does not replace the text. */
  truncatedText?: string;
}

export function promptText(prompt: Prompt): string {
  if (prompt.truncatedText) return prompt.truncatedText;
  const blocks = [
    ...(prompt.instructionsBlock !== '' ? [prompt.instructionsBlock] : []),
    ...prompt.trainInstanceBlocks,
    prompt.evalInstanceBlock,
  ];
  let text = prompt.globalPrefix + blocks.join(prompt.instancePrefix) + prompt.globalSuffix;
  for (const substitution of prompt.substitutions) text = pythonReSub(substitution.source, substitution.target, text);
  return text;
}

export function promptTruncated(prompt: Prompt): boolean {
  return prompt.truncatedText !== undefined;
}

export function promptNumTrainInstances(prompt: Prompt): number {
  return prompt.trainInstanceBlocks.length;
}
