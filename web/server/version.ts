import fs from 'node:fs';
import path from 'node:path';
import { HelmInputError } from '../../core/common/errors';

export type Version = { kind: 'suite'; name: string } | { kind: 'release'; name: string };

function newestSummary(dir: string): { name: string; mtimeMs: number } | null {
  let best: { name: string; mtimeMs: number } | null = null;
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return null;
  }
  for (const name of entries) {
    try {
      const { mtimeMs } = fs.statSync(path.join(dir, name, 'summary.json'));
      if (!best || mtimeMs > best.mtimeMs) best = { name, mtimeMs };
    } catch {
      // no summary.json: not a summarized suite
    }
  }
  return best;
}

/**
 * The suite or release to show, as helm-server picks it: the one given, else the most recently
 * summarized (newest summary.json) under runs/ or releases/; a suite wins only if strictly newer.
 */
export function chooseVersion(outputPath: string, suite: string | undefined, release: string | undefined): Version {
  if (suite !== undefined && release !== undefined) throw new HelmInputError('Use either --suite or --release, not both');
  if (suite !== undefined) return { kind: 'suite', name: suite };
  if (release !== undefined) return { kind: 'release', name: release };
  const newestSuite = newestSummary(path.join(outputPath, 'runs'));
  const newestRelease = newestSummary(path.join(outputPath, 'releases'));
  if (newestSuite && (!newestRelease || newestSuite.mtimeMs > newestRelease.mtimeMs)) return { kind: 'suite', name: newestSuite.name };
  if (newestRelease) return { kind: 'release', name: newestRelease.name };
  throw new HelmInputError(
    `No summarized suite or release under ${outputPath} (no runs/*/summary.json or releases/*/summary.json): run helm-summarize first, or pass --suite/--release`,
  );
}

/** The frontend's config script: where the JSON lives and which version to show. */
export function configScript(version: Version, project: string): string {
  const lines = [`window.BENCHMARK_OUTPUT_BASE_URL = ${JSON.stringify('benchmark_output')};`];
  lines.push(version.kind === 'suite' ? `window.SUITE = ${JSON.stringify(version.name)};` : `window.RELEASE = ${JSON.stringify(version.name)};`);
  lines.push(`window.PROJECT_ID = ${JSON.stringify(project)};`);
  return lines.join('\n') + '\n';
}
