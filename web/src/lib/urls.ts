/** Where a version's files live: releases/<release> when a release is configured, else runs/<suite>. */
export function versionBase(config: { suite?: string; release?: string }): string[] {
  return config.release !== undefined ? ['releases', config.release] : ['runs', config.suite ?? 'default'];
}

/** A URL under the output base with every segment percent-encoded (run names hold `:`, `=`, `,`). */
export function outputUrl(baseUrl: string, segments: string[]): string {
  return [baseUrl.replace(/\/+$/, ''), ...segments.map((s) => encodeURIComponent(s))].join('/');
}

/** The group a groups.json row links to (`?group=<name>`). */
export function groupFromHref(href: string | undefined): string | null {
  if (!href) return null;
  const match = /[?&]group=([^&]*)/.exec(href);
  return match ? decodeURIComponent(match[1]) : null;
}

/** Escapes a string for use as a literal inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where a leaderboard cell's runs are shown: the run itself, or a search matching exactly them. */
export function runsLink(runSpecNames: string[]): string {
  if (runSpecNames.length === 1) return `#/runs/${encodeURIComponent(runSpecNames[0])}`;
  const query = runSpecNames.map((n) => `^${escapeRegex(n)}$`).join('|');
  return `#/runs?q=${encodeURIComponent(query)}`;
}
