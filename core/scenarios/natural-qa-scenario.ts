import fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import { decodeHTML } from 'entities';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { PythonRandom } from '../common/python-random';
import type { ArgValue } from '../run-specs/schemas';
import { NATURAL_QA_MODES } from '../run-specs/run-spec-functions/lite';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { choiceArg } from './scenario-files';
import { CORRECT_TAG, type Input, type Instance } from './schemas';
import type { ScenarioClass } from './scenario';

/** HELM reads the five files of NaturalQuestions' dev set (the full, ~1 GB release format). */
export const NATURAL_QA_BASE_URL = 'https://storage.googleapis.com/natural_questions/v1.0/dev';
export const NATURAL_QA_FILES: readonly string[] = [0, 1, 2, 3, 4].map((i) => `nq-dev-0${i}.jsonl.gz`);

const Span = z.object({ start_byte: z.number().int(), end_byte: z.number().int() });
export const NaturalQaSample = z.object({
  document_title: z.string(),
  document_html: z.string(),
  document_tokens: z.array(z.object({ token: z.string() }).passthrough()),
  question_text: z.string(),
  annotations: z.array(z.object({ long_answer: Span, short_answers: z.array(Span) }).passthrough()),
});

/** What HELM keeps of a sample. */
export interface NaturalQaRaw {
  title: string;
  document: string;
  question: string;
  longAnswers: string[];
  shortAnswers: string[];
}

const TAG = /<([^>]*)>/g;

/** `_clean_text`: no-break spaces as spaces, HTML entities decoded, tags removed. */
function cleanText(bytes: Buffer, where: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes.toString('latin1').replace(/\xc2\xa0/g, ' '), 'latin1'));
  } catch {
    throw new HelmInputError(`${where}: an answer span does not fall on UTF-8 character boundaries`);
  }
  return decodeHTML(text).replace(TAG, '');
}

/** A sample → title, detokenised document, question, and one long answer per short answer. */
export function naturalQaRaw(value: unknown, where: string): NaturalQaRaw {
  const parsed = NaturalQaSample.safeParse(value);
  if (!parsed.success) throw new HelmInputError(`${where}: not a NaturalQuestions sample: ${parsed.error.message}`);
  const sample = parsed.data;
  const html = Buffer.from(sample.document_html, 'utf8');
  const document = sample.document_tokens.map((t) => decodeHTML(t.token.replace(/ /g, '_')).replace(TAG, '')).join(' ');
  const longAnswers: string[] = [];
  const shortAnswers: string[] = [];
  for (const annotation of sample.annotations) {
    const long = cleanText(html.subarray(annotation.long_answer.start_byte, annotation.long_answer.end_byte), where);
    for (const short of annotation.short_answers) {
      shortAnswers.push(cleanText(html.subarray(short.start_byte, short.end_byte), where));
      longAnswers.push(long);
    }
  }
  return { title: sample.document_title, document, question: sample.question_text, longAnswers, shortAnswers };
}

/** Python's `str.capitalize()` (first character upper-cased, the rest lower-cased). */
function capitalize(text: string): string {
  const [first = '', ...rest] = [...text];
  return first.toUpperCase() + rest.join('').toLowerCase();
}

function passageQuestion(passage: string, question: string, passagePrefix: string): Input {
  return { text: `${passagePrefix}${passage}\n\nQuestion: ${question}` };
}

/** `create_instance`: one short answer drawn (it and its long answer for train; every distinct one otherwise). */
export function naturalQaInstance(raw: NaturalQaRaw, split: 'train' | 'val', mode: string, random: PythonRandom): Instance {
  let question = capitalize(raw.question);
  if (!question.endsWith('?')) question += '?';
  const index = random.randint(0, raw.shortAnswers.length - 1);
  const input =
    mode === 'closedbook'
      ? { text: question }
      : mode === 'openbook_wiki'
        ? passageQuestion(raw.document, question, `Title: ${raw.title}\n\nPassage: `)
        : passageQuestion(raw.longAnswers[index], question, 'Passage: ');
  const answers = split === 'train' ? raw.shortAnswers.slice(index, index + 1) : [...new Set(raw.shortAnswers)];
  return {
    input,
    references: answers.map((text) => ({ output: { text }, tags: [CORRECT_TAG] })),
    split: split === 'train' ? 'train' : 'valid',
  };
}

/** A file's samples with at least one short answer, even positions train, odd ones valid. */
async function fileInstances(file: string, mode: string, random: PythonRandom): Promise<Instance[]> {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const instances: Instance[] = [];
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new HelmInputError(`${file}: line ${lineNumber} is not valid JSON (${(error as Error).message})`);
      }
      const raw = naturalQaRaw(value, `${file}: line ${lineNumber}`);
      if (raw.shortAnswers.length === 0) continue;
      instances.push(naturalQaInstance(raw, instances.length % 2 === 0 ? 'train' : 'val', mode, random));
    }
  } catch (error) {
    if (error instanceof HelmInputError) throw error;
    throw new HelmInputError(`${file}: not a readable gzip file of JSON lines (${(error as Error).message})`);
  }
  return instances;
}

/**
 * The five files: read in place from `<mirror>/natural_qa/`, else downloaded into the scenario
 * folder. A missing file names itself and its canonical URL.
 */
async function dataFiles(scenarioDir: string, options: EnsureDataOptions): Promise<string[]> {
  const files: string[] = [];
  for (const name of NATURAL_QA_FILES) {
    if (options.mirrorDir !== undefined) {
      const file = path.join(options.mirrorDir, 'natural_qa', name);
      if (!fs.existsSync(file)) {
        throw new HelmInputError(
          `NaturalQuestions: ${file} is missing from the data mirror (canonical source: ${NATURAL_QA_BASE_URL}/${name}, ` +
            `one of the five dev-set files HELM reads)`,
        );
      }
      files.push(file);
      continue;
    }
    const target = path.join(scenarioDir, 'data', name);
    await ensureFileDownloaded({ targetPath: target, sourceUrl: `${NATURAL_QA_BASE_URL}/${name}`, onProgress: options.onProgress });
    files.push(target);
  }
  return files;
}

/** `NaturalQAScenario(mode).get_instances`: `random.seed(0)`, then the files in order. */
export async function getNaturalQaInstances(args: Record<string, ArgValue>, scenarioDir: string, options: EnsureDataOptions = {}): Promise<Instance[]> {
  const mode = choiceArg('natural_qa', args, 'mode', NATURAL_QA_MODES);
  const files = await dataFiles(scenarioDir, options);
  const random = new PythonRandom(0);
  const instances: Instance[] = [];
  for (const file of files) instances.push(...(await fileInstances(file, mode, random)));
  return instances;
}

/** HELM's `NaturalQAScenario` (class attributes as HELM defines them). */
export const naturalQaScenario: ScenarioClass = {
  className: 'helm.benchmark.scenarios.natural_qa_scenario.NaturalQAScenario',
  name: 'natural_qa',
  description: 'Question answering from wikipedia.',
  tags: ['question_answering'],
  getInstances: getNaturalQaInstances,
};
