import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { parseHocon, parseRunEntries, readRunEntriesFile } from '../../../core/run-specs/hocon';

const FIXTURES = path.resolve(__dirname, '../../fixtures/helm-conf');
const fixture = (name: string) => path.join(FIXTURES, name);

describe('HELM run_entries*.conf files', () => {
  // Counts checked against the entries a line-by-line reading of each file finds.
  const counts: Record<string, number> = {
    'run_entries.conf': 465,
    'run_entries_big_bench_lite.conf': 67,
    'run_entries_cleva_v1.conf': 253,
    'run_entries_codeinsights.conf': 15,
    'run_entries_decodingtrust.conf': 178,
    'run_entries_finance.conf': 3,
    'run_entries_mmlu.conf': 57,
    'run_entries_small.conf': 4,
    'run_entries_tiny.conf': 1,
    'run_entries_unitxt.conf': 4,
  };
  for (const [file, count] of Object.entries(counts)) {
    it(`${file} has ${count} entries`, () => {
      expect(readRunEntriesFile(fixture(file))).toHaveLength(count);
    });
  }

  it('reads the tiny conf exactly', () => {
    expect(readRunEntriesFile(fixture('run_entries_tiny.conf'))).toEqual([
      { description: 'mmlu:subject=philosophy,model=text', priority: 1 },
    ]);
  });

  it('reads groups and priorities (mmlu conf)', () => {
    const entries = readRunEntriesFile(fixture('run_entries_mmlu.conf'));
    expect(entries[0]).toEqual({
      description: 'mmlu:model=text,eval_split=test,subject=abstract_algebra',
      priority: 2,
      groups: ['mmlu_abstract_algebra'],
    });
    expect(entries[56].description).toBe('mmlu:model=text,eval_split=test,subject=world_religions');
    expect(entries[56].priority).toBe(4);
  });

  it('accepts a quoted "entries" key (finance, unitxt)', () => {
    expect(readRunEntriesFile(fixture('run_entries_finance.conf')).map((e) => e.description)).toEqual([
      'fin_qa:model=text',
      'financebench:model=text',
      'raft:subset=banking_77,model=text',
    ]);
    expect(readRunEntriesFile(fixture('run_entries_unitxt.conf'))[0].description).toMatch(/^unitxt:card=cards\.amazon_mass\.es_ES,/);
  });

  it('accepts priority=1 and trailing comments (decodingtrust)', () => {
    const entries = readRunEntriesFile(fixture('run_entries_decodingtrust.conf'));
    expect(entries[0]).toEqual({ description: 'decodingtrust_toxicity_prompts:subject=toxic,model=text', priority: 1 });
    expect(entries.every((e) => e.priority === 1)).toBe(true);
  });

  it('keeps empty values and data_augmentation in descriptions', () => {
    const bb = readRunEntriesFile(fixture('run_entries_big_bench_lite.conf'));
    expect(bb[0].description).toBe(
      'big_bench:model=text,max_train_instances=big_bench_few_shot_setting,task=auto_debugging,subtask=',
    );
    const main = readRunEntriesFile(fixture('run_entries.conf'));
    expect(main[0]).toEqual({ description: 'boolq:model=text,data_augmentation=canonical', priority: 1 });
    expect(main[464]).toEqual({ description: 'lm_entry:model=text,task=word_before', priority: 3 });
  });
});

