import { z } from 'zod';
import type { RequestState, ScenarioState } from '../adaptation/schemas';
import { HelmInputError } from '../common/errors';
import { pyFloat, type PyNumber } from '../common/py-number';
import type { MetricInterface, MetricResult } from './metric';
import { metricName } from './metric-name';
import { pyStrip } from './py-text';
import { Stat } from './stat';
import { treebankClassicTokenize } from './treebank-tokenizer';
import { generationLoop } from './generation-loop';

/** Python numbers as HELM's functions return them: `int` stays an integer, `float` is boxed. */
type Num = { value: number; float: boolean };
const int = (value: number): Num => ({ value, float: false });
const float = (value: number): Num => ({ value, float: true });

/** Length of the longest common prefix of two token lists (an int). */
export function longestCommonPrefixLength(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Levenshtein distance over tokens; an empty side gives the other's length as an int (HELM's shortcut). */
export function tokenEditDistance(a: readonly string[], b: readonly string[]): Num {
  if (Math.min(a.length, b.length) === 0) return int(Math.max(a.length, b.length));
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] : 1 + Math.min(current[j - 1], previous[j], previous[j - 1]);
    }
    previous = current;
  }
  return float(previous[b.length]); // NumPy's float grid
}

/** 1 − distance / longer length; 0 (an int) when either side is empty. */
export function tokenEditSimilarity(a: readonly string[], b: readonly string[]): Num {
  if (a.length === 0 || b.length === 0) return int(0);
  return float(1 - tokenEditDistance(a, b).value / Math.max(a.length, b.length));
}

const COPYRIGHT_METRICS = ['longest_common_prefix_length', 'edit_distance', 'edit_similarity'] as const;
type CopyrightMetricName = (typeof COPYRIGHT_METRICS)[number];

/** Best over the completions, as HELM folds `previous_best` (edit distance's empty-side shortcut ignores it). */
function fold(name: CopyrightMetricName, a: string[], b: string[], best: Num | undefined): Num {
  if (name === 'longest_common_prefix_length') {
    const r = int(longestCommonPrefixLength(a, b));
    return best === undefined ? r : r.value >= best.value ? r : best;
  }
  if (name === 'edit_distance') {
    if (Math.min(a.length, b.length) === 0) return int(Math.max(a.length, b.length));
    const r = tokenEditDistance(a, b);
    return best === undefined ? r : r.value < best.value ? r : best; // min() keeps the earlier on a tie
  }
  const r = tokenEditSimilarity(a, b);
  return best === undefined ? r : r.value >= best.value ? r : best;
}

/** Python's `s[:n]` / `s[n:]` count code points, not UTF-16 units. */
const codePoints = (s: string): string[] => Array.from(s);

/** Blank lines and tabs to spaces, runs of spaces to one. */
export function normalizeNewlineSpaceTab(s: string): string {
  return s.replaceAll('\n', ' ').replaceAll('\t', ' ').replace(/ +/g, ' ');
}

export const BasicCopyrightArgs = z
  .object({
    name: z.enum(COPYRIGHT_METRICS),
    normalize_by_prefix_length: z.boolean().optional(),
    normalize_newline_space_tab: z.boolean().optional(),
  })
  .strict();

/**
 * HELM's `BasicCopyrightMetric`: the completions' best longest common prefix, edit distance or edit
 * similarity against the reference's continuation (cut to the completion's length), on Treebank
 * tokens, optionally divided by the prefix's token count.
 */
export class BasicCopyrightMetric implements MetricInterface {
  constructor(readonly args: z.infer<typeof BasicCopyrightArgs>) {}

  evaluateGeneration(requestState: RequestState): Stat[] {
    const { name, normalize_by_prefix_length: byPrefix = false, normalize_newline_space_tab: normalizeSpace = false } = this.args;
    const references = requestState.instance.references;
    if (references.length !== 1) throw new HelmInputError(`Copyright scenario expects a single reference, but found ${references.length} references.`);
    const prefix = requestState.instance.input.text;
    let reference = codePoints(references[0].output.text).slice(codePoints(prefix).length).join('');
    if (normalizeSpace) reference = normalizeNewlineSpaceTab(reference);
    if (requestState.result === undefined || requestState.result === null) throw new Error('BasicCopyrightMetric: a request state has no result');
    let best: Num | undefined;
    for (const sequence of requestState.result.completions) {
      let completion = pyStrip(sequence.text);
      if (normalizeSpace) completion = normalizeNewlineSpaceTab(completion);
      const truncatedReference = codePoints(reference).slice(0, codePoints(completion).length).join('');
      best = fold(name, treebankClassicTokenize(completion), treebankClassicTokenize(truncatedReference), best);
    }
    if (best === undefined) throw new Error('BasicCopyrightMetric: a request state has no completions');
    let value: PyNumber = best.float ? pyFloat(best.value) : best.value;
    if (byPrefix) {
      const prefixTokens = treebankClassicTokenize(prefix).length;
      if (prefixTokens === 0) throw new HelmInputError('BasicCopyrightMetric: the prefix has no tokens (division by zero)');
      value = pyFloat(best.value / prefixTokens);
    }
    return [new Stat(metricName(name)).add(value)];
  }

  evaluate(scenarioState: ScenarioState): MetricResult {
    return generationLoop(scenarioState, (_adapterSpec, requestState) => this.evaluateGeneration(requestState));
  }
}
