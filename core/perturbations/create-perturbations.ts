import { HelmInputError } from '../common/errors';
import type { ObjectSpec } from '../run-specs/schemas';
import './builtins';
import { perturbationRegistry, type Perturbation, type PerturbationContext } from './perturbation';

const AUG = 'helm.benchmark.augmentations';

/** HELM perturbation modules helm-ts does not reproduce, and why (see README, Perturbations). */
const UNSUPPORTED_MODULES: Record<string, string> = {
  [`${AUG}.cleva_perturbation`]:
    'the CLEVA perturbations need Chinese word segmentation (jieba), OpenCC and word lists from CLEVA’s own server',
  [`${AUG}.translate_perturbation`]: 'TranslatePerturbation needs a machine translation service',
};

/** `create_perturbation` for each spec, in order (HELM builds them all, even when none is applied). */
export async function createPerturbations(
  specs: readonly ObjectSpec[],
  context: PerturbationContext,
): Promise<Perturbation[]> {
  const perturbations: Perturbation[] = [];
  for (const spec of specs) {
    const module = spec.class_name.slice(0, spec.class_name.lastIndexOf('.'));
    const why = UNSUPPORTED_MODULES[module];
    if (why !== undefined && !perturbationRegistry.has(spec.class_name)) {
      throw new HelmInputError(`Perturbation ${spec.class_name} is not supported by helm-ts: ${why}.`);
    }
    const factory = perturbationRegistry.require(spec.class_name, ' (in data_augmenter_spec.perturbation_specs)');
    perturbations.push(await factory(spec.args, context));
  }
  return perturbations;
}
