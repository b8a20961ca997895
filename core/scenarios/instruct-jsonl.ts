/** The instruction-following scenarios that read one downloaded JSON-lines file (self-instruct, Vicuna, Koala). */
import * as path from 'node:path';
import type { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { ensureFileDownloaded, type EnsureDataOptions } from './download';
import { parseJsonLines, readPythonTextFile } from './scenario-files';

export interface InstructJsonlFile<T extends z.ZodTypeAny> {
  /** For messages ("Vicuna questions"). */
  what: string;
  sourceUrl: string;
  /** HELM's file name under the scenario folder. */
  target: string;
  /** `<mirror>/<dataset>/<file>`: the canonical file under its own name. */
  mirror: [dataset: string, file: string];
  line: T;
  /** What a line must look like, for messages. */
  shape: string;
}

/** Every line validated by the file's schema, with the line number in messages. */
export function parseInstructJsonl<T extends z.ZodTypeAny>(spec: InstructJsonlFile<T>, text: string, file: string): Array<z.infer<T>> {
  return parseJsonLines(text, file).map((value, i) => {
    const parsed = spec.line.safeParse(value);
    if (!parsed.success) throw new HelmInputError(`${file}: line ${i + 1}: expected ${spec.shape}: ${parsed.error.message}`);
    return parsed.data as z.infer<T>;
  });
}

export async function ensureInstructJsonl<T extends z.ZodTypeAny>(
  spec: InstructJsonlFile<T>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<void> {
  await ensureFileDownloaded({
    targetPath: path.join(scenarioDir, spec.target),
    sourceUrl: spec.sourceUrl,
    mirrorSource: options.mirrorDir === undefined ? undefined : path.join(options.mirrorDir, ...spec.mirror),
    verify: async (f) => void parseInstructJsonl(spec, await readPythonTextFile(f, spec.what), f),
    onProgress: options.onProgress,
  });
}

/** Downloads (or copies from the mirror) when absent, then reads the file's lines. */
export async function readInstructJsonl<T extends z.ZodTypeAny>(
  spec: InstructJsonlFile<T>,
  scenarioDir: string,
  options: EnsureDataOptions = {},
): Promise<Array<z.infer<T>>> {
  await ensureInstructJsonl(spec, scenarioDir, options);
  const file = path.join(scenarioDir, spec.target);
  return parseInstructJsonl(spec, await readPythonTextFile(file, spec.what), file);
}
