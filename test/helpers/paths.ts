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

/**
 * A fixed test port shifted by HELM_TEST_PORT_OFFSET, so that test runs of several checkouts on
 * one machine (each with its own offset) do not collide on Temporal dev-server ports.
 */
export function testPort(port: number): number {
  const offset = Number(process.env.HELM_TEST_PORT_OFFSET ?? '0');
  if (!Number.isInteger(offset) || offset < 0 || port + offset + 1000 > 65535) {
    throw new Error(`HELM_TEST_PORT_OFFSET=${process.env.HELM_TEST_PORT_OFFSET ?? ''} must be an integer with ${port} + offset + 1000 ≤ 65535`);
  }
  return port + offset;
}
