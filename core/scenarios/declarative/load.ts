import fs from 'node:fs';
import path from 'node:path';
import YAML, { LineCounter } from 'yaml';
import type { z } from 'zod';
import { HelmInputError, didYouMean } from '../../common/errors';
import { metricRegistry } from '../../metrics/metric-registry';
import { SCORE_FUNCTIONS, UNSUPPORTED_SCORE_NAMES } from '../../metrics/scoring';
import { fieldPath } from '../helm-instances-jsonl';
import { decodePythonText, parsePythonCsv } from '../python-csv';
import { CORRECT_TAG, type Instance, type Reference } from '../schemas';
import {
  DECLARATIVE_SPLITS,
  DeclarativeJsonlRow,
  DeclarativeScenarioFile,
  SCENARIO_FILE,
  type DeclarativeScenarioFile as ScenarioFileType,
} from './schemas';

/** One problem in a declarative scenario: file, line (when known), field (when known), what. */
export interface ScenarioIssue {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export function formatScenarioIssue(issue: ScenarioIssue): string {
  return `${issue.file}${issue.line !== undefined ? `:${issue.line}` : ''}: ${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}

/** All problems as one HelmInputError (every one listed, up to a screenful). */
export function scenarioIssuesError(what: string, issues: readonly ScenarioIssue[]): HelmInputError {
  const shown = issues.slice(0, 40).map((issue) => `  ${formatScenarioIssue(issue)}`);
  const more = issues.length > shown.length ? `\n  … and ${issues.length - shown.length} more` : '';
  return new HelmInputError(`${what}: ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${shown.join('\n')}${more}`);
}

/** A parsed, checked `scenario.yaml` and where it lives. */
export interface DeclarativeScenario {
  folder: string;
  file: string;
  spec: ScenarioFileType;
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return `missing (required; expected ${issue.expected})`;
  return issue.message;
}

/** Where an issue is: an unknown field at its own key, anything else at its path. */
function issuePathForLine(issue: z.core.$ZodIssue): PropertyKey[] {
  return issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : [...issue.path];
}

/** The YAML line of `issuePath`, or of its closest ancestor present in the document. */
function yamlLine(doc: YAML.Document, lines: LineCounter, issuePath: ReadonlyArray<PropertyKey>): number | undefined {
  for (let n = issuePath.length; n >= 0; n--) {
    const node = doc.getIn(issuePath.slice(0, n) as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
    if (node !== undefined && node !== null && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Extra checks the zod schema cannot make: metric names and classes, instance files present. */
function checkScenarioFile(spec: ScenarioFileType, folder: string, file: string, doc: YAML.Document, lines: LineCounter): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  spec.metrics.forEach((metric, i) => {
    const line = yamlLine(doc, lines, ['metrics', i]);
    const field = `metrics.${i}`;
    if (typeof metric === 'string') {
      if (UNSUPPORTED_SCORE_NAMES.includes(metric)) {
        issues.push({ file, line, field, message: `HELM metric ${JSON.stringify(metric)} is not implemented in helm-ts` });
      } else if (!Object.hasOwn(SCORE_FUNCTIONS, metric)) {
        issues.push({
          file,
          line,
          field,
          message:
            `unknown metric name ${JSON.stringify(metric)}.${didYouMean(metric, Object.keys(SCORE_FUNCTIONS))} ` +
            `Known names: ${Object.keys(SCORE_FUNCTIONS).join(', ')} (or {class_name: …, args: …} for a metric class)`,
        });
      }
    } else if (!metricRegistry.has(metric.class_name)) {
      issues.push({
        file,
        line,
        field: `${field}.class_name`,
        message: `unknown metric class ${JSON.stringify(metric.class_name)} (load the plugin that registers it with --plugins).${didYouMean(metric.class_name, metricRegistry.names())}`,
      });
    }
  });
  for (const split of DECLARATIVE_SPLITS) {
    (spec.splits[split] ?? []).forEach((name, i) => {
      const line = yamlLine(doc, lines, ['splits', split, i]);
      const ext = path.extname(name).toLowerCase();
      if (ext !== '.jsonl' && ext !== '.csv') {
        issues.push({ file, line, field: `splits.${split}`, message: `${name}: instance files are .jsonl or .csv` });
      } else if (!fs.existsSync(path.resolve(folder, name))) {
        issues.push({ file, line, field: `splits.${split}`, message: `${name}: no such file in ${folder}` });
      }
    });
  }
  return issues;
}

/** Reads and checks `<folder>/scenario.yaml`; every problem is returned, none thrown. */
export function readScenarioFile(folder: string): { scenario?: DeclarativeScenario; issues: ScenarioIssue[] } {
  const file = path.join(folder, SCENARIO_FILE);
  if (!fs.existsSync(file)) return { issues: [{ file, message: `no ${SCENARIO_FILE} in this folder (a declarative scenario needs one)` }] };
  const lines = new LineCounter();
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => ({ file, line: e.linePos?.[0].line, message: `not valid YAML: ${e.message.split('\n')[0]}` })),
    };
  }
  const parsed = DeclarativeScenarioFile.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((issue) => ({
        file,
        line: yamlLine(doc, lines, issuePathForLine(issue)),
        field: fieldPath(issue.path) || undefined,
        message: zodMessage(issue),
      })),
    };
  }
  const issues = checkScenarioFile(parsed.data, folder, file, doc, lines);
  return { scenario: { folder, file, spec: parsed.data }, issues };
}

/** A row after parsing, before the cross-row checks. */
interface Row {
  instance: Instance;
  file: string;
  line: number;
}

function checkReferences(references: readonly Reference[], file: string, line: number, field: string): ScenarioIssue[] {
  if (references.some((r) => r.tags.includes(CORRECT_TAG))) return [];
  return [{ file, line, field, message: `no reference is tagged "${CORRECT_TAG}" (every instance needs at least one correct reference)` }];
}

function instanceOf(row: DeclarativeJsonlRow, split: string): Instance {
  return {
    input: { text: row.input.text },
    references: row.references.map((r) => ({ output: { text: r.output.text }, tags: [...r.tags] })),
    split,
    sub_split: row.sub_split,
    id: row.id,
    extra_data: row.extra_data,
  };
}

function readJsonlFile(file: string, text: string, split: string): { rows: Row[]; issues: ScenarioIssue[] } {
  const rows: Row[] = [];
  const issues: ScenarioIssue[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((lineText, i) => {
    const line = i + 1;
    if (lineText.trim() === '') {
      issues.push({ file, line, message: 'empty line (every line is one instance as a JSON object)' });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(lineText) as unknown;
    } catch (error) {
      issues.push({ file, line, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    const parsed = DeclarativeJsonlRow.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ file, line, field: fieldPath(issue.path) || undefined, message: zodMessage(issue) });
      return;
    }
    if (parsed.data.split !== undefined && parsed.data.split !== split) {
      issues.push({ file, line, field: 'split', message: `is ${JSON.stringify(parsed.data.split)}, but scenario.yaml lists this file under splits.${split}` });
      return;
    }
    const referenceIssues = checkReferences(parsed.data.references, file, line, 'references');
    if (referenceIssues.length > 0) issues.push(...referenceIssues);
    else rows.push({ instance: instanceOf(parsed.data, split), file, line });
  });
  return { rows, issues };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A CSV with a header: `input` (required), `id`, `split` (optional), reference columns (every
 * column named `reference…`, in order; A is the first), and `correct`: the letter(s) of the
 * correct reference(s), e.g. `B` or `A,C`. Without a `correct` column every reference is correct
 * (generation with gold answers). Empty reference cells are left out.
 */
function readCsvFile(file: string, text: string, split: string): { rows: Row[]; issues: ScenarioIssue[] } {
  const rows: Row[] = [];
  const issues: ScenarioIssue[] = [];
  const records = parsePythonCsv(text.startsWith('\uFEFF') ? text.slice(1) : text).filter((r) => r.fields.some((f) => f !== ''));
  if (records.length === 0) return { rows, issues: [{ file, line: 1, message: 'empty CSV (a header row is expected: input,reference,…)' }] };
  const header = records[0].fields.map((h) => h.trim());
  const known = new Set(['input', 'id', 'split', 'correct']);
  const referenceColumns = header.flatMap((h, i) => (h.startsWith('reference') ? [i] : []));
  header.forEach((h) => {
    if (!known.has(h) && !h.startsWith('reference')) {
      issues.push({ file, line: 1, field: h, message: `unknown column (columns: input, id, split, correct, reference…).${didYouMean(h, [...known, 'reference'])}` });
    }
  });
  const column = (name: string): number => header.indexOf(name);
  if (column('input') === -1) issues.push({ file, line: 1, field: 'input', message: 'missing column (the text shown to the model)' });
  if (referenceColumns.length === 0) issues.push({ file, line: 1, field: 'reference', message: 'missing column: at least one reference column (reference, reference_b, …)' });
  if (issues.length > 0) return { rows, issues };
  for (const record of records.slice(1)) {
    const { line, fields } = record;
    if (fields.length !== header.length) {
      issues.push({ file, line, message: `${fields.length} fields, the header has ${header.length}` });
      continue;
    }
    const cell = (name: string): string | undefined => (column(name) === -1 ? undefined : fields[column(name)]);
    const rowSplit = cell('split');
    if (rowSplit !== undefined && rowSplit !== '' && rowSplit !== split) {
      issues.push({ file, line, field: 'split', message: `is ${JSON.stringify(rowSplit)}, but scenario.yaml lists this file under splits.${split}` });
      continue;
    }
    const correctCell = cell('correct');
    const correctLetters = correctCell === undefined ? undefined : correctCell.split(/[,\s]+/).filter((s) => s !== '').map((s) => s.toUpperCase());
    const badLetter = correctLetters?.find((l) => l.length !== 1 || LETTERS.indexOf(l) === -1 || LETTERS.indexOf(l) >= referenceColumns.length);
    if (badLetter !== undefined) {
      issues.push({ file, line, field: 'correct', message: `${JSON.stringify(badLetter)} is not a reference letter (A–${LETTERS[referenceColumns.length - 1]}, one per reference column)` });
      continue;
    }
    const references: Reference[] = [];
    referenceColumns.forEach((col, i) => {
      const text = fields[col];
      if (text === '') return;
      const correct = correctLetters === undefined || correctLetters.includes(LETTERS[i]);
      references.push({ output: { text }, tags: correct ? [CORRECT_TAG] : [] });
    });
    const input = cell('input') ?? '';
    const referenceIssues = checkReferences(references, file, line, correctLetters === undefined ? 'reference' : 'correct');
    if (referenceIssues.length > 0) {
      issues.push(...referenceIssues);
      continue;
    }
    const id = cell('id');
    rows.push({ instance: { input: { text: input }, references, split, id: id === '' ? undefined : id }, file, line });
  }
  return { rows, issues };
}

/**
 * Every instance of the scenario, train rows first, in file and line order; every problem of
 * every file is collected. Ids: all rows or none (HELM renumbers every instance when one lacks
 * an id), and no id twice.
 */
export function readScenarioInstances(scenario: DeclarativeScenario): { instances: Instance[]; issues: ScenarioIssue[] } {
  const rows: Row[] = [];
  const issues: ScenarioIssue[] = [];
  for (const split of DECLARATIVE_SPLITS) {
    for (const name of scenario.spec.splits[split] ?? []) {
      const file = path.resolve(scenario.folder, name);
      let text: string;
      try {
        text = decodePythonText(fs.readFileSync(file), file);
      } catch (error) {
        issues.push({ file, message: error instanceof HelmInputError ? error.message : `cannot be read (${(error as Error).message})` });
        continue;
      }
      const result = name.toLowerCase().endsWith('.csv') ? readCsvFile(file, text, split) : readJsonlFile(file, text, split);
      rows.push(...result.rows);
      issues.push(...result.issues);
    }
  }
  const withIds = rows.filter((r) => r.instance.id !== undefined);
  if (withIds.length > 0 && withIds.length < rows.length) {
    const first = rows.find((r) => r.instance.id === undefined) as Row;
    issues.push({ file: first.file, line: first.line, field: 'id', message: `missing, but other instances have ids (give every instance an id, or none)` });
  }
  const seen = new Map<string, Row>();
  for (const row of withIds) {
    const id = row.instance.id as string;
    const before = seen.get(id);
    if (before !== undefined) issues.push({ file: row.file, line: row.line, field: 'id', message: `${JSON.stringify(id)} is also the id of ${before.file}:${before.line}` });
    else seen.set(id, row);
  }
  if (issues.length === 0 && !rows.some((r) => r.instance.split !== 'train')) {
    issues.push({ file: scenario.file, field: 'splits', message: 'no instances to evaluate (the valid and test files are empty)' });
  }
  return { instances: rows.map((r) => r.instance), issues };
}

/** The scenario, checked; throws one HelmInputError with every problem of the YAML. */
export function loadScenarioFile(folder: string): DeclarativeScenario {
  const { scenario, issues } = readScenarioFile(folder);
  if (scenario === undefined || issues.length > 0) throw scenarioIssuesError(`Declarative scenario ${folder}`, issues);
  return scenario;
}

/** Everything a run needs: the YAML and every instance, or one error with every problem of every file. */
export function loadScenarioInstances(folder: string): { scenario: DeclarativeScenario; instances: Instance[] } {
  const scenario = loadScenarioFile(folder);
  const { instances, issues } = readScenarioInstances(scenario);
  if (issues.length > 0) throw scenarioIssuesError(`Declarative scenario ${scenario.spec.name} (${folder})`, issues);
  return { scenario, instances };
}
