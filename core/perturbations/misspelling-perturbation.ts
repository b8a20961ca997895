import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PyNumber, toNumber } from '../common/py-number';
import type { PythonRandom } from '../common/python-random';
import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';
import { PY_WORD_END, PY_WORD_START, matchCase } from './python-text';

/** HELM's `MisspellingPerturbation`: words replaced by common misspellings, with probability `prob`. */
export const MISSPELLING_PERTURBATION = 'helm.benchmark.augmentations.misspelling_perturbation.MisspellingPerturbation';

/** HELM's bundled word list (data/README.md), loaded once and kept in file order. */
export class Misspellings {
  private static loaded: Misspellings | undefined;
  private readonly pattern: RegExp;

  private constructor(private readonly correctToMisspelling: ReadonlyMap<string, readonly string[]>) {
    // HELM joins the keys unescaped into `\b(...)\b` (case-sensitive); they hold no regex syntax.
    this.pattern = new RegExp(`${PY_WORD_START}(${[...correctToMisspelling.keys()].join('|')})${PY_WORD_END}`, 'gu');
  }

  static load(): Misspellings {
    if (Misspellings.loaded === undefined) {
      const file = path.join(__dirname, 'data', 'correct_to_misspelling.json');
      // No key is an integer-like string, so JSON.parse keeps the file's key order (Python's).
      const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>;
      Misspellings.loaded = new Misspellings(new Map(Object.entries(json)));
    }
    return Misspellings.loaded;
  }

  /** Each listed word, with probability `prob` (<), becomes one of its misspellings, case matched. */
  perturb(text: string, prob: number, rng: PythonRandom): string {
    return text.replace(this.pattern, (_whole, word: string) => {
      if (rng.random() < prob) {
        const misspelled = rng.choice(this.correctToMisspelling.get(word) ?? []);
        return matchCase(word, misspelled);
      }
      return word;
    });
  }
}

export const misspellingPerturbation: PerturbationFactory = (args) => {
  const { prob } = parsePerturbationArgs(MISSPELLING_PERTURBATION, { prob: PyNumber }, args);
  const misspellings = Misspellings.load();
  return textPerturbation({
    name: 'misspellings',
    description: describePerturbation('misspellings', { robustness: true }, { prob }),
    perturb: (text, rng) => misspellings.perturb(text, toNumber(prob), rng),
  });
};
