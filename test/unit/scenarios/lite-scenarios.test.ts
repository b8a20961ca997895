import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { readParquetRows } from '../../../core/scenarios/huggingface';
import { getLegalbenchInstances, parseTsvRecords } from '../../../core/scenarios/legalbench-scenario';
import { parseLegalbenchPromptSettings } from '../../../core/scenarios/legalbench-prompt-settings';
import { getMathInstances, readMathSplit, sortAndShuffle } from '../../../core/scenarios/math-scenario';
import { getMedQaInstances, medQaInstance } from '../../../core/scenarios/med-qa-scenario';
import { getWmt14Instances, newstestRows, WMT14_DATASET } from '../../../core/scenarios/wmt-14-scenario';
import { PROJECT_ROOT, SHARED_DATA, tempDir } from '../../helpers/paths';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const WMT_FIXTURE = path.join(FIXTURES, 'huggingface', 'wmt', 'wmt14', WMT14_DATASET.revision, 'de-en');
/** HELM's WMT14Scenario('de', 'en') on the fixture (scripts/helm-reference/wmt14-parquet-golden.py). */
const HELM_WMT_INSTANCES = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'huggingface', 'wmt14-de-en-helm-instances.json'), 'utf8')) as Array<
  [string, string, string]
>;
const triples = (instances: Array<{ input: { text: string }; references: Array<{ output: { text: string } }>; split?: string }>) =>
  instances.map((i) => [i.input.text, i.references[0].output.text, i.split]);

/** A mirror folder made of the given files (relative path → content or source file). */
function mirrorWith(files: Record<string, string | { copy: string }>): string {
  const dir = tempDir('mirror');
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(file, content);
    else fs.copyFileSync(content.copy, file);
  }
  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('WMT14 from Parquet in the Hub layout (hyparquet)', () => {
  it('reads nested translation structs', async () => {
    const rows = await readParquetRows(path.join(WMT_FIXTURE, 'test-00000-of-00001.parquet'));
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0].translation as object).sort()).toEqual(['de', 'en']);
  });

  it('gives HELM’s instances: shuffled train (two shards, de-duplicated), validation, test', async () => {
    const instances = await getWmt14Instances({ source_language: 'de', target_language: 'en' }, tempDir('wmt'), { mirrorDir: FIXTURES });
    expect(triples(instances)).toEqual(HELM_WMT_INSTANCES);
  });

  it('builds the test split from the newstest2014 SGML files', () => {
    const src = '<doc>\n<seg id="1">Hallo &amp; Welt</seg>\n<seg id="2"></seg>\n<seg id="3">a</seg> b</seg>\n</doc>\n';
    const ref = '<seg id="1">Hello &amp; world</seg>\n<seg id="2">x</seg>\n<seg id="3">c</seg>\n';
    expect(newstestRows(src, ref, 'de')).toEqual([
      { de: 'Hallo &amp; Welt', en: 'Hello &amp; world' },
      { de: 'a</seg> b', en: 'c' },
    ]);
  });

  it('a corrupt Parquet file is bad input naming the file', async () => {
    const mirror = mirrorWith({});
    const dir = path.join(mirror, 'huggingface', 'wmt', 'wmt14', WMT14_DATASET.revision, 'de-en');
    fs.mkdirSync(dir, { recursive: true });
    for (const split of ['train', 'validation']) fs.copyFileSync(path.join(WMT_FIXTURE, `${split}-00000-of-0000${split === 'train' ? 2 : 1}.parquet`), path.join(dir, `${split}-00000-of-00001.parquet`));
    fs.writeFileSync(path.join(dir, 'test-00000-of-00001.parquet'), 'PAR1 this is not parquet');
    const error = await rejection(getWmt14Instances({ source_language: 'de', target_language: 'en' }, tempDir('wmt'), { mirrorDir: mirror }));
    expect(error).toBeInstanceOf(HelmInputError);
    expect(error.message).toMatch(/test-00000-of-00001\.parquet: not a readable Parquet file/);
  });

  it('a missing split names the dataset, the files looked for and the canonical source', async () => {
    const error = await rejection(getWmt14Instances({ source_language: 'de', target_language: 'en' }, tempDir('wmt'), { mirrorDir: SHARED_DATA }));
    expect(error).toBeInstanceOf(HelmInputError);
    expect(error.message).toContain('WMT14 de-en, train split is missing');
    expect(error.message).toContain(`https://huggingface.co/datasets/wmt/wmt14/resolve/${WMT14_DATASET.revision}/de-en/train-00000-of-NNNNN.parquet`);
  });

  it('rejects a language pair WMT14 does not have', async () => {
    const error = await rejection(getWmt14Instances({ source_language: 'de', target_language: 'fr' }, tempDir('wmt'), { mirrorDir: FIXTURES }));
    expect(error.message).toBe('WMT14: one of the languages must be English');
  });
});

