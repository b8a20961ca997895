import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { predictionCorrectness } from '../../../web/src/lib/correctness';
import { cellText, roundForDisplay } from '../../../web/src/lib/format';
import { markdownToHtml } from '../../../web/src/lib/markdown';
import { buildHash, parseHash } from '../../../web/src/lib/route';
import { filterNames, paginate } from '../../../web/src/lib/runs-filter';
import { defaultDirection, sortRows } from '../../../web/src/lib/sort';
import type { Cell, DisplayPrediction, Table } from '../../../web/src/lib/types';
import { groupFromHref, outputUrl, runsLink, versionBase } from '../../../web/src/lib/urls';
import { FIXTURE_SUITE_DIR } from './helpers';

const cell = (value?: number | string): Cell => ({ value, markdown: false });

describe('format', () => {
  it('rounds to 3 decimals and shows "-" for missing values', () => {
    expect(roundForDisplay(0.12345)).toBe('0.123');
    expect(roundForDisplay(1288.95555)).toBe('1288.956');
    expect(roundForDisplay(4)).toBe('4');
    expect(roundForDisplay(-0.0001)).toBe('0');
    expect(cellText({ markdown: false })).toBe('-');
    expect(cellText({ value: 'GPT ⚠', markdown: false })).toBe('GPT');
    expect(cellText({ value: 0.5, display_value: '50%', markdown: false })).toBe('50%');
  });
});

describe('sortRows', () => {
  const rows = [[cell('b'), cell(0.2)], [cell('a'), cell(undefined)], [cell('C'), cell(0.9)], [cell('d'), cell(0.2)]];
  it('orders numbers either way with missing values last and ties stable', () => {
    expect(sortRows(rows, 1, 'desc').map((r) => r[0].value)).toEqual(['C', 'b', 'd', 'a']);
    expect(sortRows(rows, 1, 'asc').map((r) => r[0].value)).toEqual(['b', 'd', 'C', 'a']);
    expect(sortRows(rows, 0, 'asc').map((r) => r[0].value)).toEqual(['a', 'b', 'C', 'd']);
    expect(rows.map((r) => r[0].value)).toEqual(['b', 'a', 'C', 'd']); // input untouched
  });
  it('sorts best first by default', () => {
    expect(defaultDirection({ value: 'ECE', markdown: false, lower_is_better: true, metadata: {} })).toBe('asc');
    expect(defaultDirection({ value: 'EM', markdown: false, lower_is_better: false, metadata: {} })).toBe('desc');
  });
});

describe('urls and routes', () => {
  it('encodes each path segment (run names hold : = ,)', () => {
    expect(outputUrl('benchmark_output', ['runs', 'v1', 'mmlu:subject=a,model=b', 'stats.json'])).toBe('benchmark_output/runs/v1/mmlu%3Asubject%3Da%2Cmodel%3Db/stats.json');
    expect(versionBase({ suite: 'v1' })).toEqual(['runs', 'v1']);
    expect(versionBase({ release: 'v1.0', suite: 'x' })).toEqual(['releases', 'v1.0']);
  });
  it('reads groups.json hrefs', () => {
    const index = JSON.parse(fs.readFileSync(path.join(FIXTURE_SUITE_DIR, 'groups.json'), 'utf8')) as Table[];
    const names = index.flatMap((t) => t.rows.map((r) => groupFromHref(r[0].href)));
    expect(names).toContain('mmlu');
    expect(names[0]).toBe('core_scenarios');
  });
  it('links cells to one run or an exact regex of several', () => {
    expect(runsLink(['a:b=c'])).toBe('#/runs/a%3Ab%3Dc');
    const link = runsLink(['m:x=1,y', 'm:x=2']);
    const q = parseHash(link).query.q;
    expect(q).toBe('^m:x=1,y$|^m:x=2$');
    expect(filterNames(['m:x=1,y', 'm:x=2', 'm:x=1,y,z'], q, 'regex').names).toEqual(['m:x=1,y', 'm:x=2']);
  });
  it('parses and builds hash routes', () => {
    expect(parseHash('#/runs/mmlu%3Asubject%3Dphilosophy?instance=id1&page=2')).toEqual({ segments: ['runs', 'mmlu:subject=philosophy'], query: { instance: 'id1', page: '2' } });
    expect(parseHash('')).toEqual({ segments: [], query: {} });
    expect(buildHash(['runs'], { q: 'a|b', page: 2, mode: undefined })).toBe('#/runs?q=a%7Cb&page=2');
  });
});

describe('runs filter and pages', () => {
  const names = Array.from({ length: 250 }, (_, i) => `run${i}`);
  it('filters by regex or substring; a bad regex matches nothing and says why', () => {
    expect(filterNames(names, '^run1\\d$', 'regex').names).toHaveLength(10);
    expect(filterNames(['a.b', 'axb'], 'a.b', 'substring').names).toEqual(['a.b']);
    const bad = filterNames(names, 'run(', 'regex');
    expect(bad.names).toEqual([]);
    expect(bad.error).toBeTruthy();
  });
  it('pages 1-based and clamps', () => {
    expect(paginate(names, 3, 100)).toMatchObject({ page: 3, pageCount: 3, total: 250, items: names.slice(200) });
    expect(paginate(names, 99, 100).page).toBe(3);
    expect(paginate([], 1, 100)).toMatchObject({ page: 1, pageCount: 1, items: [] });
  });
});

describe('predictionCorrectness', () => {
  it("uses the first badge stat in the prediction's own order", () => {
    expect(predictionCorrectness({ num_output_tokens: 1, exact_match: 1, quasi_exact_match: 0 })).toEqual({ stat: 'exact_match', correct: true });
    expect(predictionCorrectness({ quasi_exact_match: 0.4, exact_match: 1 })).toEqual({ stat: 'quasi_exact_match', correct: false });
    expect(predictionCorrectness({ toxic_frac: 0.2 })).toEqual({ stat: 'toxic_frac', correct: true });
    expect(predictionCorrectness({ num_output_tokens: 1 })).toBeNull();
  });
  it('marks every fixture prediction by its exact_match', () => {
    const run = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=simple_model1';
    const predictions = JSON.parse(fs.readFileSync(path.join(FIXTURE_SUITE_DIR, run, 'display_predictions.json'), 'utf8')) as DisplayPrediction[];
    for (const p of predictions) expect(predictionCorrectness(p.stats)).toEqual({ stat: 'exact_match', correct: p.stats.exact_match >= 0.5 });
  });
});

describe('markdownToHtml', () => {
  it('renders links and escapes everything else', () => {
    expect(markdownToHtml('MMLU [(Hendrycks et al., 2021)](https://openreview.net/forum?id=x).')).toBe(
      '<p>MMLU <a href="https://openreview.net/forum?id=x" target="_blank" rel="noopener">(Hendrycks et al., 2021)</a>.</p>',
    );
    expect(markdownToHtml('<script>alert(1)</script> [x](javascript:alert(1))')).not.toMatch(/<script|href="javascript/);
    expect(markdownToHtml('a\n\nb')).toBe('<p>a</p><p>b</p>');
  });
});
