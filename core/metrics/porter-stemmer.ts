/**
 * The Porter stemmer as nltk's `PorterStemmer()` runs it by default (mode NLTK_EXTENSIONS), which
 * is what rouge-score uses with `use_stemmer=True`. Input is expected lower-case (rouge-score
 * lower-cases first); the word is lower-cased again like nltk does.
 */

/** Irregular forms nltk maps directly (NLTK_EXTENSIONS only). */
const IRREGULAR: Readonly<Record<string, string>> = {
  sky: 'sky', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', news: 'news',
  innings: 'inning', inning: 'inning', outings: 'outing', outing: 'outing',
  cannings: 'canning', canning: 'canning', howe: 'howe', proceed: 'proceed', exceed: 'exceed',
  succeed: 'succeed',
};

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

/** Consonant flags: a `y` is a consonant at the start or after a vowel. */
function consonantFlags(word: string): boolean[] {
  const flags: boolean[] = [];
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (VOWELS.has(ch)) flags.push(false);
    else if (ch === 'y') flags.push(i === 0 ? true : !flags[i - 1]);
    else flags.push(true);
  }
  return flags;
}

function isConsonant(word: string, i: number): boolean {
  return consonantFlags(word)[i];
}

/** m in [C](VC){m}[V]: the number of vowel→consonant transitions. */
function measure(stem: string): number {
  const flags = consonantFlags(stem);
  let m = 0;
  for (let i = 1; i < flags.length; i++) if (!flags[i - 1] && flags[i]) m++;
  return m;
}

const positiveMeasure = (stem: string): boolean => measure(stem) > 0;
const measureAbove1 = (stem: string): boolean => measure(stem) > 1;

function containsVowel(stem: string): boolean {
  return consonantFlags(stem).some((c) => !c);
}

function endsDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

/** Condition *o (cvc, last not w/x/y), plus nltk's two-letter vc case. */
function endsCvc(word: string): boolean {
  const n = word.length;
  const f = consonantFlags(word);
  return (
    (n >= 3 && f[n - 3] && !f[n - 2] && f[n - 1] && !['w', 'x', 'y'].includes(word[n - 1])) ||
    (n === 2 && !f[0] && f[1])
  );
}

/** `[suffix, replacement, condition]`; suffix `*d` means "ends with a double consonant". */
type Rule = readonly [string, string, ((stem: string) => boolean) | null];

/** The first rule whose suffix matches decides: applied if its condition holds, else no change. */
function applyRules(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === '*d' && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  if (word.endsWith('ies') && word.length === 4) return word.slice(0, -3) + 'ie';
  return applyRules(word, [['sses', 'ss', null], ['ies', 'i', null], ['ss', 'ss', null], ['s', '', null]]);
}

function step1b(word: string): string {
  if (word.endsWith('ied')) return word.slice(0, -3) + (word.length === 4 ? 'ie' : 'i');
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? stem + 'ee' : word;
  }
  let stem: string | undefined;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix)) {
      const candidate = word.slice(0, word.length - suffix.length);
      if (containsVowel(candidate)) {
        stem = candidate;
        break;
      }
    }
  }
  if (stem === undefined) return word;
  const last = stem[stem.length - 1];
  return applyRules(stem, [
    ['at', 'ate', null],
    ['bl', 'ble', null],
    ['iz', 'ize', null],
    ['*d', last, () => !['l', 's', 'z'].includes(last)],
    ['', 'e', (s) => measure(s) === 1 && endsCvc(s)],
  ]);
}

function step1c(word: string): string {
  return applyRules(word, [['y', 'i', (s) => s.length > 1 && isConsonant(s, s.length - 1)]]);
}

function step2(word: string): string {
  if (word.endsWith('alli') && positiveMeasure(word.slice(0, -4))) return step2(word.slice(0, -4) + 'al');
  const rules: Rule[] = [
    ['ational', 'ate', positiveMeasure], ['tional', 'tion', positiveMeasure], ['enci', 'ence', positiveMeasure],
    ['anci', 'ance', positiveMeasure], ['izer', 'ize', positiveMeasure], ['bli', 'ble', positiveMeasure],
    ['alli', 'al', positiveMeasure], ['entli', 'ent', positiveMeasure], ['eli', 'e', positiveMeasure],
    ['ousli', 'ous', positiveMeasure], ['ization', 'ize', positiveMeasure], ['ation', 'ate', positiveMeasure],
    ['ator', 'ate', positiveMeasure], ['alism', 'al', positiveMeasure], ['iveness', 'ive', positiveMeasure],
    ['fulness', 'ful', positiveMeasure], ['ousness', 'ous', positiveMeasure], ['aliti', 'al', positiveMeasure],
    ['iviti', 'ive', positiveMeasure], ['biliti', 'ble', positiveMeasure], ['fulli', 'ful', positiveMeasure],
    // nltk measures "logi" minus its last three letters, i.e. the stem plus "l".
    ['logi', 'log', () => positiveMeasure(word.slice(0, -3))],
  ];
  return applyRules(word, rules);
}

function step3(word: string): string {
  return applyRules(word, [
    ['icate', 'ic', positiveMeasure], ['ative', '', positiveMeasure], ['alize', 'al', positiveMeasure],
    ['iciti', 'ic', positiveMeasure], ['ical', 'ic', positiveMeasure], ['ful', '', positiveMeasure],
    ['ness', '', positiveMeasure],
  ]);
}

function step4(word: string): string {
  const rules: Rule[] = [
    'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent',
  ].map((s): Rule => [s, '', measureAbove1]);
  rules.push(['ion', '', (s) => measure(s) > 1 && ['s', 't'].includes(s[s.length - 1])]);
  for (const s of ['ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize']) rules.push([s, '', measureAbove1]);
  return applyRules(word, rules);
}

function step5a(word: string): string {
  if (!word.endsWith('e')) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  if (m > 1 || (m === 1 && !endsCvc(stem))) return stem;
  return word;
}

function step5b(word: string): string {
  return applyRules(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}

/** `PorterStemmer().stem(word)` (NLTK_EXTENSIONS). */
export function porterStem(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR[lower];
  if (Object.prototype.hasOwnProperty.call(IRREGULAR, lower) && irregular !== undefined) return irregular;
  if ([...word].length <= 2) return lower;
  return step5b(step5a(step4(step3(step2(step1c(step1b(step1a(lower))))))));
}
