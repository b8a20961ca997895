import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeAtomicTempFiles, writeFileAtomic } from '../../../core/common/atomic-write';
import { HelmInputError } from '../../../core/common/errors';
import { LocalFileError, asLocalFileError, isLocalFileFault } from '../../../core/common/file-errors';
import { MAX_REQUEST_STATES_PER_RUN, checkRunSize, checkTrainTrials } from '../../../core/common/run-limits';
import { parseHocon } from '../../../core/run-specs/hocon';
import { tempDir } from '../../helpers/paths';

const errno = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code}: failed`), { code, ...extra });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('writeFileAtomic under faults', () => {
  it.each(['ENOSPC', 'EDQUOT', 'EIO'])('removes its temporary file when the write fails with %s', (code) => {
    const dir = tempDir('atomic');
    const file = path.join(dir, 'stats.json');
    fs.writeFileSync(file, 'old');
    const real = fs.writeFileSync;
    vi.spyOn(fs, 'writeFileSync').mockImplementation(((target: fs.PathOrFileDescriptor, data: string) => {
      real(target, data.slice(0, 3));
      throw errno(code);
    }) as typeof fs.writeFileSync);
    expect(() => writeFileAtomic(file, 'new content')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['stats.json']);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
  });

  it('names the file and what to do when the disk is full (no path in the error itself)', () => {
    const dir = tempDir('atomic');
    const file = path.join(dir, 'per_instance_stats.json');
    vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
      throw errno('ENOSPC');
    });
    let caught: unknown;
    try {
      writeFileAtomic(file, 'x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LocalFileError);
    expect((caught as LocalFileError).message).toBe(
      `Cannot write ${file}: no space left on the device (ENOSPC). To fix: free space on that disk (or choose another --output-path / --local-path), ` +
        'then run the same command again; finished runs are kept and half-written files are cleaned up.',
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a folder that cannot be created (a file in the way) is a LocalFileError naming the target', () => {
    const dir = tempDir('atomic');
    fs.writeFileSync(path.join(dir, 'blocker'), '');
    expect(() => writeFileAtomic(path.join(dir, 'blocker', 'sub', 'f.json'), 'x')).toThrow(/Cannot write .*blocker\/sub\/f\.json: a part of the path is a file, not a folder \(ENOTDIR\)/);
  });

  it('removeAtomicTempFiles removes only temporary files', () => {
    const dir = tempDir('atomic');
    for (const name of ['stats.json', 'stats.json.tmp-123-abc9', 'run_spec.json.tmp-9-zz', 'data.tmp-notours']) fs.writeFileSync(path.join(dir, name), '');
    expect(removeAtomicTempFiles(dir)).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual(['data.tmp-notours', 'stats.json']);
  });
});

describe('local file faults are told apart from transient errors', () => {
  it.each(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'SQLITE_FULL', 'SQLITE_READONLY'])('%s is not retried', (code) => {
    expect(isLocalFileFault(errno(code))).toBe(true);
    expect(asLocalFileError(errno(code, { path: '/x/y' }))?.message).toMatch(/^Cannot write \/x\/y: .*To fix: .*run the same command again/);
  });

  it.each(['EIO', 'ECONNRESET', 'EMFILE', 'EAGAIN', 'ENOENT'])('%s keeps the retry policy', (code) => {
    expect(isLocalFileFault(errno(code))).toBe(false);
    expect(asLocalFileError(errno(code))).toBeUndefined();
  });
});

describe('sizes that cannot fit in memory are refused before they are built', () => {
  it('-t beyond what any run can hold', () => {
    expect(() => checkTrainTrials(1_000_000, 'Run x')).toThrow(/num_train_trials 1000000 .* at most 100,000 per run .*Lower -t\/--num-train-trials/);
    expect(() => checkTrainTrials(MAX_REQUEST_STATES_PER_RUN, 'Run x')).not.toThrow();
  });

  it('instances × trials of a run', () => {
    expect(() => checkRunSize('mmlu:subject=anatomy', 135, 1000)).toThrow(
      'Run mmlu:subject=anatomy would build 135,000 request states (135 evaluation instances × 1000 trials); helm-ts runs at most 100,000 per run',
    );
    expect(() => checkRunSize('r', 1000, 100)).not.toThrow();
  });
});

describe('HOCON nesting', () => {
  it('a conf nested thousands deep is a HelmInputError with its position, not a stack overflow', () => {
    expect(() => parseHocon('entries: ' + '['.repeat(100_000), 'deep.conf')).toThrow(HelmInputError);
    expect(() => parseHocon('entries: ' + '['.repeat(100_000), 'deep.conf')).toThrow(/^deep\.conf:1:\d+: objects and arrays nested more than 64 levels deep$/);
    expect(() => parseHocon('x: ' + '{a: '.repeat(100_000), 'deep.conf')).toThrow(/(nested|nests) more than 64 levels deep/);
    expect(() => parseHocon(Array.from({ length: 100_000 }, () => 'a').join('.') + ' = 1', 'keys.conf')).toThrow(/^keys\.conf:1:1: key 'a\.a.*nests more than 64 levels deep$/);
  });

  it('nesting HELM’s confs use still parses', () => {
    expect(parseHocon('entries: [{description: "x", priority: 1, groups: ["a"]}]', 'ok.conf')).toEqual({ entries: [{ description: 'x', priority: 1, groups: ['a'] }] });
  });
});
