import { PyNumber, toNumber } from '../common/py-number';
import type { PythonRandom } from '../common/python-random';
import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';
import { pyLower, pyUpper } from './python-text';

/** HELM's `TyposPerturbation` (butter fingers): letters swapped for a neighbouring QWERTY key. */
export const TYPOS_PERTURBATION = 'helm.benchmark.augmentations.typos_perturbation.TyposPerturbation';

// HELM's distance-1 keyboard neighbours (its variant of NL-Augmenter's map), as data.
const KEY_APPROX: Record<string, string> = {
  q: 'was', w: 'qesad', e: 'wsdfr', r: 'edfgt', t: 'rfghy', y: 'tghju', u: 'yhjki', i: 'ujklo', o: 'iklp', p: 'ol',
  a: 'qwsz', s: 'weadzx', d: 'erfcxs', f: 'rtgvcd', g: 'tyhbvf', h: 'yujnbg', j: 'uikmnh', k: 'iolmj', l: 'opk',
  z: 'asx', x: 'sdcz', c: 'dfvx', v: 'fgbc', b: 'ghnv', n: 'hjmb', m: 'jkn',
};

/** Per code point: a mapped letter is replaced with probability `prob` (<); case is restored. */
export function typo(text: string, prob: number, rng: PythonRandom): string {
  let out = '';
  for (const letter of text) {
    const lower = pyLower(letter);
    let replacement = lower;
    const neighbours = Object.prototype.hasOwnProperty.call(KEY_APPROX, lower) ? KEY_APPROX[lower] : undefined;
    if (neighbours !== undefined && rng.random() < prob) replacement = rng.choice([...neighbours]);
    // HELM re-uppercases whatever changed under lower() (also non-letters such as 'İ').
    out += lower === letter ? replacement : pyUpper(replacement);
  }
  return out;
}

export const typosPerturbation: PerturbationFactory = (args) => {
  const { prob } = parsePerturbationArgs(TYPOS_PERTURBATION, { prob: PyNumber }, args);
  return textPerturbation({
    name: 'typos',
    description: describePerturbation('typos', { robustness: true }, { prob }),
    perturb: (text, rng) => typo(text, toNumber(prob), rng),
  });
};
