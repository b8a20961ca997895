import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';
import { pyLower } from './python-text';

/** HELM's `LowerCasePerturbation`: the input lowercased. */
export const LOWERCASE_PERTURBATION = 'helm.benchmark.augmentations.lowercase_perturbation.LowerCasePerturbation';

export const lowerCasePerturbation: PerturbationFactory = (args) => {
  parsePerturbationArgs(LOWERCASE_PERTURBATION, {}, args);
  return textPerturbation({
    name: 'lowercase',
    description: describePerturbation('lowercase', { robustness: true }),
    perturb: pyLower,
  });
};
