import {
  describePerturbation,
  parsePerturbationArgs,
  perturbationRng,
  replaceInstance,
  type PerturbationFactory,
} from './perturbation';

/**
 * HELM's `ContrastSetsPerturbation` (BoolQ, IMDB): the instance becomes one of its expert-written
 * contrast inputs, with its references, chosen by the seeded generator. Instances without contrast
 * sets come back unchanged (and the data augmenter then skips them).
 */
export const CONTRAST_SETS_PERTURBATION =
  'helm.benchmark.augmentations.contrast_sets_perturbation.ContrastSetsPerturbation';

export const contrastSetsPerturbation: PerturbationFactory = (args) => {
  parsePerturbationArgs(CONTRAST_SETS_PERTURBATION, {}, args);
  const description = describePerturbation('contrast_sets', { robustness: true });
  return {
    name: 'contrast_sets',
    description,
    apply(instance, seed) {
      const rng = perturbationRng(instance, seed);
      let input = instance.input;
      let references = instance.references;
      if (instance.contrast_inputs !== undefined && instance.contrast_references !== undefined) {
        // rng.choice(range(n)): one _randbelow(n), an error on an empty list as in Python.
        const index = rng.randbelow(instance.contrast_inputs.length);
        input = instance.contrast_inputs[index];
        references = instance.contrast_references[index];
      }
      return replaceInstance(instance, { input, references, perturbation: { ...description, seed } });
    },
  };
};
