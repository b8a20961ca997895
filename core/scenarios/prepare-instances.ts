import { NumpyRandomState } from '../common/numpy-random';
import { toNumber } from '../common/py-number';
import type { AdapterSpec, DataAugmenterSpec } from '../run-specs/schemas';
import { augmentInstances } from '../perturbations/data-augmenter';
import type { Perturbation } from '../perturbations/perturbation';
import type { Instance } from './schemas';

export const TRAIN_SPLIT = 'train';
export const EVAL_SPLITS: readonly string[] = ['valid', 'test'];

/** Rebuilds an instance in dataclass field order (so JSON key order survives adding an id). */
export function withId(instance: Instance, id: string): Instance {
  return {
    input: instance.input,
    references: instance.references,
    split: instance.split,
    sub_split: instance.sub_split,
    id,
    perturbation: instance.perturbation,
    contrast_inputs: instance.contrast_inputs,
    contrast_references: instance.contrast_references,
    extra_data: instance.extra_data,
  };
}

/** Runner step: if any instance lacks an id, every instance becomes `id<i>` by list position. */
export function assignIds(instances: readonly Instance[]): Instance[] {
  if (instances.every((instance) => instance.id !== undefined)) return [...instances];
  return instances.map((instance, i) => withId(instance, `id${i}`));
}

/**
 * Runner downsampling: all train instances, then (if more than `maxEvalInstances`) numpy seed-0
 * `choice(..., replace=False)` over the eval-split instances, kept in permutation order.
 */
export function downsampleEvalInstances(
  instances: readonly Instance[],
  maxEvalInstances: number,
  evalSplits: readonly string[] = EVAL_SPLITS,
): Instance[] {
  const train = instances.filter((instance) => instance.split === TRAIN_SPLIT);
  const pool = instances.filter((instance) => instance.split !== undefined && evalSplits.includes(instance.split));
  const chosen =
    pool.length > maxEvalInstances ? new NumpyRandomState(0).choiceWithoutReplacement(pool, maxEvalInstances) : pool;
  return [...train, ...chosen];
}

/**
 * `DataPreprocessor.preprocess`: train then eval (valid/test) instances, other splits dropped, each
 * group augmented with the run's perturbations when the spec asks for it. `perturbations` are
 * the spec's perturbation classes, built by `createPerturbations` (they may need data files).
 */
export function preprocessInstances(
  instances: readonly Instance[],
  augmenter: DataAugmenterSpec,
  perturbations: readonly Perturbation[] = [],
): Instance[] {
  if (perturbations.length !== augmenter.perturbation_specs.length) {
    throw new Error(
      `preprocessInstances got ${perturbations.length} perturbations for ${augmenter.perturbation_specs.length} specs; ` +
        'build them with createPerturbations(data_augmenter_spec.perturbation_specs)',
    );
  }
  const seedsPerInstance = augmenter.seeds_per_instance;
  let train = instances.filter((instance) => instance.split === TRAIN_SPLIT);
  if (augmenter.should_augment_train_instances) {
    train = augmentInstances(train, perturbations, {
      includeOriginal: augmenter.should_include_original_train,
      skipUnchanged: augmenter.should_skip_unchanged_train,
      seedsPerInstance,
    });
  }
  let evalInstances = instances.filter((instance) => instance.split !== undefined && EVAL_SPLITS.includes(instance.split));
  if (augmenter.should_augment_eval_instances) {
    evalInstances = augmentInstances(evalInstances, perturbations, {
      includeOriginal: augmenter.should_include_original_eval,
      skipUnchanged: augmenter.should_skip_unchanged_eval,
      seedsPerInstance,
    });
  }
  return [...train, ...evalInstances];
}

/** Runner steps 6–8 (ids, downsampling, preprocessing) on a scenario's instances. */
export function prepareInstances(
  instances: readonly Instance[],
  adapterSpec: AdapterSpec,
  augmenter: DataAugmenterSpec,
  perturbations: readonly Perturbation[] = [],
): Instance[] {
  let prepared = assignIds(instances);
  if (adapterSpec.max_eval_instances !== undefined) {
    const evalSplits = adapterSpec.eval_splits && adapterSpec.eval_splits.length > 0 ? adapterSpec.eval_splits : EVAL_SPLITS;
    prepared = downsampleEvalInstances(prepared, toNumber(adapterSpec.max_eval_instances), evalSplits);
  }
  return preprocessInstances(prepared, augmenter, perturbations);
}
