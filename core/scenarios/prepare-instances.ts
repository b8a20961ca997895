import { HelmInputError } from '../common/errors';
import { NumpyRandomState } from '../common/numpy-random';
import { toNumber } from '../common/py-number';
import type { AdapterSpec, DataAugmenterSpec } from '../run-specs/schemas';
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
 * `DataPreprocessor.preprocess`: train then eval (valid/test), other splits dropped. Perturbations
 * are not implemented: a spec that also keeps the originals (HELM's presets, e.g.
 * `data_augmentation=canonical`) runs on the originals only; one that would evaluate perturbed
 * instances alone is refused rather than silently evaluating something else.
 */
export function preprocessInstances(instances: readonly Instance[], augmenter: DataAugmenterSpec): Instance[] {
  const perturbsEval = augmenter.perturbation_specs.length > 0 && augmenter.should_augment_eval_instances;
  const perturbsTrain = augmenter.perturbation_specs.length > 0 && augmenter.should_augment_train_instances;
  if ((perturbsEval && !augmenter.should_include_original_eval) || (perturbsTrain && !augmenter.should_include_original_train)) {
    const names = augmenter.perturbation_specs.map((spec) => spec.class_name).join(', ');
    throw new HelmInputError(
      `Data augmentation: perturbations are not implemented yet and this spec evaluates perturbed instances only ` +
        `(requested: ${names}). Use a preset that keeps the original instances, such as data_augmentation=canonical.`,
    );
  }
  const train = instances.filter((instance) => instance.split === TRAIN_SPLIT);
  const evalInstances = instances.filter((instance) => instance.split !== undefined && EVAL_SPLITS.includes(instance.split));
  return [...train, ...evalInstances];
}

/** Runner steps 6–8 (ids, downsampling, preprocessing) on a scenario's instances. */
export function prepareInstances(
  instances: readonly Instance[],
  adapterSpec: AdapterSpec,
  augmenter: DataAugmenterSpec,
): Instance[] {
  let prepared = assignIds(instances);
  if (adapterSpec.max_eval_instances !== undefined) {
    const evalSplits = adapterSpec.eval_splits && adapterSpec.eval_splits.length > 0 ? adapterSpec.eval_splits : EVAL_SPLITS;
    prepared = downsampleEvalInstances(prepared, toNumber(adapterSpec.max_eval_instances), evalSplits);
  }
  return preprocessInstances(prepared, augmenter);
}
