import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFlags, formatReport, readDifferentialCases } from '../../scripts/helm-reference/differential-report';
import { PROJECT_ROOT } from '../helpers/paths';

const CASES_FILE = path.join(PROJECT_ROOT, 'test', 'golden', 'helm-diff', 'cases.json');

describe('differential-report', () => {
  const cases = readDifferentialCases(CASES_FILE);

  it('prints one row per case of cases.json, with flags, status and totals', () => {
    const report = formatReport(cases);
    const lines = report.split('\n');
    expect(lines[0]).toMatch(/^case +flags +status +covers \/ why$/);
    for (const c of cases.cases) {
      const row = lines.find((l) => l.startsWith(`${c.name} `));
      expect(row, c.name).toBeDefined();
      expect(row).toContain(caseFlags(c));
      expect(row).toContain(c.status);
    }
    const identical = cases.cases.filter((c) => c.status === 'identical').length;
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^${cases.cases.length} cases against crfm-helm 0\\.5\\.16 \\(simple/model1\\): .*${identical} identical`));
  });

  it('lists recorded differences with --details', () => {
    const withDifference = {
      ...cases,
      cases: [
        {
          ...cases.cases[0],
          status: 'differs' as const,
          why: 'stats.json: $[0].sum differs',
          differences: { 'stats.json': ['$[0].sum: HELM 1.0 / helm-ts 1'] },
        },
      ],
    };
    const report = formatReport(withDifference, { details: true });
    expect(report).toContain('      stats.json: $[0].sum: HELM 1.0 / helm-ts 1');
    expect(report).toContain('1 case against crfm-helm 0.5.16 (simple/model1): 1 differs');
  });
});
