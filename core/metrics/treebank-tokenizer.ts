import { pySplitWhitespace } from './py-text';
import { REGEX_DIGIT } from './punkt-english/python-classes';
import { CONTRACTIONS, DOUBLE_DASHES, END, PARENS_BRACKETS, S, applyRules, rule, type Rule } from './word-tokenize';

/*
 * nltk 3.10's original `TreebankWordTokenizer` (which HELM's copyright metric uses), not the
 * improved NLTKWordTokenizer of word_tokenize: no Unicode quotes, no `'` opening-quote rule, only
 * `...` as an ellipsis, no whitespace collapse before the contraction rules. Its patterns go
 * through nltk.redos (the `regex` module's `\d` and `\s`), its contractions through stdlib `re`.
 */

const STARTING_QUOTES: readonly Rule[] = [rule('^"', '``', 'u'), rule('(``)', ' $1 '), rule(`([ ([{<])("|'{2})`, '$1 `` ')];

const PUNCTUATION: readonly Rule[] = [
  rule(`([:,])([^${REGEX_DIGIT}])`, ' $1 $2'),
  rule(`([:,])${END}`, ' $1 '),
  rule('\\.\\.\\.', ' ... '),
  rule('[;@#$%&]', ' $& '),
  rule(`([^.])(\\.)([\\])}>"']*)${S}*${END}`, '$1 $2$3 '),
  rule('[?!]', ' $& '),
  rule("([^'])' ", "$1 ' "),
];

const ENDING_QUOTES: readonly Rule[] = [
  rule("''", " '' "),
  rule('"', " '' "),
  rule("([^' ])('[sS]|'[mM]|'[dD]|') ", '$1 $2 '),
  rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", '$1 $2 '),
];

/** `TreebankWordTokenizer().tokenize(text)` (no parenthesis conversion). */
export function treebankClassicTokenize(text: string): string[] {
  let out = applyRules(text, STARTING_QUOTES);
  out = applyRules(out, PUNCTUATION);
  out = applyRules(out, [PARENS_BRACKETS, DOUBLE_DASHES]);
  out = applyRules(` ${out} `, ENDING_QUOTES);
  out = applyRules(out, CONTRACTIONS);
  return pySplitWhitespace(out);
}
