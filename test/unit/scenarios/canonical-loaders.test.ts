import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { boolqInput, getBoolqInstances, parseBoolqContrast, parseBoolqSplit, pythonCapitalize } from '../../../core/scenarios/boolq-scenario';
import {
  getHellaswagInstances,
  getOpenbookqaInstances,
  parseHellaswagJsonLines,
  parseOpenbookqaJsonLines,
} from '../../../core/scenarios/commonsense-scenario';
import { getNarrativeqaInstances, narrativeqaInstances, parseCsvDicts } from '../../../core/scenarios/narrativeqa-scenario';
import { getTruthfulQaInstances, parseTruthfulQaCsv, truthfulQaInstances } from '../../../core/scenarios/truthful-qa-scenario';
import { crc32, extractZip, readZipEntries } from '../../../core/scenarios/unzip';
import { getWikitext103Instances, splitWikitextArticles } from '../../../core/scenarios/wikitext-103-scenario';
import { SHARED_DATA } from './golden';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'helm-loaders-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/**
 * A real-data test runs only when its file or folder exists (shared/data holds only some splits of
 * some datasets); otherwise its title says what is missing.
 */
function withData(relativePath: string, title: string, body: () => Promise<void>): void {
  const needed = path.join(SHARED_DATA, relativePath);
  const present = existsSync(needed);
  it.skipIf(!present)(present ? title : `${title} (skipped: ${needed} is missing)`, body);
}

describe('wikitext_103', () => {
  it('splits articles at " \\n", " = Title = \\n", " \\n" but not at section titles', () => {
    const text = [' \n', ' = Alpha = \n', ' \n', ' Text a . \n', ' \n', ' = = Section = = \n', ' \n', ' more \n', ' \n', ' = Beta = \n', ' \n', ' b \n'].join('');
    const articles = splitWikitextArticles(text);
    expect(articles.map((a) => a.input.text)).toEqual([
      ' \n = Alpha = \n \n Text a . \n \n = = Section = = \n \n more \n',
      ' \n = Beta = \n \n b \n',
    ]);
    expect(articles[0]).toEqual({ input: { text: articles[0].input.text }, references: [], split: 'test' });
    // Text before the first title is an article of its own; the last line needs no newline.
    expect(splitWikitextArticles('intro\n \n = T = \n \nend').map((a) => a.input.text)).toEqual(['intro\n', ' \n = T = \n \nend']);
  });

  withData('wikitext_103', 'the real test set has HELM 60 articles', async () => {
    const instances = await getWikitext103Instances({}, path.join(tmp, 'wikitext_103'), { mirrorDir: SHARED_DATA });
    expect(instances).toHaveLength(60);
  });
});

describe('boolq', () => {
  it('capitalises like Python and builds the passage/question input', () => {
    expect(pythonCapitalize('is THE sky blue')).toBe('Is the sky blue');
    expect(boolqInput('P.', '  can you use oyster card at epsom station ')).toEqual({
      text: 'P.\nQuestion: Can you use oyster card at epsom station?',
    });
    expect(() => boolqInput('P.', 'is it?')).toThrow(HelmInputError);
  });

  it('attaches answer-flipping contrast questions to valid instances; only_contrast drops the others', () => {
    const contrast = parseBoolqContrast(
      JSON.stringify({
        data: [
          { question: 'skipped first', answer: 'TRUE', perturbed_questions: [] },
          {
            question: 'is it red',
            answer: 'TRUE',
            perturbed_questions: [
              { perturbed_q: 'is it blue', answer: 'FALSE' },
              { perturbed_q: 'is it scarlet', answer: 'TRUE' },
              { perturbed_q: '', answer: 'FALSE' },
            ],
          },
          { question: 'no flips', answer: 'FALSE', perturbed_questions: [{ perturbed_q: 'q', answer: 'FALSE' }] },
        ],
      }),
      'perturbed.json',
    );
    expect([...contrast.keys()]).toEqual(['is it red']);
    const lines = '{"question": "is it red", "passage": "A ball.", "answer": true}\n{"question": "is it big", "passage": "B.", "answer": false}\n';
    const valid = parseBoolqSplit(lines, 'dev', 'valid', contrast, false);
    expect(valid[0]).toEqual({
      input: { text: 'A ball.\nQuestion: Is it red?' },
      references: [{ output: { text: 'Yes' }, tags: ['correct'] }],
      split: 'valid',
      contrast_inputs: [{ text: 'A ball.\nQuestion: Is it blue?' }],
      contrast_references: [[{ output: { text: 'No' }, tags: ['correct'] }]],
    });
    expect(valid[1].references[0].output.text).toBe('No');
    expect(parseBoolqSplit(lines, 'dev', 'valid', contrast, true)).toHaveLength(1);
    expect(parseBoolqSplit(lines, 'train', 'train', new Map(), true)).toHaveLength(2);
  });

  withData('boolq/boolq_perturbed.json', 'the real contrast set: 64 of its 69 questions have 173 answer-flipping perturbations', async () => {
    const file = path.join(SHARED_DATA, 'boolq', 'boolq_perturbed.json');
    const contrast = parseBoolqContrast(await readFile(file, 'utf8'), file);
    expect(contrast.size).toBe(64);
    expect([...contrast.values()].reduce((n, entry) => n + entry.perturbedQuestions.length, 0)).toBe(173);
    for (const entry of contrast.values()) {
      expect(entry.perturbedQuestions.length).toBe(entry.perturbedAnswers.length);
      expect(entry.perturbedAnswers.every((answer) => answer !== entry.originalAnswer)).toBe(true);
    }
  });

  withData('boolq/train.jsonl', 'the real files give 9,427 train and 3,270 valid instances', async () => {
    const instances = await getBoolqInstances({}, path.join(tmp, 'boolq'), { mirrorDir: SHARED_DATA });
    expect(instances.filter((i) => i.split === 'train')).toHaveLength(9427);
    expect(instances.filter((i) => i.split === 'valid')).toHaveLength(3270);
  });
});

