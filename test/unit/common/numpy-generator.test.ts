import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NumpyGenerator, PCG64 } from '../../../core/common/numpy-generator';
import { PROJECT_ROOT } from '../../helpers/paths';

/** Check values written by NumPy (scripts/helm-reference/numpy-generator-checks.py). */
const checks = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'numpy-generator.json'), 'utf8')) as {
  seeding: Array<{ seed: string; state: string; inc: string }>;
  raw: Array<{ seed: number; uint64: string[] }>;
  permutations: Array<{ seed: number; n: number; permutation: number[] }>;
};

describe('NumPy Generator(PCG64) port', () => {
  it.each(checks.seeding)('SeedSequence seeding of PCG64($seed) gives NumPy’s state', ({ seed, state, inc }) => {
    expect(new PCG64(BigInt(seed)).stateValue).toEqual({ state: BigInt(state), inc: BigInt(inc) });
  });

  it.each(checks.raw)('raw 64-bit draws of PCG64($seed)', ({ seed, uint64 }) => {
    const bg = new PCG64(seed);
    expect(uint64.map(() => bg.nextUint64().toString())).toEqual(uint64);
  });

  it.each(checks.permutations)('default_rng($seed).permutation($n)', ({ seed, n, permutation }) => {
    expect(new NumpyGenerator(seed).permutation(n)).toEqual(permutation);
  });

  it('rejects a negative seed', () => {
    expect(() => new PCG64(-1)).toThrow(/non-negative/);
  });
});
