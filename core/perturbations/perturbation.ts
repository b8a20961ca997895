import type { ObjectSpec } from '../run-specs/schemas';
import { Registry } from '../registry';
import type { Instance, PerturbationDescription } from '../scenarios/schemas';

/**
 * HELM's `Perturbation`: rewrites an instance's text (input, and references where the class says
 * so) and stamps it with a `PerturbationDescription`. `seed` is HELM's per-instance seed (null when
 * the data augmenter gives none), so a perturbation is a pure function of its arguments.
 */
export interface Perturbation {
  readonly name: string;
  readonly description: PerturbationDescription;
  apply(instance: Instance, seed: number | null): Instance;
}

/** Builds a perturbation from its `PerturbationSpec.args` (Python keyword arguments). */
export type PerturbationFactory = (args: ObjectSpec['args']) => Perturbation;

/** Perturbation classes by HELM class name (`DataAugmenterSpec.perturbation_specs[].class_name`). */
export const perturbationRegistry = new Registry<PerturbationFactory>('perturbation class');

/** Registers a perturbation class; `source` names who registered it (a plugin's module) in messages. */
export function registerPerturbation(className: string, factory: PerturbationFactory, source?: string): void {
  perturbationRegistry.register(className, factory, source);
}
