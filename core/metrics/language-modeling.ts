import { pyFloat, toNumber } from '../common/py-number';
import { RequestState } from '../adaptation/schemas';
import { Token } from '../models/schemas';
import { metricName } from './metric-name';
import { pyDiv, pyNeg, pySum } from './py-math';
import { Stat, getUniqueStatByName } from './stat';

/** Bytes of tokens: `bytes:` tokens count their `\x` escapes, others their UTF-8 length. */
export function getNumBytes(tokens: readonly Token[]): number {
  return tokens.reduce(
    (n, t) => n + (t.text.startsWith('bytes:') ? t.text.split('\\x').length - 1 : Buffer.byteLength(t.text, 'utf8')),
    0,
  );
}

/** `compute_language_modeling_metrics`: logprob, token and byte counts of the first completion. */
export function computeLanguageModelingMetrics(requestState: RequestState): Stat[] {
  const sequence = requestState.result?.completions[0];
  if (sequence === undefined) throw new Error('language modeling metrics: request state has no completion');
  const conditioning = requestState.num_conditioning_tokens;
  const tokens = conditioning > 0 && sequence.tokens[0]?.text === '' ? sequence.tokens.slice(1) : sequence.tokens;
  const predicted = tokens.slice(conditioning);
  return [
    new Stat(metricName('logprob')).add(pySum(predicted.map((t) => t.logprob))),
    new Stat(metricName('num_perplexity_tokens')).add(predicted.length),
    new Stat(metricName('num_bytes')).add(getNumBytes(predicted)),
  ];
}

/** `compute_perplexity_metrics`: perplexity and per-byte ratios from context-wide sums. */
export function computePerplexityMetrics(stats: readonly Stat[]): Stat[] {
  const logprob = getUniqueStatByName(stats, 'logprob');
  const numTokens = getUniqueStatByName(stats, 'num_perplexity_tokens');
  const numBytes = getUniqueStatByName(stats, 'num_bytes');
  if (logprob === undefined) return [];
  const out: Stat[] = [];
  if (numTokens !== undefined && toNumber(numTokens.sum) > 0) {
    const exponent = toNumber(pyDiv(pyNeg(logprob.sum), numTokens.sum));
    out.push(new Stat(metricName('perplexity')).add(pyFloat(Math.pow(Math.E, exponent))));
  }
  if (numBytes !== undefined && toNumber(numBytes.sum) > 0) {
    const perByte = toNumber(pyDiv(pyNeg(logprob.sum), numBytes.sum));
    out.push(new Stat(metricName('bits_per_byte')).add(pyFloat(perByte / Math.log(2))));
    out.push(new Stat(metricName('logprob_per_byte')).add(pyDiv(logprob.sum, numBytes.sum)));
  }
  return out;
}
