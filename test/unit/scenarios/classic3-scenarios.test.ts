/**
 * HELM Classic's summarization, code, copyright and disinformation scenarios against HELM's own
 * scenario classes (crfm-helm 0.5.16): instances equal to the Python HELM's on the canonical-format
 * fixtures in test/fixtures/scenarios/classic/ (made by scripts/helm-reference/make-classic3-fixtures.py;
 * goldens by classic3-scenario-goldens.py).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getScenario } from '../../../core/scenarios/registry';
import { pickleToJs, readPlainPickle } from '../../../core/scenarios/python-pickle';
import { cleanAndTruncate } from '../../../core/scenarios/summarization-scenario';
import { classicInstanceChecker } from './golden';

const { root: scenarioRoot, expectHelmInstances } = classicInstanceChecker('helm-classic3-');

describe('summarization (HELM’s pickles: cleaned, truncated to 512 words, training articles of 50–150 words, XSum’s filters)', () => {
  for (const c of ['xsum', 'xsum_sampled', 'cnndm', 'xsum_no_limits']) it(`${c}: instances equal to HELM's`, () => expectHelmInstances(`summarization_${c}`));

  it('splits on Python’s whitespace (no-break and thin spaces too) and truncates by words', () => {
    expect(cleanAndTruncate('a\nb\u00a0c\u2009d  e\ufeff', 3)).toBe('a b c');
    expect(cleanAndTruncate(' x\ty\n')).toBe('x y');
  });

  it('a missing pickle names the mirror path and HELM’s source', async () => {
    const scenario = getScenario('helm.benchmark.scenarios.summarization_scenario.SummarizationScenario');
    await expect(scenario.getInstances({ dataset_name: 'xsum' }, path.join(scenarioRoot, 'missing'), { mirrorDir: path.join(scenarioRoot, 'empty-mirror') })).rejects.toThrow(
      /Mirror file .*empty-mirror\/summarization\/xsum.pk does not exist \(expected a copy of https:\/\/storage.googleapis.com\/crfm-helm-public\/source_datasets\/scenarios\/summarization_scenario\/xsum.pk\)/,
    );
  });
});

describe('reading pickles without running them', () => {
  const python = (code: string): Buffer => execFileSync('python3', ['-c', `import pickle,sys; sys.stdout.buffer.write(${code})`]);

  it('reads the built-in types at every protocol as Python wrote them', () => {
    const value = "{'s': 'é\\u2009x', 'n': [1, -2, 300, 70000, -2**40, 2**70, 1.5, None, True, False], 't': (1, 'a'), 'nested': {'k': [{}, []]}}";
    for (const protocol of [0, 1, 2, 3, 4, 5]) {
      const read = readPlainPickle(python(`pickle.dumps(${value}, protocol=${protocol})`), 'p');
      const js = pickleToJs(read) as Record<string, unknown>;
      expect(js.s, `protocol ${protocol}`).toBe('é\u2009x');
      expect(js.n, `protocol ${protocol}`).toEqual([1, -2, 300, 70000, -(2 ** 40), 2n ** 70n, 1.5, null, true, false]);
      expect(js.t).toEqual([1, 'a']);
      expect(js.nested).toEqual({ k: [{}, []] });
    }
    // bytes pickle as themselves from protocol 3 on (before, through a codecs call, which is refused).
    expect(pickleToJs(readPlainPickle(python("pickle.dumps([b'\\x00\\xff'], protocol=3)"), 'p'))).toEqual([Uint8Array.from([0, 255])]);
  });

  it('keeps shared objects shared (memo) and refuses classes by name instead of running them', () => {
    const shared = pickleToJs(readPlainPickle(python("pickle.dumps((lambda l: {'a': l, 'b': l})(['x']), protocol=4)"), 'p')) as Record<string, unknown>;
    expect(shared).toEqual({ a: ['x'], b: ['x'] });
    expect(() => readPlainPickle(python("pickle.dumps(__import__('collections').OrderedDict(a=1), protocol=4)"), 'f.pk')).toThrow(
      /f.pk: cannot read this pickle \(it holds a Python object of collections.OrderedDict; only plain dicts, lists and strings are read/,
    );
    expect(() => readPlainPickle(python("pickle.dumps({'a': 1}, protocol=4)[:-3]"), 'f.pk')).toThrow(/f.pk: cannot read this pickle \(truncated/);
  });
});

describe('code (HumanEval: problems by task id in file order, all test; APPS)', () => {
  it("humaneval: instances equal to HELM's", () => expectHelmInstances('code_humaneval'));

  it("apps: instances equal to HELM's (pinned order, skipped problems, solutions re-indented with tabs, call-based and stdin prompts)", () =>
    expectHelmInstances('code_apps'));
});

describe('copyright (prefix → rest of the book, one test instance each, file order)', () => {
  for (const c of ['pilot', 'n_books_prefix_5', 'code_prompt_1']) it(`${c}: instances equal to HELM's`, () => expectHelmInstances(`copyright_${c}`));

  it("refuses Google Drive's HTML confirmation page as data, and keeps nothing", async () => {
    const mirror = path.join(scenarioRoot, 'html-mirror');
    mkdirSync(path.join(mirror, 'copyright'), { recursive: true });
    writeFileSync(path.join(mirror, 'copyright', 'oh_the_places.json'), '<!DOCTYPE html><html><body>Google Drive can&#39;t scan this file for viruses.</body></html>');
    const scenario = getScenario('helm.benchmark.scenarios.copyright_scenario.CopyrightScenario');
    const dir = path.join(scenarioRoot, 'copyright-html');
    await expect(scenario.getInstances({ datatag: 'oh_the_places' }, dir, { mirrorDir: mirror })).rejects.toThrow(
      /html-mirror\/copyright\/oh_the_places.json: got an HTML page instead of the copyright data \(Google Drive's confirmation page for large files\)/,
    );
    await expect(scenario.getInstances({ datatag: 'oh_the_places' }, dir, { mirrorDir: path.join(scenarioRoot, 'none') })).rejects.toThrow(
      /none\/copyright\/oh_the_places.json does not exist \(expected a copy of https:\/\/drive.google.com\/uc\?id=1KXqhO14HmCGQ67tuu2ECGbTGloTkBvzt\)/,
    );
  });
});

describe('disinformation (reiteration by topic with train/valid; wedging sub-split by targeted action)', () => {
  for (const c of ['reiteration_covid', 'reiteration_climate', 'wedging']) it(`${c}: instances equal to HELM's`, () => expectHelmInstances(`disinformation_${c}`));
});
