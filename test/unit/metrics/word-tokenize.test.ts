import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sentTokenize } from '../../../core/metrics/punkt-english/punkt';
import { wordTokenize } from '../../../core/metrics/word-tokenize';

const fixtures = join(__dirname, '../../fixtures/metrics');
/** nltk 3.10.4 word_tokenize of every BLEU text, written by generate_scoring.py with the English punkt_tab. */
const scoring = JSON.parse(readFileSync(join(fixtures, 'scoring.json'), 'utf8')) as {
  word_tokenize: { text: string; tokens: string[] }[];
};
/** nltk sent_tokenize / word_tokenize of random edge-case texts, written by generate_word_tokenize.py. */
const edge = JSON.parse(readFileSync(join(fixtures, 'word_tokenize.json'), 'utf8')) as {
  cases: { text: string; sentences: string[]; tokens: string[] }[];
};

function mismatches<T>(cases: { text: string; want: T }[], fn: (text: string) => T): { text: string; want: T; got: T }[] {
  return cases
    .map(({ text, want }) => ({ text, want, got: fn(text) }))
    .filter((m) => JSON.stringify(m.got) !== JSON.stringify(m.want));
}

describe('wordTokenize equals nltk word_tokenize', () => {
  it('on every golden BLEU text (GSM8K, MMLU, edge cases)', () => {
    expect(scoring.word_tokenize.length).toBeGreaterThan(400);
    const cases = scoring.word_tokenize.map(({ text, tokens }) => ({ text, want: tokens }));
    expect(mismatches(cases, wordTokenize).slice(0, 3)).toEqual([]);
  });

  it('on random texts built from Punkt and Treebank edge cases', () => {
    expect(edge.cases.length).toBe(600);
    const cases = edge.cases.map(({ text, tokens }) => ({ text, want: tokens }));
    expect(mismatches(cases, wordTokenize).slice(0, 3)).toEqual([]);
  });
});

describe('sentTokenize equals nltk sent_tokenize (English Punkt)', () => {
  it('on random texts built from Punkt and Treebank edge cases', () => {
    const cases = edge.cases.map(({ text, sentences }) => ({ text, want: sentences }));
    expect(mismatches(cases, sentTokenize).slice(0, 3)).toEqual([]);
    // The fixture does exercise splitting: many texts have several sentences.
    expect(edge.cases.filter((c) => c.sentences.length > 1).length).toBeGreaterThan(100);
  });

  it('keeps abbreviations inside a sentence and closing quotes on the sentence they end', () => {
    expect(sentTokenize('Mr. Smith went to Washington. He said "hi." Then he left.')).toEqual([
      'Mr. Smith went to Washington.',
      'He said "hi."',
      'Then he left.',
    ]);
  });
});
