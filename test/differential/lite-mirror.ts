import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parsePythonCsv } from '../../core/scenarios/python-csv';
import { PROJECT_ROOT } from '../helpers/paths';

/**
 * The prepared Lite mirror of the differential cases, built from the shared data exactly as
 * scripts/helm-reference/lite_mirror.py builds it for the Python HELM (its files' sha256 are in
 * test/golden/helm-diff/lite-mirror.sha256, and `liteMirrorMismatches` compares them).
 */
const LEGALBENCH_SUBSETS = ['abercrombie', 'corporate_lobbying', 'proa'];
const MEDQA_DIR = ['medqa', 'data_clean', 'questions', 'US', '4_options'];

/** Python's csv.writer(delimiter="\t", lineterminator="\n") with minimal quoting. */
function tsvLine(fields: string[]): string {
  return fields.map((f) => (/[\t"\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join('\t') + '\n';
}

/** An old LegalBench test file (`label` column) as the current format (`answer`), rows unchanged. */
export function convertOldLegalbenchTest(text: string): string {
  const rows = parsePythonCsv(text, '\t').map((r) => r.fields);
  const header = rows[0].map((name) => (name === 'label' ? 'answer' : name));
  return [header, ...rows.slice(1)].map(tsvLine).join('');
}

export function prepareLiteMirror(shared: string, dest: string): void {
  fs.mkdirSync(dest, { recursive: true });
  fs.symlinkSync(path.join(shared, 'math'), path.join(dest, 'math'));
  fs.mkdirSync(path.join(dest, 'legalbench'));
  fs.copyFileSync(path.join(shared, 'legalbench', 'helm_prompt_settings.jsonl'), path.join(dest, 'legalbench', 'helm_prompt_settings.jsonl'));
  for (const subset of LEGALBENCH_SUBSETS) {
    const task = path.join(dest, 'legalbench', 'tasks', subset);
    fs.mkdirSync(task, { recursive: true });
    fs.copyFileSync(path.join(shared, 'legalbench', 'tasks', subset, 'train.tsv'), path.join(task, 'train.tsv'));
    const old = fs.readFileSync(path.join(shared, 'legalbench', 'history-2d7f2ca', 'tasks', subset, 'test.tsv'), 'utf8');
    fs.writeFileSync(path.join(task, 'test.tsv'), convertOldLegalbenchTest(old));
  }
  const medqa = path.join(dest, ...MEDQA_DIR);
  fs.mkdirSync(medqa, { recursive: true });
  fs.copyFileSync(path.join(shared, ...MEDQA_DIR, 'phrases_no_exclude_test.jsonl'), path.join(medqa, 'phrases_no_exclude_test.jsonl'));
  for (const split of ['train', 'dev']) fs.writeFileSync(path.join(medqa, `phrases_no_exclude_${split}.jsonl`), '');
  // `shared` may be a folder of symlinks (the differential test's overlay): copy what they point to.
  fs.cpSync(fs.realpathSync(path.join(shared, 'wmt14')), path.join(dest, 'wmt14'), { recursive: true });
  fs.cpSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'lite-diff', 'huggingface'), path.join(dest, 'huggingface'), { recursive: true });
}

/** Files whose sha256 differs from the Python side's (or that one side lacks); math/ is the shared folder itself. */
export function liteMirrorMismatches(dest: string, sha256File: string): string[] {
  const expected = new Map(
    fs.readFileSync(sha256File, 'utf8').trim().split('\n').map((line) => {
      const [hash, rel] = line.split('  ');
      return [rel, hash] as const;
    }),
  );
  const actual = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      const rel = path.relative(dest, file);
      if (rel === 'math') continue;
      if (entry.isDirectory()) walk(file);
      else actual.set(rel, crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    }
  };
  walk(dest);
  const names = new Set([...expected.keys(), ...actual.keys()]);
  return [...names].filter((rel) => expected.get(rel) !== actual.get(rel)).sort();
}
