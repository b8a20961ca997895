import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { sampleExamples } from '../../../core/adaptation/sample-examples';
import type { Instance } from '../../../core/scenarios/schemas';
import { mc } from './helpers';

const opts = (k: number, sampleTrain = true) => ({ maxTrainInstances: k, sampleTrain });
const texts = (xs: Instance[]) => xs.map((x) => x.input.text);

describe('sampleExamples (HELM sample_examples with Python random)', () => {
  it('HELM test: one "no" and four "yes", k=4, seed 0', () => {
    const train = [mc('say no', ['no'], [0]), ...[1, 2, 3, 4].map((i) => mc(`say yes${i}`, ['yes'], [0]))];
    expect(texts(sampleExamples(train, 0, opts(4)))).toEqual(['say yes4', 'say no', 'say yes1', 'say yes3']);
  });
  it('HELM test: distinct gold texts 0,2,4,7,9, k=3, seed 0', () => {
    const train = ['0', '2', '4', '7', '9'].map((g) => mc(`q${g}`, [g], [0]));
    expect(sampleExamples(train, 0, opts(3)).map((x) => x.references[0].output.text)).toEqual(['4', '2', '0']);
  });
  it('simple_mcqa: Is 10..20 even or odd, k=5, seeds 0 and 1', () => {
    const train = Array.from({ length: 11 }, (_, i) => 10 + i).map((n) =>
      mc(`Is ${n} even or odd?`, ['Even', 'Odd'], [n % 2]),
    );
    const numbers = (seed: number) => sampleExamples(train, seed, opts(5)).map((x) => Number(x.input.text.split(' ')[1]));
    expect(numbers(0)).toEqual([16, 17, 10, 15, 20]);
    expect(numbers(1)).toEqual([12, 19, 10, 15, 14]);
  });
  it('sample_train=false takes consecutive slices per seed', () => {
    const train = ['a', 'b', 'c', 'd', 'e'].map((t) => mc(t, ['x'], [0]));
    expect(texts(sampleExamples(train, 0, opts(2, false)))).toEqual(['a', 'b']);
    expect(texts(sampleExamples(train, 2, opts(2, false)))).toEqual(['e']);
    expect(texts(sampleExamples(train, 3, opts(2, false)))).toEqual([]);
  });
  it('fills from unlabeled instances with random.sample', () => {
    const train = [mc('u1', ['x'], []), mc('l', ['x'], [0]), mc('u2', ['x'], []), mc('u3', ['x'], [])];
    const out = texts(sampleExamples(train, 0, opts(1)));
    expect(out).toEqual(['l']);
    const all = texts(sampleExamples([mc('u1', [], []), mc('u2', [], []), mc('u3', [], [])], 0, opts(2)));
    // CPython: random.seed(0); random.sample(['u1', 'u2', 'u3'], 2) == ['u2', 'u3']
    expect(all).toEqual(['u2', 'u3']);
  });
  it('an empty-string label stops the round-robin (falsy quirk)', () => {
    const train = [mc('e1', [''], [0]), mc('e2', [''], [0]), mc('a', ['a'], [0]), mc('u', ['x'], [])];
    // '' has the highest count so comes first: nothing labeled is taken, the rest comes from unlabeled.
    expect(texts(sampleExamples(train, 0, opts(1)))).toEqual(['u']);
  });
  it('reports the case where HELM loops forever', () => {
    const train = [mc('l', ['x'], [0]), mc('u1', ['x'], []), mc('u2', ['x'], [])];
    expect(() => sampleExamples(train, 0, opts(2))).toThrow(HelmInputError);
    expect(() => sampleExamples(train, 0, opts(2))).toThrow(/loops forever/);
  });
});
