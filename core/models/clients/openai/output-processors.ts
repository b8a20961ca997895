/**
 * HELM's `output_processor` client argument: a function, named by its Python path, that rewrites
 * each chat completion's text before echo and stop-sequence truncation.
 */

/** helm.benchmark.metrics.output_processors.remove_deepseek_r1_thinking: drops DeepSeek-R1's think block. */
export function removeDeepseekR1Thinking(input: string): string {
  if (!input.includes('<think>')) return input;
  // Greedy, across lines, every match (Python's re.sub with DOTALL), as HELM.
  if (input.includes('</think>\n\n')) return input.replace(/<think>[\s\S]*<\/think>\n\n/g, '');
  if (input.includes('</think>')) return input.replace(/<think>[\s\S]*<\/think>/g, '');
  return ''; // an unclosed think block
}

export const OUTPUT_PROCESSORS: Readonly<Record<string, (text: string) => string>> = {
  'helm.benchmark.metrics.output_processors.remove_deepseek_r1_thinking': removeDeepseekR1Thinking,
};
