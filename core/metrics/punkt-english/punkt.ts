import { isPyWhitespace, pyStrip } from '../py-text';
import { ABBREV_TYPES, COLLOCATIONS, ORTHO_CONTEXT, SENT_STARTERS } from './parameters';
import { PY_LOWER, PY_UPPER, REGEX_DIGIT, REGEX_SPACE, REGEX_WORD } from './python-classes';

/**
 * nltk 3.10 `PunktTokenizer('english').tokenize(text)` (what `sent_tokenize` runs): candidate
 * sentence ends found by regex, each decided from the word before and the token after it with the
 * English parameters, then closing quotes/brackets realigned onto the sentence they end.
 * nltk compiles these patterns with the `regex` module, so `\s`, `\w`, `\d` are its classes.
 */

const S = `[${REGEX_SPACE}]`;
const NS = `[^${REGEX_SPACE}]`;
const WORD = `[${REGEX_WORD}]`;
const DIGIT = `[${REGEX_DIGIT}]`;
/** Python's `$` without MULTILINE: the end, or just before a final newline. */
const END = '(?=\\n?$)';

const NON_WORD = `(?:[)";}\\]*:@'({[\\u2018\\u2019\\u201c\\u201d\\xab\\xbb?!])`;
const MULTI_CHAR = `(?:-{2,}|\\.{2,}|(?:\\.${S}){2,}\\.)`;
const WORD_START = '[^("`{\\[:;&#*@)}\\]\\-,]';
const WORD_TOKENIZER = new RegExp(
  `${MULTI_CHAR}|(?=${WORD_START})${NS}+?(?=${S}|${END}|${NON_WORD}|${MULTI_CHAR}|,(?=${END}|${S}|${NON_WORD}|${MULTI_CHAR}))|${NS}`,
  'gu',
);
const PERIOD_CONTEXT = new RegExp(`[.?!](?=(?<after_tok>${NON_WORD}|${S}+(?<next_tok>${NS}+)))`, 'gu');
// MULTILINE `$`: before any newline or at the end; `.match` anchors at the start.
const BOUNDARY_REALIGNMENT = new RegExp(
  `^["')\\]}\\u2018\\u2019\\u201c\\u201d\\xab\\xbb]+?(?:${S}+|(?=--)|(?=\\n|(?![\\s\\S])))`,
  'u',
);

const RE_ELLIPSIS = new RegExp(`^\\.\\.+${END}`, 'u');
const RE_NUMERIC = new RegExp(`^-?[.,]?${DIGIT}[${REGEX_DIGIT},.\\-]*\\.?${END}`, 'u');
const RE_INITIAL = new RegExp(`^(?!${DIGIT})${WORD}\\.${END}`, 'u');
const FIRST_UPPER = new RegExp(`^[${PY_UPPER}]`, 'u');
const FIRST_LOWER = new RegExp(`^[${PY_LOWER}]`, 'u');

const ORTHO_BEG_UC = 1 << 1;
const ORTHO_MID_UC = 1 << 2;
const ORTHO_UNK_UC = 1 << 3;
const ORTHO_BEG_LC = 1 << 4;
const ORTHO_MID_LC = 1 << 5;
const ORTHO_UNK_LC = 1 << 6;
const ORTHO_UC = ORTHO_BEG_UC + ORTHO_MID_UC + ORTHO_UNK_UC;
const ORTHO_LC = ORTHO_BEG_LC + ORTHO_MID_LC + ORTHO_UNK_LC;

const SENT_END_CHARS = new Set(['.', '?', '!']);
const PUNCTUATION = new Set([';', ':', ',', '.', '!', '?']);
/** `string.whitespace`, which the last-whitespace search uses (not `str.isspace`). */
const ASCII_WHITESPACE = new Set([' ', '\t', '\n', '\r', '\x0b', '\x0c']);

const abbrevTypes = new Set(ABBREV_TYPES);
const sentStarters = new Set(SENT_STARTERS);
const collocations = new Set(COLLOCATIONS.map(([a, b]) => `${a}\t${b}`));
const orthoContext = new Map<string, number>();
for (let i = 0; i < ORTHO_CONTEXT.length; i += 2) orthoContext.set(String(ORTHO_CONTEXT[i]), Number(ORTHO_CONTEXT[i + 1]));

/** nltk's PunktToken: the token, its case-normalised type and the annotations of both passes. */
interface Token {
  tok: string;
  type: string;
  periodFinal: boolean;
  sentbreak: boolean;
  abbr: boolean;
  ellipsis: boolean;
}

function makeToken(tok: string): Token {
  const type = tok.toLowerCase().replace(RE_NUMERIC, '##number##');
  return { tok, type, periodFinal: tok.endsWith('.'), sentbreak: false, abbr: false, ellipsis: false };
}

function typeNoPeriod(t: Token): string {
  return t.type.length > 1 && t.type.endsWith('.') ? t.type.slice(0, -1) : t.type;
}

function typeNoSentperiod(t: Token): string {
  return t.sentbreak ? typeNoPeriod(t) : t.type;
}

function ortho(type: string): number {
  return orthoContext.get(type) ?? 0;
}

/** Punkt's word segmentation, line by line (blank lines only mark paragraphs, unused here). */
function tokenizeWords(text: string): Token[] {
  const tokens: Token[] = [];
  for (const line of text.split('\n')) {
    if (pyStrip(line) === '') continue;
    for (const m of line.matchAll(WORD_TOKENIZER)) tokens.push(makeToken(m[0]));
  }
  return tokens;
}

