import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * test/golden/helm-diff/cases.json: the differential cases (Python HELM vs helm-ts on the same run
 * entries), written by scripts/helm-reference/differential.sh (HELM side) and by the differential
 * test's update mode (status, why, differences).
 */
export const CaseStatus = z.enum([
  /** helm-ts writes HELM's five files (timings masked): the test checks it on every run. */
  'identical',
  /** helm-ts runs the case but some fields differ (see `differences`). */
  'differs',
  /** helm-ts stops with an error (e.g. a scenario or adapter method not implemented yet). */
  'error',
  /** HELM rejects the run entry and helm-ts stops with an error too: the test checks helm-ts stops. */
  'rejected-by-both',
  /** HELM cannot run it here (no network for its data, or HELM rejects the entry). */
  'helm-failed',
  /** HELM's files are in, helm-ts not compared yet. */
  'pending',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const DifferentialCase = z.object({
  name: z.string(),
  description: z.string(),
  maxEvalInstances: z.number().int(),
  numTrainTrials: z.number().int().optional(),
  /** Other helm-run flags HELM was given (only `--disable-cache` so far). */
  extraFlags: z.array(z.string()).optional(),
  /** The data both sides read: absent = the shared data folder; `lite` = the prepared Lite mirror (lite_mirror.py). */
  mirror: z.literal('lite').optional(),
  covers: z.string(),
  /** HELM's run directory name under test/golden/helm-diff/<name>/ (absent when HELM failed). */
  runDir: z.string().optional(),
  status: CaseStatus,
  why: z.string().optional(),
  /** Per file (and `prompts`), the first differing fields. */
  differences: z.record(z.string(), z.array(z.string())).optional(),
});
export type DifferentialCase = z.infer<typeof DifferentialCase>;

export const DifferentialCases = z.object({
  helm: z.string(),
  model: z.string(),
  cases: z.array(DifferentialCase),
});
export type DifferentialCases = z.infer<typeof DifferentialCases>;

export function readDifferentialCases(file: string): DifferentialCases {
  return DifferentialCases.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The helm-ts command line of a case (for the table). */
export function caseFlags(c: DifferentialCase): string {
  const trials = c.numTrainTrials === undefined ? '' : ` -t ${c.numTrainTrials}`;
  return `-m ${c.maxEvalInstances}${trials}${(c.extraFlags ?? []).map((f) => ` ${f}`).join('')}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A plain-text table: case, flags, status, and why (or what it covers when identical). */
export function formatReport(cases: DifferentialCases, options: { details?: boolean } = {}): string {
  const rows = cases.cases.map((c) => [c.name, caseFlags(c), c.status, c.status === 'identical' ? c.covers : (c.why ?? '')]);
  const header = ['case', 'flags', 'status', 'covers / why'];
  const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => [0, 1, 2].map((i) => pad(cells[i], widths[i])).join('  ') + '  ' + cells[3];
  const lines = [line(header), line(widths.map((w) => '-'.repeat(w)).concat('-'.repeat(12)))];
  for (let i = 0; i < rows.length; i++) {
    lines.push(line(rows[i]));
    const differences = cases.cases[i].differences;
    if (options.details === true && differences) {
      for (const [file, items] of Object.entries(differences)) {
        for (const item of items) lines.push(`      ${file}: ${item}`);
      }
    }
  }
  const counts = new Map<string, number>();
  for (const c of cases.cases) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  lines.push('');
  lines.push(
    `${cases.cases.length} case${cases.cases.length === 1 ? '' : 's'} against ${cases.helm} (${cases.model}): ` +
      [...counts].map(([status, n]) => `${n} ${status}`).join(', '),
  );
  return lines.join('\n');
}

function main(argv: string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      'usage: differential-report [--details] [CASES_JSON]\n' +
        'Prints the differential cases (Python HELM vs helm-ts) and their status.\n' +
        '  --details   also list the recorded differences of each case\n' +
        '  CASES_JSON  default: test/golden/helm-diff/cases.json of this checkout\n',
    );
    return;
  }
  const positional = argv.filter((a) => !a.startsWith('--'));
  // Compiled to dist/scripts/helm-reference/: the checkout is three levels up (two from the source).
  const root = [path.resolve(__dirname, '..', '..', '..'), path.resolve(__dirname, '..', '..')].find((dir) =>
    fs.existsSync(path.join(dir, 'test', 'golden', 'helm-diff', 'cases.json')),
  );
  const file = positional[0] ?? path.join(root ?? process.cwd(), 'test', 'golden', 'helm-diff', 'cases.json');
  process.stdout.write(formatReport(readDifferentialCases(file), { details: argv.includes('--details') }) + '\n');
}

if (require.main === module) main(process.argv.slice(2));
