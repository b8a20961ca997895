import { describe, expect, it } from 'vitest';
import {
  assignIds,
  downsampleEvalInstances,
  prepareInstances,
  preprocessInstances,
} from '../../../core/scenarios/prepare-instances';
import type { Instance } from '../../../core/scenarios/schemas';
import { defaultAdapterSpec, defaultDataAugmenterSpec } from '../../../core/run-specs/schemas';
import { HelmInputError } from '../../../core/common/errors';

const inst = (text: string, split: string, id?: string): Instance => ({ input: { text }, references: [], split, id });

describe('assignIds', () => {
  it('relabels all instances when any id is missing, keeping field order', () => {
    const out = assignIds([inst('a', 'train', 'keep'), inst('b', 'test')]);
    expect(out.map((i) => i.id)).toEqual(['id0', 'id1']);
    const keys = Object.entries(out[0]).filter(([, v]) => v !== undefined).map(([k]) => k);
    expect(keys).toEqual(['input', 'references', 'split', 'id']);
  });
  it('keeps ids when all are present', () => {
    expect(assignIds([inst('a', 'train', 'x'), inst('b', 'test', 'y')]).map((i) => i.id)).toEqual(['x', 'y']);
  });
});

describe('downsampleEvalInstances (numpy seed 0, permutation order)', () => {
  const train = [inst('t0', 'train'), inst('t1', 'train')];
  const evals = Array.from({ length: 10 }, (_, i) => inst(`e${i}`, i < 4 ? 'valid' : 'test'));
  it('keeps train first and picks pool indices 2, 8, 4 for n=10, k=3', () => {
    const out = downsampleEvalInstances([evals[0], ...train, ...evals.slice(1)], 3);
    expect(out.map((i) => i.input.text)).toEqual(['t0', 't1', 'e2', 'e8', 'e4']);
  });
  it('a larger k yields a superset with the same prefix', () => {
    const out = downsampleEvalInstances([...train, ...evals], 5);
    expect(out.map((i) => i.input.text)).toEqual(['t0', 't1', 'e2', 'e8', 'e4', 'e9', 'e1']);
  });
  it('keeps everything (original order) when the pool is small enough, dropping other splits', () => {
    const out = downsampleEvalInstances([...train, ...evals.slice(0, 6)], 6, ['test']);
    expect(out.map((i) => i.input.text)).toEqual(['t0', 't1', 'e4', 'e5']);
  });
  it('max_eval_instances 0 gives no eval instances', () => {
    expect(downsampleEvalInstances([...train, ...evals], 0)).toHaveLength(2);
  });
});

describe('preprocess and prepareInstances', () => {
  it('orders train before eval and drops other splits', () => {
    const out = preprocessInstances([inst('e', 'test'), inst('x', 'other'), inst('t', 'train')], defaultDataAugmenterSpec());
    expect(out.map((i) => i.input.text)).toEqual(['t', 'e']);
  });
  it('rejects perturbation-only augmentation, naming the perturbations', () => {
    const spec = {
      ...defaultDataAugmenterSpec(),
      should_augment_eval_instances: true,
      perturbation_specs: [{ class_name: 'helm.benchmark.augmentations.typos_perturbation.TyposPerturbation', args: {} }],
    };
    expect(() => preprocessInstances([], spec)).toThrow(HelmInputError);
    expect(() => preprocessInstances([], spec)).toThrow(/perturbations are not implemented yet.*TyposPerturbation/);
  });
  it('keeps only the originals when the augmenter includes them (data_augmentation=canonical)', () => {
    const spec = {
      ...defaultDataAugmenterSpec(),
      should_augment_eval_instances: true,
      should_include_original_eval: true,
      perturbation_specs: [{ class_name: 'helm.benchmark.augmentations.typos_perturbation.TyposPerturbation', args: {} }],
    };
    const instances = [inst('t', 'train'), inst('e', 'test')];
    expect(preprocessInstances(instances, spec)).toEqual(instances);
  });
  it('runs ids, downsampling with eval_splits, preprocessing', () => {
    const instances = [inst('t', 'train'), ...Array.from({ length: 10 }, (_, i) => inst(`e${i}`, 'test'))];
    const out = prepareInstances(instances, defaultAdapterSpec({ max_eval_instances: 3, eval_splits: [] }), defaultDataAugmenterSpec());
    expect(out.map((i) => i.id)).toEqual(['id0', 'id3', 'id9', 'id5']);
  });
});
