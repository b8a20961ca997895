import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PyNumber, isFloat, toNumber } from '../../../core/common/py-number';
import { SCORE_FUNCTIONS } from '../../../core/metrics/scoring';

/** test/fixtures/metrics/scoring.json, written by generate_scoring.py from the Python HELM. */
interface GoldenCase {
  gold: string | null;
  pred: string | null;
  scores: Record<string, ['int' | 'float', number]>;
}
const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/metrics/scoring.json'), 'utf8'),
) as { cases: GoldenCase[] };

const names = [...new Set(fixture.cases.flatMap((c) => Object.keys(c.scores)))].sort();

function described(value: PyNumber): [string, number] {
  return [isFloat(value) ? 'float' : 'int', toNumber(value)];
}

/**
 * BLEU ends in `exp(w * log(p))`, where V8's exp/log can differ from glibc's in the last bits
 * (see bleu.test.ts), so BLEU values compare to 1e-15 relative; every other score is bit for bit.
 */
const LIBM_TOLERANT = new Set(['bleu_1', 'bleu_4']);

function sameValue(name: string, got: number, want: number): boolean {
  if (Object.is(got, want)) return true;
  return LIBM_TOLERANT.has(name) && Math.abs(got - want) <= 1e-15 * Math.max(Math.abs(got), Math.abs(want));
}

describe('scoring functions equal the Python HELM bit for bit', () => {
  it('the fixture covers every implemented text and math score', () => {
    expect(names.length).toBeGreaterThanOrEqual(19);
  });
  for (const name of names) {
    it(name, () => {
      const fn = SCORE_FUNCTIONS[name];
      expect(fn, `${name} is implemented`).toBeDefined();
      const cases = fixture.cases.filter((c) => c.scores[name] !== undefined);
      expect(cases.length).toBeGreaterThan(10);
      const mismatches = cases
        .map((c) => ({ gold: c.gold, pred: c.pred, want: c.scores[name], got: described(fn(c.gold as string, c.pred)) }))
        .filter((m) => m.got[0] !== m.want[0] || !sameValue(name, m.got[1], m.want[1]));
      expect(mismatches.slice(0, 5)).toEqual([]);
    });
  }
});
