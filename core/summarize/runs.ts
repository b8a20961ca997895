import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { pythonJsonParse } from '../common/python-json';
import { StatJson } from '../metrics/schemas';
import { Stat } from '../metrics/stat';
import { RunSpec } from '../run-specs/schemas';
import { typedStats } from './python-types';

/** A run of a suite: its folder, run spec and run-level stats (`Summarizer.Run`). */
export interface Run {
  /** `os.path.join(<output>/runs/<suite>, <folder>)`, as HELM writes it into runs.json. */
  runPath: string;
  runSpec: RunSpec;
  stats: Stat[];
  /** The files as parsed (key order and int/float kept), re-serialised into runs.json / run_specs.json. */
  runSpecJson: unknown;
  statsJson: unknown;
  /** The stats by metric name (cells look up one name among hundreds of stats, for every table). */
  statsByName: Map<string, Stat[]>;
}

export function indexStatsByName(stats: Stat[]): Map<string, Stat[]> {
  const byName = new Map<string, Stat[]>();
  for (const stat of stats) {
    const list = byName.get(stat.name.name);
    if (list) list.push(stat);
    else byName.set(stat.name.name, [stat]);
  }
  return byName;
}

/** A run folder that could not be read; the rest of the suite is still summarized. */
export interface SkippedRun {
  folder: string;
  reason: string;
}

const StatsFile = z.array(StatJson);

/**
 * Parse one JSON file of a run against its zod shape; any problem names the file. `fast` uses the
 * native JSON.parse, which loses the int/float distinction of integral floats (`1.0` → 1): only for
 * callers that re-type the numbers they write (as HELM's typed reading does) or re-read exactly.
 */
export function readJsonFile<T>(file: string, shape: z.ZodType<T>, options: { fast?: boolean } = {}): { raw: unknown; data: T } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new HelmInputError(`${file}: cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = options.fast ? fastParse(text) : pythonJsonParse(text);
  } catch (error) {
    throw new HelmInputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = shape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HelmInputError(`${file}: unexpected content at ${issue.path.join('.') || '<root>'}: ${issue.message}`);
  }
  return { raw, data: parsed.data };
}

/** Native JSON.parse, falling back to the exact parser for Python's NaN / Infinity literals. */
function fastParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return pythonJsonParse(text);
  }
}

/**
 * `read_run`: run_spec.json (args may hold Python floats: parsed exactly) and stats.json (every
 * number field but `count` is a float in HELM's Stat, as HELM reads it).
 */
export function readRun(runPath: string): Run {
  const spec = readJsonFile(path.join(runPath, 'run_spec.json'), RunSpec);
  const statsFile = path.join(runPath, 'stats.json');
  let stats = readJsonFile(statsFile, StatsFile, { fast: true });
  // A perturbation's own fields (`prob: 1.0`…) are not retyped below: read those runs exactly.
  if (stats.data.some((s) => s.name.perturbation !== undefined)) stats = readJsonFile(statsFile, StatsFile);
  // Validated above; the coercion only boxes numbers, so the shape still holds.
  const statsJson = typedStats(stats.raw) as StatJson[];
  const runStats = statsJson.map((s) => Stat.fromJson(s));
  return {
    runPath,
    runSpec: spec.data,
    stats: runStats,
    statsByName: indexStatsByName(runStats),
    runSpecJson: spec.raw,
    statsJson,
  };
}

/**
 * The run folders of a suite, sorted by name: every subfolder except eval_cache and groups (and
 * helm-ts's work folders), whether or not HELM's run_specs.json lists it.
 */
export function listRunFolders(suitePath: string): string[] {
  if (!fs.existsSync(suitePath) || !fs.statSync(suitePath).isDirectory()) {
    throw new HelmInputError(`Suite folder ${suitePath} does not exist`);
  }
  return fs
    .readdirSync(suitePath, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'eval_cache' && d.name !== 'groups')
    .map((d) => d.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `read_runs_for_suite`: folders without run_spec.json or stats.json are skipped (as in HELM);
 * unreadable or corrupt ones are skipped too, with the file named, instead of aborting.
 */
export function readSuiteRuns(
  suitePath: string,
  onSkip: (skipped: SkippedRun) => void,
  onProgress: (done: number, total: number) => void = () => {},
): Run[] {
  const folders = listRunFolders(suitePath);
  const runs: Run[] = [];
  folders.forEach((folder, i) => {
    const runPath = path.join(suitePath, folder);
    if (!fs.existsSync(path.join(runPath, 'run_spec.json')) || !fs.existsSync(path.join(runPath, 'stats.json'))) {
      onSkip({ folder, reason: `${folder} doesn't have run_spec.json or stats.json, skipping` });
    } else {
      try {
        runs.push(readRun(runPath));
      } catch (error) {
        if (!(error instanceof HelmInputError)) throw error;
        onSkip({ folder, reason: `${error.message}; skipping run ${folder}` });
      }
    }
    onProgress(i + 1, folders.length);
  });
  return runs;
}
