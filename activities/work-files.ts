import fs from 'node:fs';
import zlib from 'node:zlib';
import { writeFileAtomic } from '../core/common/atomic-write';
import { HelmInputError } from '../core/common/errors';
import { pythonJsonDumps, pythonJsonParse } from '../core/common/python-json';
import { RunSpec } from '../core/run-specs/schemas';
import { workFile } from '../core/outputs/paths';
import type { RunRef } from '../workflows/types';

/** The run spec as expandRunEntries wrote it (HELM's bytes, parsed keeping 1.0 vs 1). */
export function readRunSpec(run: RunRef): RunSpec {
  const file = workFile(run, 'runSpec');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new HelmInputError(`Run spec file ${file} is missing: was the suite expanded with the same --output-path?`);
  }
  return RunSpec.parse(pythonJsonParse(text));
}

export function writeRunSpec(run: RunRef, spec: RunSpec): void {
  writeFileAtomic(workFile(run, 'runSpec'), pythonJsonDumps(spec, { indent: 2 }));
}

/**
 * JSON Lines written atomically (one record per line); keeps `{py_float}` boxes as they are. The
 * file is gzipped: instances and request states repeat the run's few-shot prompt prefix, so gzip's
 * fastest level makes them about ten times smaller (they are work files, read only by helm-ts).
 */
export function writeJsonLines(file: string, records: readonly unknown[]): void {
  const text = records.map((r) => JSON.stringify(r)).join('\n') + (records.length > 0 ? '\n' : '');
  writeFileAtomic(file, zlib.gzipSync(text, { level: 1 }));
}

/** A JSON Lines file as text, gzipped (writeJsonLines) or plain (appended results, older work folders). */
function readJsonLinesText(file: string): string {
  const bytes = fs.readFileSync(file);
  // No JSON text starts with gzip's magic bytes.
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? zlib.gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}

/**
 * Reads JSON Lines; a torn last line (a crash mid-append) is ignored rather than failing, since the
 * record it held is redone.
 */
export function readJsonLines<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  const lines = readJsonLinesText(file).split('\n');
  const records: T[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    try {
      records.push(JSON.parse(lines[i]) as T);
    } catch (error) {
      if (i >= lines.length - 2) break;
      throw new Error(`Corrupt line ${i + 1} in ${file}: ${String(error)}`);
    }
  }
  return records;
}
