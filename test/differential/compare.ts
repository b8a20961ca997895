import fs from 'node:fs';
import path from 'node:path';
import { pythonJsonDumps, pythonJsonParse } from '../../core/common/python-json';
import { isPyFloatBox } from '../../core/common/py-number';
import { RUN_FILES } from '../../core/outputs/paths';
import { normalisedJson } from '../helpers/golden';

/** One file of a run compared with HELM's: `differences` empty means equal (timings masked). */
export interface FileComparison {
  file: string;
  differences: string[];
}

const MAX_LISTED = 12;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isPyFloatBox(value);
}

/** A value as HELM's JSON spells it (so 1 vs 1.0 shows), shortened for a one-line report. */
function show(value: unknown): string {
  const text = pythonJsonDumps(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** Paths where two parsed HELM JSON trees differ: values (1 vs 1.0 included), keys, key order, lengths. */
export function jsonDifferences(helm: unknown, ts: unknown, at = '$', out: string[] = []): string[] {
  if (Array.isArray(helm) && Array.isArray(ts)) {
    if (helm.length !== ts.length) out.push(`${at}: HELM has ${helm.length} items, helm-ts ${ts.length}`);
    for (let i = 0; i < Math.min(helm.length, ts.length); i++) jsonDifferences(helm[i], ts[i], `${at}[${i}]`, out);
    return out;
  }
  if (isRecord(helm) && isRecord(ts)) {
    const helmKeys = Object.keys(helm);
    const tsKeys = Object.keys(ts);
    for (const key of helmKeys) if (!(key in ts)) out.push(`${at}.${key}: only in HELM = ${show(helm[key])}`);
    for (const key of tsKeys) if (!(key in helm)) out.push(`${at}.${key}: only in helm-ts = ${show(ts[key])}`);
    const shared = helmKeys.filter((k) => k in ts);
    const tsOrder = tsKeys.filter((k) => k in helm);
    if (shared.join('\u0000') !== tsOrder.join('\u0000')) {
      out.push(`${at}: key order differs: HELM ${shared.join(',')} / helm-ts ${tsOrder.join(',')}`);
    }
    for (const key of shared) jsonDifferences(helm[key], ts[key], `${at}.${key}`, out);
    return out;
  }
  if (pythonJsonDumps(helm) !== pythonJsonDumps(ts)) out.push(`${at}: HELM ${show(helm)} / helm-ts ${show(ts)}`);
  return out;
}

const TIMING_LINE = /^(\s*"(?:request_time|request_datetime|batch_request_time)": )[^,]+(,?)$/;
const STAT_VALUE_LINE = /^(\s*"(?:sum|sum_squared|min|max|mean|variance|stddev)": )[^,]+(,?)$/;
const TIMING_STAT_NAMES = new Set(['inference_runtime', 'inference_denoised_runtime']);
const STAT_NAME_LINE = /^\s*"name": "([^"]*)",?$/;

/**
 * HELM's bytes with timing values blanked line by line (no re-serialisation), so number spelling,
 * escaping and layout are compared as written; the values of inference_runtime stats are the lines
 * after their `"name": "inference_runtime"` line up to the next stat's name.
 */
export function maskTimingsRaw(text: string): string {
  // Indent of the current inference_runtime name line; deeper names (a perturbation's) do not end it.
  let timingIndent: number | undefined;
  return text
    .split('\n')
    .map((line) => {
      const name = STAT_NAME_LINE.exec(line);
      const indent = line.length - line.trimStart().length;
      if (name && (timingIndent === undefined || indent <= timingIndent)) {
        timingIndent = TIMING_STAT_NAMES.has(name[1]) ? indent : undefined;
      }
      if (TIMING_LINE.test(line)) return line.replace(TIMING_LINE, '$1<timing>$2');
      if (timingIndent !== undefined && STAT_VALUE_LINE.test(line)) return line.replace(STAT_VALUE_LINE, '$1<timing>$2');
      return line;
    })
    .join('\n');
}

