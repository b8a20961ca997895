import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFloat, toNumber } from '../../../core/common/py-number';
import { sentenceBleu } from '../../../core/metrics/bleu';

/** scoring.json holds nltk's word_tokenize output of every BLEU text, so sentence_bleu is checked on its own. */
const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/metrics/scoring.json'), 'utf8')) as {
  cases: { gold: string; pred: string; scores: Record<string, ['int' | 'float', number]> }[];
  word_tokenize: { text: string; tokens: string[] }[];
};
const tokens = new Map(fixture.word_tokenize.map((t) => [t.text, t.tokens]));

/**
 * Counts, clipping, brevity penalty and the 0 / float-min cases are exact; the final
 * `bp * exp(w * log(p))` goes through V8's exp/log, which differ from glibc's in the last bit for
 * some inputs (one ulp of log(p) ≈ 5 ulp of exp(log(p)) for small p), so scores are compared to a
relative 1e-15 (types must match exactly). Most cases are bit-identical.
 */
function closeToLibm(a: number, b: number): boolean {
  if (Object.is(a, b)) return true;
  return Math.abs(a - b) <= 1e-15 * Math.max(Math.abs(a), Math.abs(b));
}

describe('sentenceBleu equals nltk sentence_bleu on word_tokenize tokens (to 1e-15 relative)', () => {
  for (const [name, weights] of [['bleu_1', [1, 0, 0, 0]], ['bleu_4', [0, 0, 0, 1]]] as const) {
    it(name, () => {
      const cases = fixture.cases.filter((c) => c.scores[name] !== undefined);
      expect(cases.length).toBeGreaterThan(300);
      const wrong = cases
        .map((c) => {
          const got = sentenceBleu(tokens.get(c.gold) ?? [], tokens.get(c.pred) ?? [], weights);
          return { gold: c.gold, pred: c.pred, want: c.scores[name], got: [isFloat(got) ? 'float' : 'int', toNumber(got)] };
        })
        .filter((m) => m.got[0] !== m.want[0] || !closeToLibm(m.got[1] as number, m.want[1]));
      expect(wrong.slice(0, 5)).toEqual([]);
      const exact = cases.filter((c) => Object.is(toNumber(sentenceBleu(tokens.get(c.gold) ?? [], tokens.get(c.pred) ?? [], weights)), c.scores[name][1]));
      expect(exact.length / cases.length).toBeGreaterThan(0.9);
    });
  }
});
