import { PyNumber, pyFloat } from '../common/py-number';
import { ASCII_PUNCTUATION, PY_WORD_CHAR, pySplitWhitespace, pyStrip } from './py-text';
import { mathEquiv, mathEquivChainOfThought } from './math-equiv';
import { rougeL, rougeN } from './rouge';
import { sentenceBleu } from './bleu';
import { wordTokenize } from './word-tokenize';

/**
 * HELM's reference-scoring functions (`evaluate_reference_metrics.py`), gold first, prediction
 * second. Scores keep Python's types: the exact-match family returns the ints 1/0, set metrics
 * return floats. A prediction may be null when an output mapping has no entry for it.
 */
export type ScoreFunction = (gold: string, pred: string | null) => PyNumber;

const PUNCTUATION = new Set(ASCII_PUNCTUATION);
const ARTICLES = new RegExp(`(?<!${PY_WORD_CHAR})(?:a|an|the)(?!${PY_WORD_CHAR})`, 'gu');

/** Lower-case, drop ASCII punctuation, drop articles (optional), collapse whitespace. */
export function normalizeText(text: string, removeArticles = true): string {
  let out = [...text.toLowerCase()].filter((ch) => !PUNCTUATION.has(ch)).join('');
  if (removeArticles) out = out.replace(ARTICLES, ' ');
  return pySplitWhitespace(out).join(' ');
}

/** Python truthiness of the prediction (`not pred`). */
function empty(pred: string | null): pred is null | '' {
  return pred === null || pred === '';
}

function requireText(pred: string | null, fn: string): string {
  // Python would raise on None.strip()/split() here; say so instead of scoring silently.
  if (pred === null) throw new TypeError(`${fn}: prediction is None`);
  return pred;
}

export function exactMatch(gold: string, pred: string | null): PyNumber {
  if (empty(pred)) return 0;
  return pyStrip(gold) === pyStrip(pred) ? 1 : 0;
}

export function quasiExactMatch(gold: string, pred: string | null): PyNumber {
  if (empty(pred)) return 0;
  return normalizeText(gold) === normalizeText(pred) ? 1 : 0;
}

export function quasiLeaveArticlesExactMatch(gold: string, pred: string | null): PyNumber {
  if (empty(pred)) return 0;
  return normalizeText(gold, false) === normalizeText(pred, false) ? 1 : 0;
}

export function prefixExactMatch(gold: string, pred: string | null): PyNumber {
  if (empty(pred)) return 0;
  return pyStrip(pred).startsWith(pyStrip(gold)) ? 1 : 0;
}

export function quasiPrefixExactMatch(gold: string, pred: string | null): PyNumber {
  if (empty(pred)) return 0;
  return normalizeText(pred).startsWith(normalizeText(gold)) ? 1 : 0;
}

/** Exact match on the text after the last `indicator` (default a single space). */
export function exactMatchIndicator(gold: string, pred: string | null, indicator = ' '): PyNumber {
  const p = requireText(pred, 'exact_match_indicator').split(indicator);
  const g = gold.split(indicator);
  return exactMatch(pyStrip(g[g.length - 1]), pyStrip(p[p.length - 1]));
}

// Python `\d` is any Unicode decimal digit; the unescaped `.` is deliberate (HELM's pattern).
const FINAL_NUMBER = /-?[\p{Nd},]+(?:.\p{Nd}+)?/gu;

function finalNumber(text: string): string {
  const matches = text.match(FINAL_NUMBER);
  if (matches === null) return '';
  return matches[matches.length - 1].split(',').join('');
}

export function finalNumberExactMatch(gold: string, pred: string | null): PyNumber {
  return exactMatch(finalNumber(gold), finalNumber(requireText(pred, 'final_number_exact_match')));
}

/** nltk `f_measure` over token *sets* of the normalised texts; 0.0 when either set is empty. */
export function f1Score(gold: string, pred: string | null): PyNumber {
  const g = new Set(pySplitWhitespace(normalizeText(gold)));
  const h = new Set(pySplitWhitespace(normalizeText(requireText(pred, 'f1_score'))));
  if (g.size === 0 || h.size === 0) return pyFloat(0);
  const common = [...h].filter((t) => g.has(t)).length;
  const precision = common / h.size;
  const recall = common / g.size;
  if (precision === 0 || recall === 0) return 0;
  // nltk: 1.0 / (alpha / p + (1 - alpha) / r) with alpha = 0.5
  return pyFloat(1.0 / (0.5 / precision + 0.5 / recall));
}

function extractSet(text: string): Set<string> {
  if (text === 'Nothing.') return new Set();
  const parts = text.split('.').join('').split(' is ');
  return new Set(parts[parts.length - 1].split(' and '));
}

