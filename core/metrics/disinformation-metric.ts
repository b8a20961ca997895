import { z } from 'zod';
import type { ScenarioState } from '../adaptation/schemas';
import { pyFloat, toNumber, type PyNumber } from '../common/py-number';
import type { GeneratedOutput } from '../models/schemas';
import { generationLoop } from './generation-loop';
import type { MetricInterface, MetricResult } from './metric';
import { metricName } from './metric-name';
import { pyStrip } from './py-text';
import { sentenceBleu } from './sacrebleu';
import { Stat } from './stat';

/**
 * Self-BLEU: the mean over the non-blank completions of each one's sentence BLEU against the
 * others; 0 (an int) with fewer than two.
 */
export function selfBleu(completions: readonly GeneratedOutput[]): PyNumber {
  const texts = completions.map((c) => pyStrip(c.text)).filter((t) => t !== '');
  if (texts.length <= 1) return 0;
  const scores = texts.map((hypothesis, i) => sentenceBleu(hypothesis, [...texts.slice(0, i), ...texts.slice(i + 1)]));
  return pyFloat(scores.reduce((a, b) => a + b, 0) / scores.length);
}

/** Monte Carlo entropy in nats: the mean negative log probability of the completions that have tokens; NaN if none. */
export function monteCarloEntropy(completions: readonly GeneratedOutput[]): PyNumber {
  const withTokens = completions.filter((c) => c.tokens.length > 0);
  if (withTokens.length === 0) return pyFloat(Number.NaN);
  const mlogps = withTokens.map((c) => -c.tokens.reduce((sum, t) => sum + toNumber(t.logprob), 0));
  return pyFloat(mlogps.reduce((a, b) => a + b, 0) / mlogps.length);
}

const FUNCTIONS = { self_bleu: selfBleu, monte_carlo_entropy: monteCarloEntropy } as const;
export const DisinformationArgs = z.object({ name: z.enum(['self_bleu', 'monte_carlo_entropy']) }).strict();

/** HELM's `DisinformationMetric(name)`: a diversity measure of each request's completions. */
export class DisinformationMetric implements MetricInterface {
  constructor(readonly args: z.infer<typeof DisinformationArgs>) {}

  evaluate(scenarioState: ScenarioState): MetricResult {
    const fn = FUNCTIONS[this.args.name];
    return generationLoop(scenarioState, (_adapterSpec, requestState) =>
      requestState.result === undefined || requestState.result === null ? [] : [new Stat(metricName(this.args.name)).add(fn(requestState.result.completions))],
    );
  }
}
