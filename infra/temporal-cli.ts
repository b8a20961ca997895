import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HelmSetupError } from '../core/common/errors';

export const TEMPORAL_CLI_VERSION = process.env.TEMPORAL_CLI_VERSION ?? '1.5.1';

/** Same search order as infra/install-temporal.sh, without installing anything. */
export function findTemporalCli(): string | undefined {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  const cacheRoot = process.env.HELM_TS_CACHE ?? path.join(os.homedir(), '.cache', 'helm-ts');
  const cached = path.join(cacheRoot, 'temporal', `bin-v${TEMPORAL_CLI_VERSION}`, 'temporal');
  return fs.existsSync(cached) ? cached : undefined;
}

/** Finds the CLI or runs the install script (which may take minutes the first time). */
export function ensureTemporalCli(log: (message: string) => void = () => undefined): string {
  const found = findTemporalCli();
  if (found) return found;
  log('Temporal CLI not found; running infra/install-temporal.sh');
  const script = path.resolve(__dirname, '..', '..', 'infra', 'install-temporal.sh');
  const fallback = path.resolve(__dirname, 'install-temporal.sh');
  let output: string;
  try {
    output = execFileSync('bash', [fs.existsSync(script) ? script : fallback], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (error) {
    throw new HelmSetupError(
      `The Temporal CLI is not installed and installing it failed (${(error as Error).message.split('\n')[0]}). ` +
        'Install it with `bash infra/install-temporal.sh` (or put `temporal` on PATH, or set TEMPORAL_CLI_PATH), ' +
        'or use a Temporal server of your own with --temporal-address.',
    );
  }
  const lines = output.trim().split('\n');
  return lines[lines.length - 1];
}
