import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  caseFlags,
  type DifferentialCase,
  type DifferentialCases,
  readDifferentialCases,
} from '../../scripts/helm-reference/differential-report';
import { PROJECT_ROOT, SHARED_DATA, tempDir } from '../helpers/paths';
import { compareRunDirs, formatComparisons, type FileComparison } from './compare';
import { liteMirrorMismatches, prepareLiteMirror } from './lite-mirror';
import { runPipeline } from './run-pipeline';

/**
 * helm-ts against the Python HELM itself: for each case of test/golden/helm-diff/cases.json
 * (HELM's files written by scripts/helm-reference/differential.sh), the helm-ts pipeline runs
 * in-process on the same run entry, flags and data, and its five files must equal HELM's field by
 * field, timings masked. Only cases recorded as "identical" run; the others are listed as skipped
 * with the recorded reason. `HELM_DIFF_UPDATE=1` runs every case and rewrites the statuses.
 */
const GOLDEN = path.join(PROJECT_ROOT, 'test', 'golden', 'helm-diff');
const CASES_FILE = path.join(GOLDEN, 'cases.json');
const SHARED = fs.existsSync(SHARED_DATA) ? SHARED_DATA : '/work/shared/data';
const CLASSIC_FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'scenarios', 'classic');

/**
 * The data mirror of the cases: the shared data, plus the canonical-format fixtures of the HELM
 * Classic scenarios the shared folder does not hold (differential.sh gives HELM the same files).
 */
function overlayMirror(): string {
  const dir = tempDir('diff-mirror');
  for (const source of [SHARED, CLASSIC_FIXTURES]) {
    if (!fs.existsSync(source)) continue;
    for (const name of fs.readdirSync(source)) {
      if (!fs.existsSync(path.join(dir, name))) fs.symlinkSync(path.join(source, name), path.join(dir, name));
    }
  }
  return dir;
}
const DATA = overlayMirror();
afterAll(() => fs.rmSync(DATA, { recursive: true, force: true }));
const UPDATE = process.env.HELM_DIFF_UPDATE === '1';
/** `HELM_DIFF_CASES=a,b`: only these cases run (and, in update mode, get a new status). */
const ONLY_NAMED = process.env.HELM_DIFF_CASES?.split(',').filter(Boolean);
/** `HELM_DIFF_ONLY=<regex>`: only the cases whose name matches (e.g. ^custom_mcqa). */
const ONLY_MATCHING = process.env.HELM_DIFF_ONLY ? new RegExp(process.env.HELM_DIFF_ONLY) : undefined;
const selected = (c: DifferentialCase): boolean =>
  (ONLY_NAMED === undefined || ONLY_NAMED.includes(c.name)) && (ONLY_MATCHING === undefined || ONLY_MATCHING.test(c.name));
const CUSTOM_MCQA_FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'custom-mcqa');

interface Outcome {
  comparisons?: FileComparison[];
  error?: string;
  /** The runs helm-ts wrote for a case HELM wrote none for. */
  ranWithoutHelm?: string[];
}

const HELM_REJECTS = 'HELM rejects this run entry: ';

const UNDERSTOOD_FLAGS = new Set(['--disable-cache']);

/**
 * The hand-made dialect mapping and name list where differential.sh put them for HELM (HELM's
 * download targets under the output folder), so both sides perturb with the same lists.
 */
function placePerturbationLists(outputPath: string): void {
  const fixtures = path.join(PROJECT_ROOT, 'test', 'fixtures', 'perturbations');
  const dialect = path.join(outputPath, 'perturbations', 'dialect');
  const names = path.join(outputPath, 'perturbations', 'person_name', 'data');
  fs.mkdirSync(dialect, { recursive: true });
  fs.mkdirSync(names, { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'dialect-mapping.json'), path.join(dialect, 'SAE_to_AAVE_mapping.json'));
  fs.copyFileSync(path.join(fixtures, 'person-names.txt'), path.join(names, 'person_names.txt'));
}

/** The prepared Lite mirror (built once, on first use), the same files HELM read. */
let liteMirror: string | undefined;
function liteMirrorDir(): string {
  if (liteMirror === undefined) {
    const dir = path.join(tempDir('lite-mirror'), 'mirror');
    prepareLiteMirror(DATA, dir);
    const mismatches = liteMirrorMismatches(dir, path.join(GOLDEN, 'lite-mirror.sha256'));
    if (mismatches.length > 0) throw new Error(`the Lite mirror differs from HELM's in ${mismatches.join(', ')}`);
    liteMirror = dir;
  }
  return liteMirror;
}

/** custom_mcqa's path= is read relative to its scenario folder: the files differential.sh copies there too. */
function prefillCustomMcqa(outputPath: string): void {
  const target = path.join(outputPath, 'scenarios', 'custom_mcqa');
  fs.mkdirSync(target, { recursive: true });
  for (const file of fs.readdirSync(CUSTOM_MCQA_FIXTURES)) fs.copyFileSync(path.join(CUSTOM_MCQA_FIXTURES, file), path.join(target, file));
}

