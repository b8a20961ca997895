import { describe, expect, it } from 'vitest';
import {
  assignIds,
  downsampleEvalInstances,
  prepareInstances,
  preprocessInstances,
} from '../../../core/scenarios/prepare-instances';
import type { Instance } from '../../../core/scenarios/schemas';
import { defaultAdapterSpec, defaultDataAugmenterSpec } from '../../../core/run-specs/schemas';
import { augmenterSpecFor } from '../../../core/run-specs/data-augmentation';
import { createPerturbations } from '../../../core/perturbations/create-perturbations';

const AUG = 'helm.benchmark.augmentations';
const LOWER_SPEC = { class_name: `${AUG}.lowercase_perturbation.LowerCasePerturbation`, args: {} };
const SUFFIX_SPEC = { class_name: `${AUG}.suffix_perturbation.SuffixPerturbation`, args: { suffix: 'x' } };
const SPACE_SPEC = { class_name: `${AUG}.extra_space_perturbation.ExtraSpacePerturbation`, args: { num_spaces: 1 } };

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
  it('needs the perturbations built for the spec', () => {
    const spec = { ...defaultDataAugmenterSpec(), perturbation_specs: [LOWER_SPEC] };
    expect(() => preprocessInstances([], spec)).toThrow(/0 perturbations for 1 specs.*createPerturbations/);
  });
  it('augments eval instances in place: original, then each changed perturbed copy (HELM presets)', async () => {
    const spec = augmenterSpecFor([LOWER_SPEC, SUFFIX_SPEC]);
    const perturbations = await createPerturbations(spec.perturbation_specs, { outputPath: '/nonexistent' });
    const instances = assignIds([inst('T', 'train'), inst('E1', 'test'), inst('e2', 'valid')]);
    const out = preprocessInstances(instances, spec, perturbations);
    // Train untouched; 'e2' is already lowercase, so its lowercase copy is skipped as unchanged.
    expect(out.map((i) => [i.id, i.input.text, i.perturbation?.name ?? null])).toEqual([
      ['id0', 'T', null],
      ['id1', 'E1', null],
      ['id1', 'e1', 'lowercase'],
      ['id1', 'E1, x', 'style'],
      ['id2', 'e2', null],
      ['id2', 'e2, x', 'style'],
    ]);
    expect(out[2].contrast_inputs).toEqual([{ text: 'E1' }]);
  });
  it('applies seeds per instance (undefined, 1, 2, ...), train augmentation and no originals when asked', async () => {
    const spec = {
      ...augmenterSpecFor([SPACE_SPEC]),
      should_augment_train_instances: true,
      should_include_original_train: false,
      should_skip_unchanged_train: false,
      should_include_original_eval: false,
      should_skip_unchanged_eval: false,
      seeds_per_instance: 3,
    };
    const perturbations = await createPerturbations(spec.perturbation_specs, { outputPath: '/nonexistent' });
    const out = preprocessInstances(assignIds([inst('a  b', 'train'), inst('c d', 'test')]), spec, perturbations);
    expect(out.map((i) => [i.id, i.split, i.perturbation?.seed ?? null])).toEqual([
      ['id0', 'train', null],
      ['id0', 'train', 1],
      ['id0', 'train', 2],
      ['id1', 'test', null],
      ['id1', 'test', 1],
      ['id1', 'test', 2],
    ]);
  });
  it('runs ids, downsampling with eval_splits, preprocessing', () => {
    const instances = [inst('t', 'train'), ...Array.from({ length: 10 }, (_, i) => inst(`e${i}`, 'test'))];
    const out = prepareInstances(instances, defaultAdapterSpec({ max_eval_instances: 3, eval_splits: [] }), defaultDataAugmenterSpec());
    expect(out.map((i) => i.id)).toEqual(['id0', 'id3', 'id9', 'id5']);
  });
});