describe('parseHocon', () => {
  it('parses the HOCON subset', () => {
    const text = [
      '// header comment',
      'a = 1',
      'b: -2.5e3',
      'c: true, d: false, e: null',
      'f: unquoted words here # comment',
      'g: "esc \\"q\\" \\n \\u00e9 \\/"',
      'h { x: 1 }',
      'h { y: [1, 2,',
      '  3,',
      ']}',
      '"quoted.key": "v"',
      'dotted.path: 5',
      'url: "http://x//y"',
      't: """raw "text" \\n"""',
    ].join('\n');
    expect(parseHocon(text, 'x.conf')).toEqual({
      a: 1,
      b: -2500,
      c: true,
      d: false,
      e: null,
      f: 'unquoted words here',
      g: 'esc "q" \n é /',
      h: { x: 1, y: [1, 2, 3] },
      'quoted.key': 'v',
      dotted: { path: 5 },
      url: 'http://x//y',
      t: 'raw "text" \\n',
    });
  });

  it('accepts root braces, root arrays and empty input', () => {
    expect(parseHocon('{ a: [ ] }', 'f')).toEqual({ a: [] });
    expect(parseHocon('[1, "two"]', 'f')).toEqual([1, 'two']);
    expect(parseHocon('  # nothing\n', 'f')).toEqual({});
  });

  it('later values override earlier ones; objects merge', () => {
    expect(parseHocon('a: 1\na: 2\nb {x: 1}\nb {y: 2}', 'f')).toEqual({ a: 2, b: { x: 1, y: 2 } });
  });

  const errors: Array<[string, string]> = [
    ['entries: [\n  {description: "x"}\n', "f.conf:3:1: expected ']' to close the array opened at f.conf:1:10, got end of file"],
    ['entries: [ {description: "x" ]', "f.conf:1:30: expected ',', a newline or '}' after the field, got ']'"],
    ['a: "abc\n', `f.conf:1:8: expected '"' to close the string opened at f.conf:1:4`],
    ['a 1', "f.conf:1:3: expected ':', '=' or '{' after key 'a', got '1'"],
    ['a: [1,,2]', "f.conf:1:7: expected an array element or ']', got ','"],
    ['a: 1,,', "f.conf:1:6: expected a field or end of file, got ','"],
    ['a:\n', 'f.conf:2:1: expected a value for key \'a\', got end of file'],
    ['a: "x\\q"', "f.conf:1:6: invalid escape '\\q' in string (accepted: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"],
    ['a: 1 }', "f.conf:1:6: expected ',', a newline or end of file after the field, got '}'"],
    ['a: b$c', `f.conf:1:5: unexpected '$' in unquoted text (quote the value with "...")`],
    ['{ a: 1', "f.conf:1:7: expected ',', a newline or '}' after the field, got end of file"],
    ['{ a: 1\n', "f.conf:2:1: expected '}' to close the object opened at f.conf:1:1, got end of file"],
  ];
  for (const [text, message] of errors) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      expect(() => parseHocon(text, 'f.conf')).toThrow(HelmInputError);
      expect(() => parseHocon(text, 'f.conf')).toThrow(message);
    });
  }
});

describe('run entries files', () => {
  it('rejects a wrong shape, naming the file', () => {
    expect(() => parseRunEntries('entries: [{priority: 1}]', 'bad.conf')).toThrow(
      /^bad\.conf: not a valid run entries file .*entries\.0\.description/,
    );
    expect(() => parseRunEntries('entries: [{description: "x", priority: "high"}]', 'bad.conf')).toThrow(
      /bad\.conf: .*entries\.0\.priority/,
    );
  });

  it('ignores extra keys and accepts missing priority/groups', () => {
    expect(parseRunEntries('entries: [{description: "a", extra: 1}]', 'f')).toEqual([{ description: 'a' }]);
  });

  it('names a missing file', () => {
    const missing = path.join(os.tmpdir(), 'helm-ts-no-such-file.conf');
    expect(() => readRunEntriesFile(missing)).toThrow(`Cannot read run entries file ${missing}`);
  });

  it('reports syntax errors with the file name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hocon-'));
    const file = path.join(dir, 'x.conf');
    fs.writeFileSync(file, 'entries: [\n  {description: "a"}\n  {description "b"}\n]\n');
    expect(() => readRunEntriesFile(file)).toThrow(`${file}:3:16: expected ':', '=' or '{' after key 'description', got '"'`);
  });
});