async function runCase(c: DifferentialCase): Promise<Outcome> {
  const flags = c.extraFlags ?? [];
  const unknown = flags.filter((f) => !UNDERSTOOD_FLAGS.has(f));
  if (unknown.length > 0) throw new Error(`case ${c.name}: the test does not know how to apply ${unknown.join(' ')}`);
  const work = tempDir(`diff-${c.name}`);
  try {
    placePerturbationLists(path.join(work, 'benchmark_output'));
    prefillCustomMcqa(path.join(work, 'benchmark_output'));
    const runs = await runPipeline(
      { description: c.description, maxEvalInstances: c.maxEvalInstances, numTrainTrials: c.numTrainTrials },
      {
        outputPath: path.join(work, 'benchmark_output'),
        localPath: path.join(work, 'prod_env'),
        dataMirror: c.mirror === 'lite' ? liteMirrorDir() : DATA,
        suite: c.name,
        disableCache: flags.includes('--disable-cache'),
      },
    );
    const run = runs.find((r) => r.runName === c.runDir);
    if (c.runDir === undefined) return { ranWithoutHelm: runs.map((r) => r.runName) };
    if (run === undefined) {
      return { error: `helm-ts named the run(s) ${runs.map((r) => r.runName).join(', ') || '(none)'}, HELM ${c.runDir}` };
    }
    return { comparisons: compareRunDirs(path.join(GOLDEN, c.name, c.runDir), run.runDir) };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The case with its new status, from a fresh comparison (HELM-side fields unchanged). */
function classify(c: DifferentialCase, outcome: Outcome): DifferentialCase {
  const { why: _why, differences: _differences, ...base } = c;
  if (outcome.error !== undefined) return { ...base, status: 'error', why: `helm-ts stops: ${outcome.error}` };
  const differing = (outcome.comparisons ?? []).filter((f) => f.differences.length > 0);
  if (differing.length === 0) return { ...base, status: 'identical' };
  const first = differing.map((f) => `${f.file}: ${f.differences[0]}`);
  return {
    ...base,
    status: 'differs',
    why: `${differing.length} of 6 checks differ; first: ${first.join(' | ')}`.slice(0, 600),
    differences: Object.fromEntries(differing.map((f) => [f.file, f.differences])),
  };
}

/**
 * A case HELM rejects (not one it could not download data for): helm-ts must reject it too; the
 * error is recorded next to HELM's. A helm-ts that runs it is a difference.
 */
async function classifyRejected(c: DifferentialCase): Promise<DifferentialCase> {
  const helmWhy = c.status === 'rejected-by-both' ? (c.why ?? '').split(' | helm-ts: ')[0] : (c.why ?? '');
  if (!helmWhy.startsWith(HELM_REJECTS)) return c;
  const outcome = await runCase(c);
  if (outcome.error === undefined) {
    return { ...c, status: 'differs', why: `${helmWhy} | helm-ts runs it: ${(outcome.ranWithoutHelm ?? []).join(', ')}` };
  }
  return { ...c, status: 'rejected-by-both', why: `${helmWhy} | helm-ts: ${outcome.error.replace(/^helm-ts stops: /, '')}` };
}

const cases: DifferentialCases = readDifferentialCases(CASES_FILE);

describe('helm-ts vs Python HELM (test/golden/helm-diff)', () => {
  it('lists HELM run files for every case HELM could run, and a reason for every other', () => {
    expect(cases.cases.length).toBeGreaterThan(0);
    for (const c of cases.cases) {
      if (c.status === 'helm-failed' || c.status === 'rejected-by-both') {
        expect(c.why, c.name).toMatch(/\S/);
        continue;
      }
      expect(c.runDir, c.name).toBeDefined();
      for (const file of ['run_spec.json', 'scenario_state.json', 'stats.json', 'per_instance_stats.json']) {
        expect(fs.existsSync(path.join(GOLDEN, c.name, c.runDir ?? '', file)), `${c.name}/${file}`).toBe(true);
      }
      if (c.status !== 'identical' && !UPDATE) expect(c.why, `${c.name} has status ${c.status} but no reason`).toMatch(/\S/);
    }
  });

  for (const c of cases.cases.filter((x) => x.status === 'rejected-by-both' && selected(x))) {
    it.skipIf(UPDATE)(`${c.name}: ${c.description} is rejected by helm-ts as by HELM`, async () => {
      const outcome = await runCase(c);
      expect(outcome.ranWithoutHelm).toBeUndefined();
      expect(outcome.error).toMatch(/\S/);
    });
  }

  for (const c of cases.cases.filter((x) => x.status !== 'rejected-by-both')) {
    const enabled = !UPDATE && c.status === 'identical' && selected(c);
    const label = `${c.name}: ${c.description} ${caseFlags(c)}`;
    (enabled ? it : it.skip)(enabled ? label : `${label} [${c.status}: ${c.why ?? ''}]`, async () => {
      const outcome = await runCase(c);
      expect(outcome.error).toBeUndefined();
      expect(formatComparisons(outcome.comparisons ?? [])).toBe('');
    });
  }

  it.runIf(UPDATE)(
    'update mode: compares every case HELM ran and rewrites the statuses in cases.json',
    async () => {
      const updated: DifferentialCase[] = [];
      for (const c of cases.cases) {
        if (!selected(c)) {
          updated.push(c);
          continue;
        }
        if (c.runDir === undefined) {
          updated.push(await classifyRejected(c));
          continue;
        }
        const next = classify(c, await runCase(c));
        updated.push(next);
        process.stdout.write(`${next.name}: ${next.status}${next.why ? ` (${next.why})` : ''}\n`);
      }
      fs.writeFileSync(CASES_FILE, JSON.stringify({ ...cases, cases: updated }, null, 2) + '\n');
      expect(readDifferentialCases(CASES_FILE).cases.length).toBe(cases.cases.length);
    },
    600_000,
  );
});
