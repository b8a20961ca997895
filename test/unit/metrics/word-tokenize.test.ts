import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sentTokenize } from '../../../activities/metrics/punkt-english/punkt';
import { wordTokenize } from '../../../activities/metrics/word-tokenize';

/** nltk 3.10.4 word_tokenize outputs, written by generate_scoring.py with the English punkt_tab. */
const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/metrics/scoring.json'), 'utf8'),
) as { word_tokenize: { text: string; tokens: string[] }[] };

describe('wordTokenize equals nltk word_tokenize', () => {
  it('on every golden text (GSM8K, MMLU, edge cases)', () => {
    expect(fixture.word_tokenize.length).toBeGreaterThan(400);
    const mismatches = fixture.word_tokenize
      .map(({ text, tokens }) => ({ text, want: tokens, got: wordTokenize(text) }))
      .filter((m) => JSON.stringify(m.got) !== JSON.stringify(m.want));
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('splits sentences with the English abbreviations and keeps closing quotes on their sentence', () => {
    expect(sentTokenize('Mr. Smith went to Washington. He said "hi." Then he left.')).toEqual([
      'Mr. Smith went to Washington.',
      'He said "hi."',
      'Then he left.',
    ]);
  });
});
