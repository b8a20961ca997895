import type { Input, Instance } from '../scenarios/schemas';
import type { Perturbation } from './perturbation';

export interface AugmentOptions {
  /** Keep each original instance, in front of its perturbed copies. */
  includeOriginal: boolean;
  /** Drop a perturbed copy whose input the perturbation left unchanged. */
  skipUnchanged: boolean;
  /** Copies per perturbation: seed undefined for the first, then 1, 2, … */
  seedsPerInstance: number;
}

/** Python's `Input.__eq__`: every field compared by value. */
function sameInput(a: Input, b: Input): boolean {
  return (
    a.text === b.text &&
    JSON.stringify(a.multimedia_content ?? null) === JSON.stringify(b.multimedia_content ?? null) &&
    JSON.stringify(a.messages ?? null) === JSON.stringify(b.messages ?? null)
  );
}

/**
 * HELM's `DataAugmenter.generate`: each instance expands in place to [original?, then per
 * perturbation (in spec order) its copies per seed], unchanged copies dropped when asked.
 */
export function augmentInstances(
  instances: readonly Instance[],
  perturbations: readonly Perturbation[],
  options: AugmentOptions,
): Instance[] {
  const out: Instance[] = [];
  for (const instance of instances) {
    if (options.includeOriginal) out.push(instance);
    for (const perturbation of perturbations) {
      for (let i = 0; i < options.seedsPerInstance; i++) {
        const perturbed = perturbation.apply(instance, i === 0 ? undefined : i);
        if (options.skipUnchanged && sameInput(perturbed.input, instance.input)) continue;
        out.push(perturbed);
      }
    }
  }
  return out;
}
