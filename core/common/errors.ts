import { closest, distance } from 'fastest-levenshtein';

/**
 * Bad input from the user (malformed conf, unknown scenario or model, bad flag value, corrupt
 * data file). Never retried: activities turn it into a non-retryable ApplicationFailure and the
 * CLI prints `message` as is.
 */
export class HelmInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelmInputError';
  }
}

/** Up to `limit` candidates closest to `name` (edit distance), for "did you mean" hints. */
export function closeNames(name: string, candidates: Iterable<string>, limit = 5): string[] {
  const list = [...new Set(candidates)];
  if (list.length === 0) return [];
  const scored = list
    .map((candidate) => ({ candidate, d: distance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ candidate, d }) => d <= Math.max(3, Math.floor(name.length / 2)) || candidate.includes(name))
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate));
  const names = scored.slice(0, limit).map((s) => s.candidate);
  return names.length > 0 ? names : [closest(name, list)];
}

/** " Did you mean: a, b?" or "" when there is nothing close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const names = closeNames(name, candidates);
  return names.length > 0 ? ` Did you mean: ${names.join(', ')}?` : '';
}

/**
 * A problem with this machine's set-up that the user can fix (a port in use, the Temporal CLI
 * missing, a dev server that does not come up): reported as is, without a stack trace.
 */
export class HelmSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelmSetupError';
  }
}
