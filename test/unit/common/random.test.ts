import { describe, expect, it } from 'vitest';
import { PythonRandom } from '../../../core/common/python-random';
import { NumpyRandomState } from '../../../core/common/numpy-random';

describe('PythonRandom (CPython random)', () => {
  it('seeds with init_by_array', () => {
    const r0 = new PythonRandom(0);
    expect([0, 1, 2, 3].map(() => r0.getrandbits(32))).toEqual([3626764237, 1654615998, 3255389356, 3823568514]);
    const r1 = new PythonRandom(1);
    expect([0, 1, 2].map(() => r1.getrandbits(32))).toEqual([577090037, 2444712010, 3639700191]);
  });
  it('randrange(10) x5 with seed 0', () => {
    const r = new PythonRandom(0);
    expect([0, 1, 2, 3, 4].map(() => r.randrange(10))).toEqual([6, 6, 0, 4, 8]);
  });
  it('sample(range(10), 3) with seed 0', () => {
    const r = new PythonRandom(0);
    expect(r.sample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([6, 9, 0]);
  });
  it('randbelow(1) consumes randomness', () => {
    const a = new PythonRandom(0);
    expect(a.randbelow(1)).toBe(0);
    // 3626764237 has its top bit set (rejected), 1654615998 does not: two draws consumed.
    expect(a.getrandbits(32)).toBe(3255389356);
  });
  it('random() with seed 0 matches CPython', () => {
    expect(new PythonRandom(0).random()).toBe(0.8444218515250481);
  });
  it('seeds with a string as CPython does (perturbations seed with instance ids)', () => {
    // CPython 3.11: r = random.Random('id12'); [r.random(), r.random()], r.randint(1, 3),
    // r.choice('abcdef'), r.uniform(0, 1); Random('1id12').random(); Random('é€').random()
    const r = new PythonRandom('id12');
    expect([r.random(), r.random()]).toEqual([0.3574446626388409, 0.30574856634611147]);
    expect(r.randint(1, 3)).toBe(1);
    expect(r.choice([...'abcdef'])).toBe('f');
    expect(r.uniform(0, 1)).toBe(0.14722304496982186);
    expect(new PythonRandom('1id12').random()).toBe(0.9483123584406645);
    expect(new PythonRandom('é€').random()).toBe(0.078287842699161);
  });
  it('rejects oversized samples', () => {
    expect(() => new PythonRandom(0).sample([1, 2], 3)).toThrow(/Sample larger/);
  });
});

describe('NumpyRandomState (legacy)', () => {
  it('permutation(10) with seed 0', () => {
    expect(new NumpyRandomState(0).permutation(10)).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
  });
  it('choice(100, 5, replace=False) with seed 0', () => {
    const pop = Array.from({ length: 100 }, (_, i) => i);
    expect(new NumpyRandomState(0).choiceWithoutReplacement(pop, 5)).toEqual([26, 86, 2, 55, 75]);
  });
  it('first output of seed 0 is the init_genrand(0) stream', () => {
    expect(new NumpyRandomState(0).nextUint32()).toBe(2357136044);
  });
});
