import { contract } from './contraction-expansion-perturbation';
import { Misspellings } from './misspelling-perturbation';
import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';
import { pyLower } from './python-text';
import { perturbSpaces } from './space-perturbation';

/**
 * HELM's `MildMixPerturbation` (the `robustness` preset): lowercase, contractions, misspellings
 * (p=0.1) and spaces (1–3), in that order with one generator; references untouched.
 */
export const MILD_MIX_PERTURBATION = 'helm.benchmark.augmentations.mild_mix_perturbation.MildMixPerturbation';

export const mildMixPerturbation: PerturbationFactory = (args) => {
  parsePerturbationArgs(MILD_MIX_PERTURBATION, {}, args);
  const misspellings = Misspellings.load();
  return textPerturbation({
    name: 'mild_mix',
    description: describePerturbation('mild_mix', { robustness: true }),
    perturb: (text, rng) => perturbSpaces(misspellings.perturb(contract(pyLower(text)), 0.1, rng), 3, rng),
  });
};
