import fs from 'node:fs';
import path from 'node:path';
import { pythonJsonDumps, pythonJsonParse } from '../../core/common/python-json';

/** Values that differ between any two runs (HELM's own runs included): wall-clock timings. */
const TIMING_KEYS = new Set(['request_time', 'request_datetime', 'batch_request_time']);
const TIMING_STATS = new Set(['inference_runtime', 'inference_denoised_runtime']);

function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (node === null || typeof node !== 'object') return node;
  const object = node as Record<string, unknown>;
  const name = object.name as { name?: unknown } | undefined;
  const isTimingStat = typeof name === 'object' && name !== null && TIMING_STATS.has(String(name.name));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (TIMING_KEYS.has(key)) out[key] = '<timing>';
    else if (isTimingStat && ['sum', 'sum_squared', 'min', 'max', 'mean', 'variance', 'stddev'].includes(key)) out[key] = '<timing>';
    else out[key] = normalise(value);
  }
  return out;
}

/** A HELM JSON file with timings masked, re-serialised with HELM's layout (for readable diffs). */
export function normalisedJson(file: string): string {
  return pythonJsonDumps(normalise(pythonJsonParse(fs.readFileSync(file, 'utf8'))), { indent: 2 });
}

export function readText(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

/** The single run directory inside a golden case folder. */
export function goldenRunDir(caseDir: string): string {
  const entries = fs.readdirSync(caseDir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'eval_cache');
  if (entries.length !== 1) throw new Error(`expected one run directory in ${caseDir}, found ${entries.map((e) => e.name).join(', ')}`);
  return path.join(caseDir, entries[0].name);
}