function goldPredSets(gold: string, pred: string | null): [Set<string>, Set<string>] {
  return [extractSet(gold), extractSet(requireText(pred, 'set match').split('\n')[0])];
}

function setsEqual(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

export function exactSetMatch(gold: string, pred: string | null): PyNumber {
  const [g, p] = goldPredSets(gold, pred);
  return pyFloat(setsEqual(g, p) ? 1 : 0);
}

export function iouSetMatch(gold: string, pred: string | null): PyNumber {
  const [g, p] = goldPredSets(gold, pred);
  if (g.size === 0) return pyFloat(setsEqual(g, p) ? 1 : 0);
  const inter = [...g].filter((x) => p.has(x)).length;
  const union = new Set([...g, ...p]).size;
  return pyFloat(inter / union);
}

export function f1SetMatch(gold: string, pred: string | null): PyNumber {
  const [g, p] = goldPredSets(gold, pred);
  if (g.size === 0) return pyFloat(setsEqual(g, p) ? 1 : 0);
  const inter = [...g].filter((x) => p.has(x)).length;
  return pyFloat((2 * inter) / (g.size + p.size));
}

const ND = /^\p{Nd}$/u;

/** Value of a Unicode decimal digit: Nd characters come in consecutive runs of whole 0-9 blocks. */
function digitValue(ch: string): number {
  let cp = ch.codePointAt(0) ?? 0;
  let offset = 0;
  while (ND.test(String.fromCodePoint(cp - 1))) {
    cp -= 1;
    offset += 1;
  }
  return offset % 10;
}

/** Python `int(text)` after removing commas, or the float 0.0 when unparsable. */
function maybeInt(text: string): PyNumber {
  const cleaned = pyStrip(text.split(',').join(''));
  // int() accepts an optional sign, Unicode decimal digits and single underscores between digits.
  const match = /^([+-]?)(\p{Nd}+(?:_\p{Nd}+)*)$/u.exec(cleaned);
  if (match === null) return pyFloat(0);
  const digits = [...match[2].replace(/_/g, '')].map(digitValue).join('');
  const value = Number(digits);
  return match[1] === '-' ? -value : value;
}

export function absoluteValueDifference(gold: string, pred: string | null): PyNumber {
  const g = maybeInt(gold);
  const p = maybeInt(requireText(pred, 'absolute_value_difference'));
  const diff = Math.abs((typeof g === 'number' ? g : g.py_float) - (typeof p === 'number' ? p : p.py_float));
  const isFloat = typeof g !== 'number' || typeof p !== 'number';
  return isFloat ? pyFloat(diff) : diff;
}

/** Scoring functions by HELM metric name (those implemented here). */
export const SCORE_FUNCTIONS: Readonly<Record<string, ScoreFunction>> = {
  exact_match: exactMatch,
  quasi_exact_match: quasiExactMatch,
  quasi_leave_articles_exact_match: quasiLeaveArticlesExactMatch,
  prefix_exact_match: prefixExactMatch,
  quasi_prefix_exact_match: quasiPrefixExactMatch,
  exact_match_indicator: (g, p) => exactMatchIndicator(g, p),
  final_number_exact_match: finalNumberExactMatch,
  exact_set_match: exactSetMatch,
  iou_set_match: iouSetMatch,
  f1_set_match: f1SetMatch,
  f1_score: f1Score,
  absolute_value_difference: absoluteValueDifference,
  rouge_1: (g, p) => rougeN(g, requireText(p, 'rouge_1'), 1),
  rouge_2: (g, p) => rougeN(g, requireText(p, 'rouge_2'), 2),
  rouge_l: (g, p) => rougeL(g, requireText(p, 'rouge_l')),
  math_equiv: mathEquiv,
  math_equiv_chain_of_thought: mathEquivChainOfThought,
  bleu_1: (g, p) => sentenceBleu(wordTokenize(g), wordTokenize(requireText(p, 'bleu_1')), [1, 0, 0, 0]),
  bleu_4: (g, p) => sentenceBleu(wordTokenize(g), wordTokenize(requireText(p, 'bleu_4')), [0, 0, 0, 1]),
};

/** Names HELM knows but this port does not compute yet (they need nltk/rouge/code execution...). */
export const UNSUPPORTED_SCORE_NAMES: readonly string[] = [
  'code_eval_acc', 'pass', 'cider', 'chinese_bleu_1', 'chinese_rouge_1', 'chinese_rouge_2',
  'cleva_math_result_match', 'wer_score', 'mer_score', 'wip_score', 'cer_score', 'chinese_wer_score',
  'chinese_mer_score', 'chinese_wip_score', 'chinese_cer_score',
];