describe('truthful_qa', () => {
  const csv =
    'Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers,Source\n' +
    'Adversarial,Misc, What is up? ,The sky,The sky; Up,Down; ; Left.,src\n' +
    'Adversarial,Misc,Q2,Yes,Yes,No,src\n'.repeat(4);

  it('formats answers, rotates references by the best answer code point, and takes int(20%) as train', () => {
    const instances = truthfulQaInstances(parseTruthfulQaCsv(csv, 'tqa.csv'));
    // Checked against the Python HELM on this CSV. 'T' = 84; 3 references; 84 % 3 = 0: no rotation.
    expect(instances[0]).toEqual({
      input: { text: 'What is up?' },
      references: [
        { output: { text: 'Down.' }, tags: [] },
        { output: { text: 'Left.' }, tags: [] },
        { output: { text: 'The sky.' }, tags: ['correct'] },
      ],
      split: 'train',
    });
    // 'Y' = 89; 2 references; 89 % 2 = 1: rotated left by one.
    expect(instances[1].references.map((r) => r.output.text)).toEqual(['Yes.', 'No.']);
    expect(instances.map((i) => i.split)).toEqual(['train', 'valid', 'valid', 'valid', 'valid']);
    expect(() => parseTruthfulQaCsv('h\na,b\n', 'bad.csv')).toThrow(/bad.csv: line 2 has 2 fields; expected 7/);
  });

  withData('truthful_qa', 'the real CSV gives 163 train and 654 valid instances', async () => {
    const instances = await getTruthfulQaInstances({ task: 'mc_single' }, path.join(tmp, 'truthful_qa'), { mirrorDir: SHARED_DATA });
    expect(instances.filter((i) => i.split === 'train')).toHaveLength(163);
    expect(instances.filter((i) => i.split === 'valid')).toHaveLength(654);
  });

  it('rejects an unknown task', async () => {
    await expect(getTruthfulQaInstances({ task: 'generation' }, path.join(tmp, 'tq'))).rejects.toThrow(
      /truthful_qa: invalid task "generation"; accepted values: mc_single/,
    );
  });
});

describe('commonsense', () => {
  it('hellaswag: label, context with ctx_b capitalised (empty ctx_b leaves a trailing space)', () => {
    const line = (ctxB: string) =>
      JSON.stringify({ activity_label: 'Baking', ctx_a: 'She mixes.', ctx_b: ctxB, endings: ['a', 'b', 'c', 'd'], label: 2 });
    const [one, two] = parseHellaswagJsonLines(`${line('then pours')}\n${line('')}\n`, 'hs.jsonl', 'val');
    expect(one).toEqual({
      input: { text: 'Baking: She mixes. Then pours' },
      references: [
        { output: { text: 'a' }, tags: [] },
        { output: { text: 'b' }, tags: [] },
        { output: { text: 'c' }, tags: ['correct'] },
        { output: { text: 'd' }, tags: [] },
      ],
      split: 'valid',
    });
    expect(two.input.text).toBe('Baking: She mixes. ');
  });

  it('openbookqa: stem and four choices, correct at answerKey', () => {
    const item = {
      id: '7-980',
      question: { stem: 'The sun is', choices: ['A', 'B', 'C', 'D'].map((label, i) => ({ text: `t${i}`, label })) },
      answerKey: 'B',
    };
    const [instance] = parseOpenbookqaJsonLines(`${JSON.stringify(item)}\n`, 'obqa.jsonl', 'test');
    expect(instance.input.text).toBe('The sun is');
    expect(instance.references.map((r) => r.tags)).toEqual([[], ['correct'], [], []]);
    expect(instance.split).toBe('test');
    expect(() => parseOpenbookqaJsonLines('{"question": {}}\n', 'obqa.jsonl', 'test')).toThrow(/obqa.jsonl: line 1: not an OpenBookQA item/);
  });

  withData('hellaswag', 'the real HellaSwag files load (train, then val as valid)', async () => {
    const instances = await getHellaswagInstances({}, path.join(tmp, 'hellaswag'), { mirrorDir: SHARED_DATA });
    expect(instances.filter((i) => i.split === 'valid')).toHaveLength(10042);
  });

  withData('openbookqa', 'the real OpenBookQA files load (train 4,957, test 500)', async () => {
    const instances = await getOpenbookqaInstances({}, path.join(tmp, 'openbookqa'), { mirrorDir: SHARED_DATA });
    expect(instances.filter((i) => i.split === 'train')).toHaveLength(4957);
    expect(instances.filter((i) => i.split === 'test')).toHaveLength(500);
  });
});

