import type { Schema, Summary } from '../lib/types.js';
import { outputUrl, versionBase } from '../lib/urls.js';

declare global {
  interface Window {
    BENCHMARK_OUTPUT_BASE_URL?: string;
    SUITE?: string;
    RELEASE?: string;
    PROJECT_ID?: string;
  }
}

export class NotFoundError extends Error {}

const cache = new Map<string, Promise<unknown>>();

export function baseUrl(): string {
  return window.BENCHMARK_OUTPUT_BASE_URL ?? 'benchmark_output';
}

export function version(): { suite?: string; release?: string } {
  return { suite: window.SUITE, release: window.RELEASE };
}

/** Fetches (once) a JSON file under the output base; a 404 is a NotFoundError. */
export function getJson<T>(segments: string[]): Promise<T> {
  const url = outputUrl(baseUrl(), segments);
  let pending = cache.get(url);
  if (!pending) {
    pending = fetch(url).then(async (response) => {
      if (response.status === 404) throw new NotFoundError(`${segments.join('/')} not found`);
      if (!response.ok) throw new Error(`${segments.join('/')}: HTTP ${response.status}`);
      return response.json() as Promise<unknown>;
    });
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending as Promise<T>;
}

/** A file of the configured suite or release. */
export function getVersionJson<T>(...segments: string[]): Promise<T> {
  return getJson<T>([...versionBase(version()), ...segments]);
}

export function getSchema(): Promise<Schema> {
  return getVersionJson<Schema>('schema.json');
}

export function getSummary(): Promise<Summary> {
  return getVersionJson<Summary>('summary.json');
}

/** The suite holding a run: the suite itself, or (release mode) from runs_to_run_suites.json. */
export async function suiteOfRun(runName: string): Promise<string> {
  const { suite, release } = version();
  if (release === undefined) return suite ?? 'default';
  const map = await getJson<Record<string, string>>(['releases', release, 'runs_to_run_suites.json']);
  const found = map[runName];
  if (found === undefined) throw new NotFoundError(`Run ${runName} is not in release ${release}`);
  return found;
}

export function getRunJson<T>(suite: string, runName: string, file: string): Promise<T> {
  return getJson<T>(['runs', suite, runName, file]);
}

export function runFileUrl(suite: string, runName: string, file: string): string {
  return outputUrl(baseUrl(), ['runs', suite, runName, file]);
}
