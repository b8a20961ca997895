import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** Real benchmark data beside the checkout (see ../shared/data/README.md). */
export const SHARED_DATA = path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
export const GOLDEN_HELM = path.join(PROJECT_ROOT, 'test', 'golden', 'helm');
export const HELM_RUN_BIN = path.join(PROJECT_ROOT, 'bin', 'helm-run.js');
export const HELM_WORKER_BIN = path.join(PROJECT_ROOT, 'bin', 'helm-worker.js');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `helm-ts-${prefix}-`));
}
