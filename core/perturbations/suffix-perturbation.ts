import { z } from 'zod';
import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';

/** HELM's `SuffixPerturbation` (text-to-image styles): `"<text>, <suffix>"`. */
export const SUFFIX_PERTURBATION = 'helm.benchmark.augmentations.suffix_perturbation.SuffixPerturbation';

export const suffixPerturbation: PerturbationFactory = (args) => {
  const { suffix } = parsePerturbationArgs(SUFFIX_PERTURBATION, { suffix: z.string() }, args);
  return textPerturbation({
    name: 'style',
    description: describePerturbation('style', {}, { suffix }),
    perturb: (text) => `${text}, ${suffix}`,
  });
};
