import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/paths';

/**
 * Tests clean up after themselves: test/global-setup.ts points TMPDIR at one folder per test run
 * and removes it at the end, so every temporary folder (tempDir, the CLIs and servers the tests
 * start, which inherit TMPDIR) is under it. If TMPDIR did not reach the test workers, a run would
 * leave its folders in the system's temp folder again.
 */
describe('temporary folders of a test run', () => {
  it('are all under the run’s own folder, which global setup removes', () => {
    expect(path.basename(path.dirname(tempDir('probe')))).toMatch(/^helm-ts-tests-/);
    expect(path.basename(os.tmpdir())).toMatch(/^helm-ts-tests-/);
    expect(process.env.TMPDIR).toBe(os.tmpdir());
  });
});
