import path from 'node:path';
import { HelmInputError } from '../common/errors';
import { ensureFileDownloaded, pathExists } from '../scenarios/download';
import type { PerturbationContext } from './perturbation';

/** A data file HELM downloads when it builds a perturbation. */
export interface PerturbationDataFile {
  /** The perturbation class, for messages. */
  perturbation: string;
  /** The file's canonical source (HELM's URL). */
  sourceUrl: string;
  /** Where HELM keeps it, relative to the benchmark output folder. */
  relativePath: string;
  /** Where it goes in a `--data-mirror` folder. */
  mirrorPath: string;
}

/** Python's `os.path.join(a, b)` (POSIX): no normalization, an absolute `b` wins. */
function pyPathJoin(a: string, b: string): string {
  if (b.startsWith('/')) return b;
  return a === '' || a.endsWith('/') ? a + b : `${a}/${b}`;
}

/**
 * The path string HELM writes into a perturbation description for a downloaded file:
 * `--output-path` as given (HELM's default `benchmark_output`), joined with the file's place.
 */
export function helmDataFilePath(file: PerturbationDataFile, context: PerturbationContext): string {
  return file.relativePath.split('/').reduce(pyPathJoin, context.helmOutputPath ?? context.outputPath);
}

/**
 * The local copy of a perturbation's data file, fetched once into
 * `<output>/<relativePath>`: from the data mirror when one is given, else from the canonical URL.
 * A missing file is an error naming the file, its canonical source and the mirror location.
 */
export async function ensurePerturbationFile(file: PerturbationDataFile, context: PerturbationContext): Promise<string> {
  const target = path.join(context.outputPath, file.relativePath);
  if (await pathExists(target)) return target;
  const name = path.basename(file.relativePath);
  if (context.mirrorDir !== undefined) {
    const mirrored = path.join(context.mirrorDir, file.mirrorPath);
    if (!(await pathExists(mirrored))) {
      throw new HelmInputError(
        `${file.perturbation} needs ${name} (canonical source: ${file.sourceUrl}), which is not in the data mirror: ` +
          `put a copy at ${mirrored} (or at ${target}).`,
      );
    }
    await ensureFileDownloaded({ targetPath: target, sourceUrl: file.sourceUrl, mirrorSource: mirrored });
    return target;
  }
  try {
    await ensureFileDownloaded({ targetPath: target, sourceUrl: file.sourceUrl, onProgress: context.onProgress });
  } catch (error) {
    // Left retryable (a plain Error), like scenario downloads: the host may come back.
    throw new Error(
      `${file.perturbation} needs ${name}: downloading ${file.sourceUrl} failed (${(error as Error).message}). ` +
        `Without network access, give a data mirror (--data-mirror DIR) holding it at DIR/${file.mirrorPath}, ` +
        `or put it at ${target}.`,
    );
  }
  return target;
}

/**
 * The top-level entries of a JSON object in file order, as Python's `json.load` keeps them
 * (`JSON.parse` would move integer-like keys first, which changes a regex built from the keys).
 */
export function jsonObjectEntries(text: string, what: string): Array<[string, unknown]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HelmInputError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HelmInputError(`${what} must hold a JSON object`);
  }
  const values = parsed as Record<string, unknown>;
  const keys: string[] = [];
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1) {
        let k = j + 1;
        while (/\s/.test(text[k] ?? '')) k++;
        if (text[k] === ':') {
          const key = JSON.parse(text.slice(i, j + 1)) as string;
          if (!seen.has(key)) keys.push(key);
          seen.add(key);
        }
      }
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return keys.map((key) => [key, values[key]]);
}
