import fs from 'node:fs';
import path from 'node:path';
import { HelmInputError, HelmSetupError } from '../core/common/errors';
import { SUITE_NAME_RULE, suiteNameProblem } from '../core/outputs/suite-name';
import { ArgParseError } from './argparse';

/**
 * Checks of flag values shared by the CLIs, before anything starts: a bad value is an argparse
 * error (exit 2) naming the flag, the value and what is accepted.
 */

/** `--suite`, `--suites`, `--release`: a name that becomes a folder and a workflow id. */
export function checkSuiteName(value: string | undefined, flag: string): void {
  if (value === undefined) return;
  const problem = suiteNameProblem(value);
  if (problem !== undefined) throw new ArgParseError(`argument ${flag}: invalid name ${JSON.stringify(value)} (${problem}); a name is ${SUITE_NAME_RULE}`);
}

/** A TCP port; `reserveAbove` keeps room for a second port at PORT+n (the dev server's Web UI). */
export function checkPort(value: number | undefined, flag: string, reserveAbove = 0): void {
  if (value === undefined) return;
  const max = 65535 - reserveAbove;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ArgParseError(`argument ${flag}: invalid port ${value}: must be between 1 and ${max}${reserveAbove ? ` (the Web UI uses PORT+${reserveAbove})` : ''}`);
  }
}

/** What a task queue name may be (--model-task-queue, --task-queue). */
export const TASK_QUEUE_NAME = /^[\w.:/@-]{1,200}$/;

/** An integer flag within [min, max]; `why` says where the maximum comes from. */
export function checkRange(value: number | undefined, flag: string, min: number, max = Number.MAX_SAFE_INTEGER, why = ''): void {
  if (value === undefined) return;
  if (value < min) throw new ArgParseError(`argument ${flag}: must be >= ${min}, got ${value}`);
  if (value > max) throw new ArgParseError(`argument ${flag}: must be <= ${max}${why ? ` (${why})` : ''}, got ${value}`);
}

/**
 * A folder helm-ts writes into (created when missing): it must not be an existing file, and the
 * nearest existing ancestor must be a folder.
 */
export function checkWritableFolder(value: string, flag: string): string {
  const absolute = path.resolve(value);
  if (value.includes('\0')) throw new HelmInputError(`${flag}: the path contains a NUL character`);
  let probe = absolute;
  while (!fs.existsSync(probe)) {
    const parent = path.dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  if (fs.existsSync(probe) && !fs.statSync(probe).isDirectory()) {
    throw new HelmInputError(
      probe === absolute
        ? `${flag} ${value} is a file, not a folder; give a folder (it is created when missing)`
        : `${flag} ${value}: ${probe} is a file, so the folder cannot be created there`,
    );
  }
  return absolute;
}

/** An input file that must exist and be a file. */
export function checkInputFile(value: string, flag: string): void {
  if (!fs.existsSync(value)) throw new HelmInputError(`${flag}: file ${value} does not exist`);
  if (!fs.statSync(value).isFile()) throw new HelmInputError(`${flag}: ${value} is a folder, not a file`);
}

/** An input folder that must exist and be a folder. */
export function checkInputFolder(value: string, flag: string): string {
  if (!fs.existsSync(value)) throw new HelmInputError(`${flag}: folder ${value} does not exist`);
  if (!fs.statSync(value).isDirectory()) throw new HelmInputError(`${flag}: ${value} is a file, not a folder`);
  return path.resolve(value);
}

/** Why `address` is not a usable HOST:PORT, or undefined. */
export function temporalAddressProblem(address: string): string | undefined {
  const match = /^(?:[^\s:/[\]]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(address);
  if (!match) return 'is not HOST:PORT, e.g. 127.0.0.1:7233';
  const port = Number(match[1]);
  if (port < 1 || port > 65535) return `has port ${port}, outside 1–65535`;
  return undefined;
}

/** Why `namespace` cannot be a Temporal namespace name, or undefined. */
export function namespaceProblem(namespace: string): string | undefined {
  if (namespace === '') return 'is empty';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(namespace)) return 'may hold only letters, digits, ".", "_" and "-"';
  return undefined;
}

/**
 * The Temporal server address (when one is given) and namespace, from flags or TEMPORAL_ADDRESS /
 * TEMPORAL_NAMESPACE, checked before anything connects. Returns the namespace to use.
 */
export function checkTemporalTarget(address: string | undefined, namespace: string | undefined): string {
  if (address !== undefined) {
    const problem = temporalAddressProblem(address);
    if (problem) throw new HelmSetupError(`Temporal address ${JSON.stringify(address)} (--temporal-address or TEMPORAL_ADDRESS) ${problem}`);
  }
  const chosen = namespace ?? (process.env.TEMPORAL_NAMESPACE || 'default');
  const problem = namespaceProblem(chosen);
  if (problem) throw new HelmSetupError(`Temporal namespace ${JSON.stringify(chosen)} (--namespace or TEMPORAL_NAMESPACE) ${problem}`);
  return chosen;
}