function firstPass(t: Token): void {
  const tok = t.tok;
  if (SENT_END_CHARS.has(tok)) t.sentbreak = true;
  else if (RE_ELLIPSIS.test(tok)) t.ellipsis = true;
  else if (t.periodFinal && !tok.endsWith('..')) {
    const stem = tok.slice(0, -1).toLowerCase();
    const parts = stem.split('-');
    if (abbrevTypes.has(stem) || abbrevTypes.has(parts[parts.length - 1])) t.abbr = true;
    else t.sentbreak = true;
  }
}

/** Whether `t` starts a sentence judging by case: true, false or 'unknown'. */
function orthoHeuristic(t: Token): boolean | 'unknown' {
  if (PUNCTUATION.has(t.tok)) return false;
  const context = ortho(typeNoSentperiod(t));
  if (FIRST_UPPER.test(t.tok) && context & ORTHO_LC && !(context & ORTHO_MID_UC)) return true;
  if (FIRST_LOWER.test(t.tok) && (context & ORTHO_UC || !(context & ORTHO_BEG_LC))) return false;
  return 'unknown';
}

function secondPass(t1: Token, t2: Token): void {
  if (!t1.periodFinal) return;
  const typ = typeNoPeriod(t1);
  const nextTyp = typeNoSentperiod(t2);
  const isInitial = RE_INITIAL.test(t1.tok);
  if (collocations.has(`${typ}\t${nextTyp}`)) {
    t1.sentbreak = false;
    t1.abbr = true;
    return;
  }
  if ((t1.abbr || t1.ellipsis) && !isInitial) {
    if (orthoHeuristic(t2) === true) {
      t1.sentbreak = true;
      return;
    }
    if (FIRST_UPPER.test(t2.tok) && sentStarters.has(nextTyp)) {
      t1.sentbreak = true;
      return;
    }
  }
  if (isInitial || typ === '##number##') {
    const starter = orthoHeuristic(t2);
    if (starter === false) {
      t1.sentbreak = false;
      t1.abbr = true;
      return;
    }
    if (starter === 'unknown' && isInitial && FIRST_UPPER.test(t2.tok) && !(ortho(nextTyp) & ORTHO_LC)) {
      t1.sentbreak = false;
      t1.abbr = true;
    }
  }
}

/** True when a token other than the last one is annotated as a sentence break. */
function textContainsSentbreak(text: string): boolean {
  const tokens = tokenizeWords(text);
  tokens.forEach(firstPass);
  for (let i = 0; i < tokens.length; i++) {
    // The second pass on a pair only changes its first token, so running it in order is nltk's lazy pipeline.
    if (i + 1 < tokens.length) secondPass(tokens[i], tokens[i + 1]);
    if (tokens[i].sentbreak) return i + 1 < tokens.length;
  }
  return false;
}

function lastWhitespaceIndex(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (ASCII_WHITESPACE.has(text[i])) return i;
  return 0;
}

interface Candidate {
  /** Offsets of the sentence-ending character. */
  start: number;
  end: number;
  /** Start of the following token, or null when punctuation follows directly. */
  nextTokStart: number | null;
  context: string;
}

/** Each candidate end with the text nltk decides it on: the word before, the end, what follows. */
function potentialEndContexts(text: string): Candidate[] {
  const out: Candidate[] = [];
  let prevStart = 0;
  let prevStop = 0;
  let prev: RegExpMatchArray | null = null;
  const emit = (m: RegExpMatchArray, sliceStart: number, sliceStop: number): void => {
    const start = m.index ?? 0;
    const after = m.groups?.after_tok ?? '';
    const next = m.groups?.next_tok;
    out.push({
      start,
      end: start + m[0].length,
      nextTokStart: next ? start + m[0].length + after.length - next.length : null,
      context: text.slice(sliceStart, sliceStop) + m[0] + after,
    });
  };
  for (const m of text.matchAll(PERIOD_CONTEXT)) {
    const start = m.index ?? 0;
    let wordStart = lastWhitespaceIndex(text.slice(prevStop, start));
    // nltk treats a whitespace at offset 0 like none found (its index is falsy).
    wordStart = wordStart ? wordStart + prevStop + 1 : prevStart;
    if (prev !== null && prevStop <= wordStart) emit(prev, prevStart, prevStop);
    prev = m;
    prevStart = wordStart;
    prevStop = start;
  }
  if (prev !== null) emit(prev, prevStart, prevStop);
  return out;
}

function pyRstripLength(text: string): number {
  let end = text.length;
  while (end > 0 && isPyWhitespace(text[end - 1])) end--;
  return end;
}

function slicesFromText(text: string): [number, number][] {
  const slices: [number, number][] = [];
  let lastBreak = 0;
  for (const c of potentialEndContexts(text)) {
    if (!textContainsSentbreak(c.context)) continue;
    slices.push([lastBreak, c.end]);
    lastBreak = c.nextTokStart ?? c.end;
  }
  slices.push([lastBreak, pyRstripLength(text)]);
  return slices;
}

function realignBoundaries(text: string, slices: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let realign = 0;
  for (let i = 0; i < slices.length; i++) {
    const s1: [number, number] = [slices[i][0] + realign, slices[i][1]];
    if (i + 1 === slices.length) {
      if (text.slice(...s1) !== '') out.push(s1);
      continue;
    }
    const s2 = slices[i + 1];
    const m = BOUNDARY_REALIGNMENT.exec(text.slice(...s2));
    if (m !== null) {
      out.push([s1[0], s2[0] + pyRstripLength(m[0])]);
      realign = m[0].length;
    } else {
      realign = 0;
      if (text.slice(...s1) !== '') out.push(s1);
    }
  }
  return out;
}

/** nltk `sent_tokenize(text, language='english')`. */
export function sentTokenize(text: string): string[] {
  return realignBoundaries(text, slicesFromText(text)).map(([s, e]) => text.slice(s, e));
}
