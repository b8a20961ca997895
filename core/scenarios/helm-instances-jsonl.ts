import { HelmInputError } from '../common/errors';
import { Instance } from './schemas';

/**
 * The line breaks of Python's `str.splitlines()`, which HELM's `from_jsonl` splits on (after
 * text-mode reading has already turned `\r\n` and `\r` into `\n`).
 */
const PYTHON_LINE_BREAKS = /\r\n|[\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029]/;

/** One problem of a JSONL file: where (1-based line, dotted field path) and what. */
export interface LineIssue {
  line: number;
  field?: string;
  message: string;
}

export function formatLineIssue(file: string, issue: LineIssue): string {
  return `${file}: line ${issue.line}${issue.field ? `: field ${issue.field}` : ''}: ${issue.message}`;
}

/** A zod issue path as a dotted field name (`references.0.output.text`). */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => String(p)).join('.');
}

/**
 * HELM's `from_jsonl(text, Instance)`: one Instance per line (`str.splitlines()`), each a JSON
 * object with HELM's field names. Every problem of every line is collected (not just the first).
 * Text fields must be strings (HELM would turn a number into its Python `str()`; see README).
 */
export function parseHelmInstancesJsonl(text: string): { instances: Instance[]; issues: LineIssue[] } {
  const lines = text.split(PYTHON_LINE_BREAKS);
  // splitlines() yields no empty last line for a trailing line break.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const instances: Instance[] = [];
  const issues: LineIssue[] = [];
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line) as unknown;
    } catch (error) {
      issues.push({ line: i + 1, message: `not a JSON value (${(error as Error).message})` });
      return;
    }
    const parsed = Instance.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ line: i + 1, field: fieldPath(issue.path) || undefined, message: issue.message });
      return;
    }
    instances.push(parsed.data);
  });
  return { instances, issues };
}

/** The same, throwing one HelmInputError that lists every problem (file, line, field). */
export function readHelmInstancesJsonl(text: string, file: string): Instance[] {
  const { instances, issues } = parseHelmInstancesJsonl(text);
  if (issues.length > 0) {
    const shown = issues.slice(0, 20).map((issue) => formatLineIssue(file, issue));
    const more = issues.length > shown.length ? `\n… and ${issues.length - shown.length} more` : '';
    throw new HelmInputError(`${file}: ${issues.length} problem${issues.length > 1 ? 's' : ''} in the instances:\n${shown.join('\n')}${more}`);
  }
  return instances;
}
