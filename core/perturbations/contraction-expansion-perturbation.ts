import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';
import { PY_WORD_END, PY_WORD_START, matchCase } from './python-text';

/** HELM's `ContractionPerturbation` and `ExpansionPerturbation` (NL-Augmenter's contraction map). */
export const CONTRACTION_PERTURBATION =
  'helm.benchmark.augmentations.contraction_expansion_perturbation.ContractionPerturbation';
export const EXPANSION_PERTURBATION =
  'helm.benchmark.augmentations.contraction_expansion_perturbation.ExpansionPerturbation';

/** HELM's CONTRACTION_MAP, in its order (the order decides which alternative a regex tries first). */
const CONTRACTION_MAP: ReadonlyMap<string, string> = new Map([
  ["ain't", "is not"],
  ["aren't", "are not"],
  ["can't", "cannot"],
  ["can't've", "cannot have"],
  ["could've", "could have"],
  ["couldn't", "could not"],
  ["didn't", "did not"],
  ["doesn't", "does not"],
  ["don't", "do not"],
  ["hadn't", "had not"],
  ["hasn't", "has not"],
  ["haven't", "have not"],
  ["he'd", "he would"],
  ["he'd've", "he would have"],
  ["he'll", "he will"],
  ["he's", "he is"],
  ["how'd", "how did"],
  ["how'd'y", "how do you"],
  ["how'll", "how will"],
  ["how's", "how is"],
  ["I'd", "I would"],
  ["I'll", "I will"],
  ["I'm", "I am"],
  ["I've", "I have"],
  ["i'd", "i would"],
  ["i'll", "i will"],
  ["i'm", "i am"],
  ["i've", "i have"],
  ["isn't", "is not"],
  ["it'd", "it would"],
  ["it'll", "it will"],
  ["it's", "it is"],
  ["ma'am", "madam"],
  ["might've", "might have"],
  ["mightn't", "might not"],
  ["must've", "must have"],
  ["mustn't", "must not"],
  ["needn't", "need not"],
  ["oughtn't", "ought not"],
  ["shan't", "shall not"],
  ["she'd", "she would"],
  ["she'll", "she will"],
  ["she's", "she is"],
  ["should've", "should have"],
  ["shouldn't", "should not"],
  ["that'd", "that would"],
  ["that's", "that is"],
  ["there'd", "there would"],
  ["there's", "there is"],
  ["they'd", "they would"],
  ["they'll", "they will"],
  ["they're", "they are"],
  ["they've", "they have"],
  ["wasn't", "was not"],
  ["we'd", "we would"],
  ["we'll", "we will"],
  ["we're", "we are"],
  ["we've", "we have"],
  ["weren't", "were not"],
  ["what're", "what are"],
  ["what's", "what is"],
  ["when's", "when is"],
  ["where'd", "where did"],
  ["where's", "where is"],
  ["where've", "where have"],
  ["who'll", "who will"],
  ["who's", "who is"],
  ["who've", "who have"],
  ["why's", "why is"],
  ["won't", "will not"],
  ["would've", "would have"],
  ["wouldn't", "would not"],
  ["you'd", "you would"],
  ["you'd've", "you would have"],
  ["you'll", "you will"],
  ["you're", "you are"],
  ["you've", "you have"],
]);

/**
 * `{expansion: contraction}` as a Python dict comprehension builds it: a repeated expansion keeps
 * its first position and its last contraction ("is not" → "isn't", not "ain't").
 */
const REVERSE_CONTRACTION_MAP: ReadonlyMap<string, string> = (() => {
  const reverse = new Map<string, string>();
  for (const [contraction, expansion] of CONTRACTION_MAP) reverse.set(expansion, contraction);
  return reverse;
})();

// `\b(alternatives)\b ` with IGNORECASE|DOTALL; the keys hold no regex syntax characters.
const CONTRACTION_PATTERN = new RegExp(
  `${PY_WORD_START}(${[...REVERSE_CONTRACTION_MAP.keys()].join('|')})${PY_WORD_END} `,
  'giu',
);
const EXPANSION_PATTERN = new RegExp(`${PY_WORD_START}(${[...CONTRACTION_MAP.keys()].join('|')})${PY_WORD_END}`, 'giu');

/** Replaces expansions followed by a space with their contraction ("I am " → "I'm "). */
export function contract(text: string): string {
  return text.replace(CONTRACTION_PATTERN, (_whole, match: string) => {
    const contraction = REVERSE_CONTRACTION_MAP.get(match) ?? REVERSE_CONTRACTION_MAP.get(match.toLowerCase());
    return `${matchCase(match, String(contraction))} `;
  });
}

/** Replaces contractions with their expansion ("I'm" → "I am"). */
export function expand(text: string): string {
  return text.replace(EXPANSION_PATTERN, (match: string) => {
    const expansion = CONTRACTION_MAP.get(match) ?? CONTRACTION_MAP.get(match.toLowerCase());
    return matchCase(match, String(expansion));
  });
}

export const contractionPerturbation: PerturbationFactory = (args) => {
  parsePerturbationArgs(CONTRACTION_PERTURBATION, {}, args);
  return textPerturbation({
    name: 'contraction',
    description: describePerturbation('contraction', { robustness: true }),
    perturb: contract,
  });
};

export const expansionPerturbation: PerturbationFactory = (args) => {
  parsePerturbationArgs(EXPANSION_PERTURBATION, {}, args);
  return textPerturbation({
    name: 'expansion',
    description: describePerturbation('expansion', { robustness: true }),
    perturb: expand,
  });
};
