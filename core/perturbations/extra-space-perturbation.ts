import { PyNumber, toNumber } from '../common/py-number';
import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';
import { replaceAll } from './python-text';

/** HELM's `ExtraSpacePerturbation`: every space becomes `num_spaces` spaces. */
export const EXTRA_SPACE_PERTURBATION = 'helm.benchmark.augmentations.extra_space_perturbation.ExtraSpacePerturbation';

export const extraSpacePerturbation: PerturbationFactory = (args) => {
  const { num_spaces } = parsePerturbationArgs(EXTRA_SPACE_PERTURBATION, { num_spaces: PyNumber }, args);
  const spaces = ' '.repeat(Math.max(0, toNumber(num_spaces)));
  return textPerturbation({
    name: 'extra_space',
    description: describePerturbation('extra_space', { robustness: true }, { num_spaces }),
    perturb: (text) => replaceAll(text, ' ', spaces),
  });
};
