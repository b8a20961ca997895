import { HelmInputError } from '../common/errors';
import type { PerturbationFactory } from './perturbation';

/** HELM's `SynonymPerturbation` (the `synonym` and `robustness_all` presets). */
export const SYNONYM_PERTURBATION = 'helm.benchmark.augmentations.synonym_perturbation.SynonymPerturbation';

/**
 * Not reproducible here: HELM picks the words to replace from the part-of-speech tags and the
 * tokenization of spaCy's `en_core_web_sm` model (a trained neural tagger), so no TypeScript
 * tagger would choose the same words. Asking for it is an input error that says so.
 */
export const synonymPerturbation: PerturbationFactory = () => {
  throw new HelmInputError(
    'SynonymPerturbation (data_augmentation=synonym, robustness_all) is not supported by helm-ts: HELM chooses ' +
      "the words to replace with spaCy's en_core_web_sm part-of-speech tagger, a trained model helm-ts does not run, " +
      'so its output could not match HELM. Use the other robustness presets (robustness, typo_*, misspelling_*, ...).',
  );
};
