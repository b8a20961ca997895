import type { WindowService } from '../models/window-service';
import { type Prompt, promptText } from './prompt';
import { pythonLen } from './python-text';

/**
 * `_make_prompt_fit`: drop train blocks from the end (one at a time) until the prompt fits with
 * `maxTokens` reserved; with none left, cut the text on the right (recorded only if it got shorter).
 */
export function makePromptFit(prompt: Prompt, maxTokens: number, windowService: WindowService): Prompt {
  let current = prompt;
  while (current.trainInstanceBlocks.length > 0) {
    if (windowService.fitsWithinContextWindow(promptText(current), maxTokens)) return current;
    current = { ...current, trainInstanceBlocks: current.trainInstanceBlocks.slice(0, -1) };
  }
  const text = promptText(current);
  const truncated = windowService.truncateFromRight(text, maxTokens);
  return pythonLen(truncated) < pythonLen(text) ? { ...current, truncatedText: truncated } : current;
}
