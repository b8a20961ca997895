import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { porterStem } from '../../../core/metrics/porter-stemmer';

/** test/fixtures/metrics/porter.json: nltk's PorterStemmer() on every word rouge-score would stem in GSM8K and MMLU texts. */
const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/metrics/porter.json'), 'utf8')) as {
  mode: string;
  stems: Record<string, string>;
};

describe('porterStem (nltk NLTK_EXTENSIONS mode)', () => {
  it('is the mode rouge-score uses', () => {
    expect(fixture.mode).toBe('NLTK_EXTENSIONS');
  });
  it('equals nltk on every fixture word', () => {
    const words = Object.keys(fixture.stems);
    expect(words.length).toBeGreaterThan(10000);
    const wrong = words.filter((w) => porterStem(w) !== fixture.stems[w]).map((w) => [w, porterStem(w), fixture.stems[w]]);
    expect(wrong.slice(0, 20)).toEqual([]);
  });
  it('handles the paper examples and nltk irregular forms', () => {
    expect(porterStem('generalizations')).toBe('gener');
    expect(porterStem('skies')).toBe('sky');
    expect(porterStem('dying')).toBe('die');
    expect(porterStem('hopping')).toBe('hop');
  });
});
