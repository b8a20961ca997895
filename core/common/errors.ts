import { distance } from 'fastest-levenshtein';

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

/**
 * A dataset file that is neither downloaded nor in the data mirror, needed while run entries are
 * expanded (RAFT's instructions). helm-ts fails the entry (named, with this message) and runs the
 * rest of the suite; HELM stops the whole helm-run there.
 */
export class MissingDataError extends HelmInputError {
  constructor(message: string) {
    super(message);
    this.name = 'MissingDataError';
  }
}

/**
 * The largest edit distance a "did you mean" suggestion may have: a typo or two, more for long
 * names (a quarter of the name), so an unrelated name is never offered as a correction.
 */
export function maxSuggestionDistance(name: string): number {
  return Math.max(2, Math.floor(name.length / 4));
}

/**
 * Up to `limit` candidates close to `name`: within `maxSuggestionDistance` edits (case-insensitive),
 * or containing `name` (3+ characters) as a part; nearest first. Nothing close → no suggestion.
 */
export function closeNames(name: string, candidates: Iterable<string>, limit = 5): string[] {
  const wanted = name.toLowerCase();
  const maxDistance = maxSuggestionDistance(name);
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, d: distance(wanted, candidate.toLowerCase()) }))
    .filter(({ candidate, d }) => d <= maxDistance || (wanted.length >= 3 && candidate.toLowerCase().includes(wanted)))
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
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