describe('WMT14 from the Hub (@huggingface/hub against a local stand-in for the Hub, HF_ENDPOINT)', () => {
  let server: http.Server;
  const requests: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      requests.push(url.pathname);
      const tree = `/api/datasets/wmt/wmt14/tree/${WMT14_DATASET.revision}/de-en`;
      const resolve = `/datasets/wmt/wmt14/resolve/${WMT14_DATASET.revision}/`;
      if (url.pathname === tree) {
        const files = fs.readdirSync(WMT_FIXTURE).map((name) => ({
          type: 'file',
          path: `de-en/${name}`,
          size: fs.statSync(path.join(WMT_FIXTURE, name)).size,
          oid: '0'.repeat(40),
        }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(files));
      } else if (url.pathname.startsWith(resolve)) {
        const file = path.join(WMT_FIXTURE, '..', ...url.pathname.slice(resolve.length).split('/'));
        if (!fs.existsSync(file)) return void res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('not found');
        const bytes = fs.readFileSync(file);
        const headers = { 'content-type': 'application/octet-stream', etag: `"${bytes.length}"` };
        // The Hub answers byte ranges (the client asks for the first byte to learn the size).
        const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
        if (range) {
          const start = Number(range[1]);
          const end = range[2] === '' ? bytes.length - 1 : Math.min(Number(range[2]), bytes.length - 1);
          res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${bytes.length}` }).end(bytes.subarray(start, end + 1));
        } else res.writeHead(200, headers).end(bytes);
      } else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.HF_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    delete process.env.HF_ENDPOINT;
    server.close();
  });

  it('lists the shards at HELM’s revision, downloads them and gives HELM’s instances', async () => {
    const scenarioDir = tempDir('wmt-hub');
    const instances = await getWmt14Instances({ source_language: 'de', target_language: 'en' }, scenarioDir);
    expect(triples(instances)).toEqual(HELM_WMT_INSTANCES);
    expect(new Set(requests.filter((r) => r.includes('/resolve/'))).size).toBe(4);
    expect(fs.existsSync(path.join(scenarioDir, 'data', 'wmt--wmt14', 'de-en', 'train-00001-of-00002.parquet'))).toBe(true);
  });
});

describe('LegalBench', () => {
  const settingsFile = path.join(SHARED_DATA, 'legalbench', 'helm_prompt_settings.jsonl');

  it('reads the prompt settings HELM reads (five JSON lines)', () => {
    const settings = parseLegalbenchPromptSettings(fs.readFileSync(settingsFile, 'utf8'), settingsFile, 'corporate_lobbying');
    expect(settings.fieldOrdering.map(([label]) => label)).toEqual([
      'Official title of bill',
      'Official summary of bill',
      'Company name',
      'Company business description',
    ]);
    expect(settings.labelKey).toBe('answer');
    expect(settings.outputNoun).toBe('Label');
    expect(() => parseLegalbenchPromptSettings('{}\n{}', 'x.json', 'proa')).toThrow(/expected 5 lines/);
    expect(() => parseLegalbenchPromptSettings(fs.readFileSync(settingsFile, 'utf8'), settingsFile, 'hearsay')).toThrow(
      /unknown subset "hearsay"; accepted subsets: abercrombie/,
    );
  });

  it('builds `<label>: <column>` prompts from train and test rows', async () => {
    const test = 'answer\ttext\nYes\t"A ""quoted"" statute"\nNo\tplain\n';
    const mirror = mirrorWith({
      'legalbench/helm_prompt_settings.jsonl': { copy: settingsFile },
      'legalbench/tasks/proa/train.tsv': { copy: path.join(SHARED_DATA, 'legalbench', 'tasks', 'proa', 'train.tsv') },
      'legalbench/tasks/proa/test.tsv': test,
    });
    const instances = await getLegalbenchInstances({ subset: 'proa' }, tempDir('legalbench'), { mirrorDir: mirror });
    expect(instances.map((i) => i.split)).toEqual([...Array(5).fill('train'), 'test', 'test']);
    expect(instances[5]).toEqual({ input: { text: 'Statute: A "quoted" statute' }, references: [{ output: { text: 'Yes' }, tags: ['correct'] }], split: 'test' });
  });

  it('the missing test split of the shared data is named with its canonical source', async () => {
    const error = await rejection(getLegalbenchInstances({ subset: 'abercrombie' }, tempDir('legalbench'), { mirrorDir: SHARED_DATA }));
    expect(error.message).toMatch(/^LegalBench subset abercrombie, test split is missing: none of .*legalbench\/tasks\/abercrombie\/test\.tsv/);
    expect(error.message).toContain('https://huggingface.co/datasets/nguha/legalbench/resolve/e042ea68c19df12b737fe768572f22ead61e8e37/data/abercrombie/test.tsv');
  });

  it('an unknown subset and a file without the label column are bad input', async () => {
    expect((await rejection(getLegalbenchInstances({ subset: 'hearsay' }, tempDir('lb'), { mirrorDir: SHARED_DATA }))).message).toMatch(
      /legalbench: invalid subset "hearsay"; accepted values: abercrombie/,
    );
    const mirror = mirrorWith({
      'legalbench/helm_prompt_settings.jsonl': { copy: settingsFile },
      'legalbench/tasks/proa/train.tsv': 'label\ttext\nYes\tx\n',
      'legalbench/tasks/proa/test.tsv': 'label\ttext\nYes\tx\n',
    });
    expect((await rejection(getLegalbenchInstances({ subset: 'proa' }, tempDir('lb'), { mirrorDir: mirror }))).message).toMatch(
      /train\.tsv: row 1: no column "answer" \(columns: label, text\)/,
    );
    expect(() => parseTsvRecords('a\tb\n1\n', 'f.tsv')).toThrow('f.tsv: line 2 has 1 fields, the header has 2');
  });
});

describe('MedQA', () => {
  it('reads the real test file; options stripped of stray quotes and spaces', async () => {
    const medqa = 'medqa/data_clean/questions/US/4_options';
    const mirror = mirrorWith({
      [`${medqa}/phrases_no_exclude_test.jsonl`]: { copy: path.join(SHARED_DATA, medqa, 'phrases_no_exclude_test.jsonl') },
      [`${medqa}/phrases_no_exclude_train.jsonl`]: '',
      [`${medqa}/phrases_no_exclude_dev.jsonl`]: '',
    });
    const instances = await getMedQaInstances({}, tempDir('medqa'), { mirrorDir: mirror });
    expect(instances).toHaveLength(1273);
    expect(instances.every((i) => i.split === 'test' && i.references.filter((r) => r.tags.includes('correct')).length === 1)).toBe(true);
    expect(medQaInstance({ question: 'q', options: { A: 'x\n"', B: 'y ', C: 'z""', D: 'w' }, answer_idx: 'B' }, 'test', 'l1').references).toEqual([
      { output: { text: 'x' }, tags: [] },
      { output: { text: 'y' }, tags: ['correct'] },
      { output: { text: 'z' }, tags: [] },
      { output: { text: 'w' }, tags: [] },
    ]);
  });

  it('the missing train split of the shared data is named with its canonical source; bad lines are bad input', async () => {
    const error = await rejection(getMedQaInstances({}, tempDir('medqa'), { mirrorDir: SHARED_DATA }));
    expect(error.message).toMatch(/^MedQA: the train split is missing: data_clean\/questions\/US\/4_options\/phrases_no_exclude_train\.jsonl/);
    expect(error.message).toContain('https://drive.google.com/uc?export=download&id=1ImYUSLk9JbgHXOemfvyiDiirluZHPeQw');
    expect(() => medQaInstance({ question: 'q', options: { A: 'x' }, answer_idx: 'A' }, 'test', 'f: line 3')).toThrow('f: line 3: expected 4 answer options, got 1');
    const medqa = 'medqa/data_clean/questions/US/4_options';
    const mirror = mirrorWith({
      [`${medqa}/phrases_no_exclude_test.jsonl`]: '{"question": "q", "options": {\n',
      [`${medqa}/phrases_no_exclude_train.jsonl`]: '',
      [`${medqa}/phrases_no_exclude_dev.jsonl`]: '',
    });
    expect((await rejection(getMedQaInstances({}, tempDir('medqa'), { mirrorDir: mirror }))).message).toMatch(/phrases_no_exclude_test\.jsonl: line 1 is not valid JSON/);
  });
});

describe('MATH', () => {
  it('keeps the subject’s and level’s rows in HELM’s sorted-then-shuffled order', async () => {
    const rows = readMathSplit(path.join(SHARED_DATA, 'math'), 'test');
    expect(rows).toHaveLength(5000);
    const shuffled = sortAndShuffle(rows);
    expect(new Set(shuffled.map((r) => r.problem)).size).toBe(5000);
    const instances = await getMathInstances(
      { subject: 'geometry', level: 2, use_official_examples: true, use_chain_of_thought: false },
      tempDir('math'),
      { mirrorDir: SHARED_DATA },
    );
    expect(instances.slice(0, 8).map((i) => i.references[0].output.text)).toEqual(['1', '15', '\\sqrt{59}', '\\frac{1}{32}', '181', '50', '2', '3']);
    expect(instances.slice(8).every((i) => i.split === 'test')).toBe(true);
  });

  it('an unknown subject or level, a missing split or a corrupt file is bad input', async () => {
    const args = { subject: 'algebra', level: 1, use_official_examples: false, use_chain_of_thought: false };
    expect((await rejection(getMathInstances({ ...args, subject: 'calculus' }, tempDir('m'), { mirrorDir: SHARED_DATA }))).message).toMatch(
      /MATH: invalid subject "calculus"; accepted values: number_theory/,
    );
    expect((await rejection(getMathInstances({ ...args, level: 6 }, tempDir('m'), { mirrorDir: SHARED_DATA }))).message).toBe(
      'MATH: invalid level "6"; accepted levels: 1, 2, 3, 4, 5',
    );
    const noTrain = mirrorWith({ 'math/test/algebra/1.json': '{"problem": "p", "level": "Level 1", "type": "Algebra", "solution": "\\\\boxed{2}"}' });
    expect((await rejection(getMathInstances(args, tempDir('m'), { mirrorDir: noTrain }))).message).toMatch(
      /MATH \(hendrycks\/competition_math@71b758e.*\): the train split is missing: .*math\/train does not exist in the data mirror \(canonical source: https:\/\/people\.eecs\.berkeley\.edu\/~hendrycks\/MATH\.tar/,
    );
    const corrupt = mirrorWith({ 'math/test/algebra/1.json': '{"problem": ', 'math/train/algebra/1.json': '{}' });
    expect((await rejection(getMathInstances(args, tempDir('m'), { mirrorDir: corrupt }))).message).toMatch(/math\/train\/algebra\/1\.json: not a MATH problem/);
    expect((await rejection(getMathInstances(args, tempDir('m'), { mirrorDir: mirrorWith({ 'math/train/algebra/1.json': '{"problem": ', 'math/test/x/1.json': '{}' }) }))).message).toMatch(
      /math\/train\/algebra\/1\.json: not valid JSON/,
    );
  });
});

describe('NaturalQuestions (canonical release format)', () => {
  const html = '<h1>Tesco&nbsp;plc</h1><p>Tesco and Aldi are big.</p>';
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const p = html.indexOf('<p>');
  const sample = (question: string, shortAnswers: Array<[string, string]>) => ({
    document_title: 'Tesco',
    document_html: html,
    document_tokens: [{ token: '<h1>' }, { token: 'Tesco plc' }, { token: '&amp;' }],
    question_text: question,
    annotations: [
      {
        long_answer: { start_byte: bytes(html.slice(0, p)), end_byte: bytes(html) },
        short_answers: shortAnswers.map(([before, text]) => ({ start_byte: bytes(html.slice(0, html.indexOf(before))), end_byte: bytes(html.slice(0, html.indexOf(before))) + bytes(text) })),
      },
    ],
  });

  it('reads the gzip JSON lines: samples without a short answer dropped, even/odd to train/valid, modes', async () => {
    const { gzipSync } = await import('node:zlib');
    const lines = [sample('who is the largest supermarket in the uk', [['Tesco and', 'Tesco'], ['Aldi', 'Aldi']]), sample('none', []), sample('what is big?', [['Aldi', 'Aldi']])];
    const files: Record<string, string> = {};
    const mirror = mirrorWith(files);
    fs.mkdirSync(path.join(mirror, 'natural_qa'));
    for (let i = 0; i < 5; i++) {
      fs.writeFileSync(path.join(mirror, 'natural_qa', `nq-dev-0${i}.jsonl.gz`), gzipSync(i === 0 ? lines.map((l) => JSON.stringify(l)).join('\n') + '\n' : ''));
    }
    const { getNaturalQaInstances } = await import('../../../core/scenarios/natural-qa-scenario');
    const closed = await getNaturalQaInstances({ mode: 'closedbook' }, tempDir('nq'), { mirrorDir: mirror });
    expect(closed.map((i) => [i.input.text, i.split, i.references.length])).toEqual([
      ['Who is the largest supermarket in the uk?', 'train', 1],
      ['What is big?', 'valid', 1],
    ]);
    const open = await getNaturalQaInstances({ mode: 'openbook_longans' }, tempDir('nq'), { mirrorDir: mirror });
    expect(open[1].input.text).toBe('Passage: Tesco and Aldi are big.\n\nQuestion: What is big?');
    const wiki = await getNaturalQaInstances({ mode: 'openbook_wiki' }, tempDir('nq'), { mirrorDir: mirror });
    expect(wiki[0].input.text.startsWith('Title: Tesco\n\nPassage:  Tesco_plc &\n\nQuestion: ')).toBe(true);
  });

  it('a missing file names its canonical URL; an unknown mode is bad input', async () => {
    const { getNaturalQaInstances } = await import('../../../core/scenarios/natural-qa-scenario');
    expect((await rejection(getNaturalQaInstances({ mode: 'closedbook' }, tempDir('nq'), { mirrorDir: SHARED_DATA }))).message).toMatch(
      /^NaturalQuestions: .*natural_qa\/nq-dev-00\.jsonl\.gz is missing from the data mirror \(canonical source: https:\/\/storage\.googleapis\.com\/natural_questions\/v1\.0\/dev\/nq-dev-00\.jsonl\.gz/,
    );
    expect((await rejection(getNaturalQaInstances({ mode: 'open' }, tempDir('nq'), { mirrorDir: SHARED_DATA }))).message).toMatch(/natural_qa: invalid mode "open"/);
  });
});