describe('narrative_qa', () => {
  const summaries = 'document_id,set,summary\nd1,train," Story one. "\nd2,test,Story two.\n';
  const qaps =
    'document_id,set,question,answer1,answer2\n' +
    'd1,train,Who is he ,A man,A guy\nd2,test,Where?,Home,At home\nd1,train,What?,X,Y\nd1,train,Why?,P,Q\n';

  it('draws one question per document with random.seed(0) over train, valid, test', () => {
    const files = {
      summaries: parseCsvDicts(summaries, 'summaries.csv', ['document_id', 'set', 'summary']),
      qaps: parseCsvDicts(qaps, 'qaps.csv', ['document_id', 'set', 'question', 'answer1', 'answer2']),
    };
    // Checked against the Python HELM on these same two files: random.seed(0) picks "What?" for d1.
    expect(narrativeqaInstances(files)).toEqual([
      {
        input: { text: 'Story one.\nQuestion: What?' },
        references: [
          { output: { text: 'X' }, tags: ['correct'] },
          { output: { text: 'Y' }, tags: ['correct'] },
        ],
        split: 'train',
      },
      {
        input: { text: 'Story two.\nQuestion: Where?' },
        references: [
          { output: { text: 'Home' }, tags: ['correct'] },
          { output: { text: 'At home' }, tags: ['correct'] },
        ],
        split: 'test',
      },
    ]);
    expect(() => parseCsvDicts('a,b\n1,2\n', 'qaps.csv', ['document_id'])).toThrow(/qaps.csv: missing column\(s\) document_id/);
  });

  withData('narrative_qa', 'the real files give 1,102 train, 115 valid, 355 test', async () => {
    const instances = await getNarrativeqaInstances({}, path.join(tmp, 'narrativeqa'), { mirrorDir: SHARED_DATA });
    expect(instances.map((i) => i.split).filter((s) => s === 'train')).toHaveLength(1102);
    expect(instances.map((i) => i.split).filter((s) => s === 'valid')).toHaveLength(115);
    expect(instances.map((i) => i.split).filter((s) => s === 'test')).toHaveLength(355);
  });
});

/** A minimal zip writer (stored and deflated entries) for testing the reader. */
function makeZip(files: Array<{ name: string; data: Buffer; deflate: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const body = f.deflate ? deflateRawSync(f.data) : f.data;
    const name = Buffer.from(f.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(f.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(f.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(f.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(f.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

describe('zip archives', () => {
  it('reads stored and deflated entries, checks CRCs and refuses escaping paths', async () => {
    const text = Buffer.from(' \n = Article = \n \n body \n'.repeat(50));
    const zip = makeZip([
      { name: 'wikitext-103-raw/', data: Buffer.alloc(0), deflate: false },
      { name: 'wikitext-103-raw/wiki.test.raw', data: text, deflate: true },
      { name: 'wikitext-103-raw/note.txt', data: Buffer.from('é'), deflate: false },
    ]);
    expect(readZipEntries(zip).map((e) => e.name)).toEqual(['wikitext-103-raw/', 'wikitext-103-raw/wiki.test.raw', 'wikitext-103-raw/note.txt']);
    const file = path.join(tmp, 'a.zip');
    await writeFile(file, zip);
    await extractZip(file, path.join(tmp, 'unzipped'));
    expect(await readFile(path.join(tmp, 'unzipped', 'wikitext-103-raw', 'wiki.test.raw'))).toEqual(text);
    const corrupt = Buffer.from(zip);
    corrupt[110] ^= 0xff; // inside the deflated body of wiki.test.raw
    expect(() => readZipEntries(corrupt)).toThrow();
    await mkdir(path.join(tmp, 'evil'), { recursive: true });
    await writeFile(path.join(tmp, 'evil.zip'), makeZip([{ name: '../x', data: Buffer.from('x'), deflate: false }]));
    await expect(extractZip(path.join(tmp, 'evil.zip'), path.join(tmp, 'evil'))).rejects.toThrow(/escapes/);
  });
});
