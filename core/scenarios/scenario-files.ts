import { readFile } from 'node:fs/promises';
import { HelmInputError, didYouMean } from '../common/errors';
import { argValueStr } from '../run-specs/description';
import type { ArgValue } from '../run-specs/schemas';
import { decodePythonText } from './python-csv';
import type { Input } from './schemas';

/** A data file read as Python's text-mode `open()` would (UTF-8, universal newlines). */
export async function readPythonTextFile(file: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new HelmInputError(`${file}: cannot read ${what} (${(error as Error).message})`);
  }
  return decodePythonText(bytes, file);
}

/** `json.loads(text)` with a message naming the file. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HelmInputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** `[json.loads(line) for line in f]`: every line (a blank one too) must be a JSON value. */
export function parseJsonLines(text: string, file: string): unknown[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch (error) {
      throw new HelmInputError(`${file}: line ${i + 1} is not valid JSON (${(error as Error).message})`);
    }
  });
}

/** HELM's `PassageQuestionInput` with its defaults: passage, newline, `Question: `, question. */
export function passageQuestionInput(passage: string, question: string): Input {
  return { text: `${passage}\nQuestion: ${question}` };
}

/**
 * A scenario constructor argument that must be one of `accepted` (HELM asserts it); anything
 * else → HelmInputError naming the scenario and argument and listing the accepted values.
 */
export function choiceArg(scenario: string, args: Record<string, ArgValue>, key: string, accepted: readonly string[]): string {
  const value = args[key];
  if (value === undefined) {
    throw new HelmInputError(`${scenario}: argument ${key} is required; accepted values: ${accepted.join(', ')}`);
  }
  const text = argValueStr(value);
  if (typeof value !== 'string' || !accepted.includes(value)) {
    throw new HelmInputError(
      `${scenario}: invalid ${key} ${JSON.stringify(text)}; accepted values: ${accepted.join(', ')}.` + didYouMean(text, accepted),
    );
  }
  return value;
}

/** Scenarios without constructor arguments reject any (Python would raise TypeError). */
export function noArgs(scenario: string, args: Record<string, ArgValue>, accepted: readonly string[] = []): void {
  for (const key of Object.keys(args)) {
    if (!accepted.includes(key)) {
      throw new HelmInputError(
        `${scenario}: unexpected argument ${key}; accepted arguments: ${accepted.length > 0 ? accepted.join(', ') : 'none'}`,
      );
    }
  }
}

/**
 * A download check for Google Drive files: Drive answers a large file with an HTML "can't scan for
 * viruses" page (HELM's gdown clicks through it; a plain download cannot), which must not be kept
 * as the data.
 */
export async function verifyNotHtmlPage(file: string, what: string): Promise<void> {
  const head = (await readFile(file)).subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) {
    throw new HelmInputError(
      `${file}: got an HTML page instead of ${what} (Google Drive's confirmation page for large files); fetch it with gdown and put it in the data mirror`,
    );
  }
}