/** The first differing line of two texts, with a little context (for prompts). */
export function firstLineDifference(helm: string, ts: string): string {
  const a = helm.split('\n');
  const b = ts.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `line ${i + 1}: HELM ${JSON.stringify(a[i] ?? '<none>')} / helm-ts ${JSON.stringify(b[i] ?? '<none>')}`;
    }
  }
  return 'equal';
}

interface PromptStates {
  request_states?: Array<{ request?: { prompt?: string } }>;
}

/** Every request's prompt, in order: a readable account of the first mismatches. */
export function promptDifferences(helmState: unknown, tsState: unknown): string[] {
  const helmPrompts = ((helmState as PromptStates).request_states ?? []).map((s) => s.request?.prompt ?? '');
  const tsPrompts = ((tsState as PromptStates).request_states ?? []).map((s) => s.request?.prompt ?? '');
  const out: string[] = [];
  if (helmPrompts.length !== tsPrompts.length) out.push(`HELM made ${helmPrompts.length} requests, helm-ts ${tsPrompts.length}`);
  let mismatched = 0;
  for (let i = 0; i < Math.min(helmPrompts.length, tsPrompts.length); i++) {
    if (helmPrompts[i] === tsPrompts[i]) continue;
    mismatched++;
    if (mismatched <= 3) out.push(`request ${i} prompt, ${firstLineDifference(helmPrompts[i], tsPrompts[i])}`);
  }
  if (mismatched > 3) out.push(`... ${mismatched} prompts differ in all`);
  return out;
}

function summarise(differences: string[]): string[] {
  if (differences.length <= MAX_LISTED) return differences;
  return [...differences.slice(0, MAX_LISTED), `... ${differences.length - MAX_LISTED} more`];
}

/**
 * HELM's run directory vs helm-ts's, file by file, timings masked (HELM's layout kept, so the
 * normalised texts must be equal byte for byte): prompts first, then each of the five files.
 */
export function compareRunDirs(helmDir: string, tsDir: string): FileComparison[] {
  const comparisons: FileComparison[] = [];
  const statePath = (dir: string) => path.join(dir, 'scenario_state.json');
  if (fs.existsSync(statePath(tsDir))) {
    const prompts = promptDifferences(
      pythonJsonParse(fs.readFileSync(statePath(helmDir), 'utf8')),
      pythonJsonParse(fs.readFileSync(statePath(tsDir), 'utf8')),
    );
    comparisons.push({ file: 'prompts', differences: prompts });
  }
  for (const file of RUN_FILES) {
    const tsFile = path.join(tsDir, file);
    if (!fs.existsSync(tsFile)) {
      comparisons.push({ file, differences: ['helm-ts wrote no such file'] });
      continue;
    }
    const helmText = normalisedJson(path.join(helmDir, file));
    const tsText = normalisedJson(tsFile);
    if (helmText === tsText) {
      // Equal values; the bytes must be equal too (number spelling, escapes, trailing newline).
      const helmRaw = maskTimingsRaw(fs.readFileSync(path.join(helmDir, file), 'utf8'));
      const tsRaw = maskTimingsRaw(fs.readFileSync(tsFile, 'utf8'));
      comparisons.push({ file, differences: helmRaw === tsRaw ? [] : [`same values, different bytes: ${firstLineDifference(helmRaw, tsRaw)}`] });
      continue;
    }
    const paths = jsonDifferences(pythonJsonParse(helmText), pythonJsonParse(tsText));
    comparisons.push({ file, differences: summarise(paths.length > 0 ? paths : ['same values, different bytes']) });
  }
  return comparisons;
}

/** The comparisons as a readable per-file report; empty when everything matches. */
export function formatComparisons(comparisons: readonly FileComparison[]): string {
  return comparisons
    .filter((c) => c.differences.length > 0)
    .map((c) => `--- ${c.file}\n${c.differences.map((d) => `  ${d}`).join('\n')}`)
    .join('\n');
}
