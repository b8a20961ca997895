import { pySplitWhitespace } from './py-text';
import { sentTokenize } from './punkt-english/punkt';
import { REGEX_DIGIT, REGEX_SPACE, REGEX_WORD, RE_SPACE, RE_WORD } from './punkt-english/python-classes';

/**
 * nltk 3.10 `word_tokenize(text)` (language 'english', preserve_line False), which HELM's BLEU
 * tokenizes with: Punkt sentences, each split by NLTKWordTokenizer's ordered regex rewrites.
 * Most patterns go through nltk.redos (the `regex` module's classes); the contraction patterns are
 * compiled with stdlib `re`, whose `\w` and `\s` differ, so each family gets its own classes.
 */

export type Rule = readonly [RegExp, string];

export const S = `[${REGEX_SPACE}]`;
const WORD = `[${REGEX_WORD}]`;
export const END = '(?=\\n?$)'; // Python `$`: the end, or before a final newline
/** `\b` of a class (JS's own `\b` is ASCII-only). */
const boundary = (w: string): string => `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
const B = boundary(WORD);
const RE_B = boundary(`[${RE_WORD}]`);

export const rule = (source: string, replacement: string, flags = 'gu'): Rule => [new RegExp(source, flags), replacement];

const STARTING_QUOTES: readonly Rule[] = [
  rule('([«“‘„]|[`]+)', ' $1 '),
  rule('^"', '``', 'u'),
  rule('(``)', ' $1 '),
  rule(`([ ([{<])("|'{2})`, '$1 `` '),
  rule(`(?<!${WORD})(')(?!(?:re|ve|ll|m|t|s|d|n)${B})(?=${WORD})`, '$1 ', 'giu'),
];

const PUNCTUATION: readonly Rule[] = [
  // nltk's `[...]*+` is possessive; a lookahead capture plus backreference is JS's atomic group.
  rule(`([^.])(\\.)(?=([\\])}>"'»”’ ]*))\\3${S}*${END}`, '$1 $2 $3 '),
  rule(`([:,])([^${REGEX_DIGIT}])`, ' $1 $2'),
  rule(`([:,])${END}`, ' $1 '),
  rule('\\.{2,}', ' $& '),
  rule('[;@#$%&]', ' $& '),
  rule('[\\u2012-\\u2015]', ' $& '),
  rule(`([^.])(\\.)([\\])}>"']*)${S}*${END}`, '$1 $2$3 '),
  rule('[?!]', ' $& '),
  rule("([^'])' ", "$1 ' "),
  rule('[*]', ' $& '),
];

export const PARENS_BRACKETS = rule('[\\][(){}<>]', ' $& ');
export const DOUBLE_DASHES = rule('--', ' -- ');

const ENDING_QUOTES: readonly Rule[] = [
  rule('([»”’])', ' $1 '),
  rule("''", " '' "),
  rule('"', " '' "),
  rule(`${S}+`, ' '),
  rule("([^' ])('[sS]|'[mM]|'[dD]|') ", '$1 $2 '),
  rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", '$1 $2 '),
];

const contraction = (source: string): Rule => rule(source, ' $1 $2 ', 'giu');
export const CONTRACTIONS: readonly Rule[] = [
  contraction(`${RE_B}(can)(not)${RE_B}`),
  contraction(`${RE_B}(d)('ye)${RE_B}`),
  contraction(`${RE_B}(gim)(me)${RE_B}`),
  contraction(`${RE_B}(gon)(na)${RE_B}`),
  contraction(`${RE_B}(got)(ta)${RE_B}`),
  contraction(`${RE_B}(lem)(me)${RE_B}`),
  contraction(`${RE_B}(more)('n)${RE_B}`),
  contraction(`${RE_B}(wan)(na)(?=[${RE_SPACE}])`),
  contraction(` ('t)(is)${RE_B}`),
  contraction(` ('t)(was)${RE_B}`),
];

export function applyRules(text: string, rules: readonly Rule[]): string {
  return rules.reduce((t, [re, replacement]) => t.replace(re, replacement), text);
}

/** NLTKWordTokenizer().tokenize(sentence) without parenthesis conversion. */
export function treebankWordTokenize(sentence: string): string[] {
  let text = applyRules(sentence, STARTING_QUOTES);
  text = applyRules(text, PUNCTUATION);
  text = applyRules(text, [PARENS_BRACKETS, DOUBLE_DASHES]);
  text = applyRules(` ${text} `, ENDING_QUOTES);
  text = applyRules(text, CONTRACTIONS);
  return pySplitWhitespace(text);
}

/** nltk `word_tokenize(text)`: English Punkt sentences, then the Treebank-style word rules. */
export function wordTokenize(text: string): string[] {
  return sentTokenize(text).flatMap(treebankWordTokenize);
}
