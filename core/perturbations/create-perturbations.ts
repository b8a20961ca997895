import type { ObjectSpec } from '../run-specs/schemas';
import './builtins';
import { perturbationRegistry, type Perturbation, type PerturbationContext } from './perturbation';

/** `create_perturbation` for each spec, in order (HELM builds them all, even when none is applied). */
export async function createPerturbations(
  specs: readonly ObjectSpec[],
  context: PerturbationContext,
): Promise<Perturbation[]> {
  const perturbations: Perturbation[] = [];
  for (const spec of specs) {
    const factory = perturbationRegistry.require(spec.class_name, ' (in data_augmenter_spec.perturbation_specs)');
    perturbations.push(await factory(spec.args, context));
  }
  return perturbations;
}
