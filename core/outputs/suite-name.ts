import { HelmInputError } from '../common/errors';

/**
 * What a suite (or release) name may be: it becomes a folder under `<output-path>/runs/` and part
 * of Temporal workflow ids, so no path separators, no `.`/`..`, no spaces, quotes or shell
 * metacharacters. HELM accepts any string here; helm-ts does not (README, "Differences from HELM").
 */
export const SUITE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const SUITE_NAME_RULE =
  '1 to 128 characters: letters, digits, ".", "_" and "-", starting with a letter or digit';

/** Why `name` is not a valid suite name, or undefined when it is. */
export function suiteNameProblem(name: string): string | undefined {
  if (SUITE_NAME_PATTERN.test(name)) return undefined;
  if (name === '') return 'it is empty';
  if (name.length > 128) return `it is ${name.length} characters long`;
  const bad = [...name].find((c) => !/[A-Za-z0-9._-]/.test(c));
  if (bad !== undefined) return `it contains ${JSON.stringify(bad)}`;
  return `it starts with ${JSON.stringify(name[0])}`;
}

/** Throws a HelmInputError naming the flag, the value and the accepted form. */
export function validateSuiteName(name: string, flag = '--suite'): string {
  const problem = suiteNameProblem(name);
  if (problem !== undefined) {
    throw new HelmInputError(`${flag} ${JSON.stringify(name)} is not a valid name (${problem}); a name is ${SUITE_NAME_RULE}`);
  }
  return name;
}
