import { parentPort, workerData } from 'node:worker_threads';
import { HelmInputError } from '../common/errors';
import { LocalFileError } from '../common/file-errors';
import type { RunSpec } from '../run-specs/schemas';
import { writeRunDisplayJson, type DisplayOutcome } from './run-display';
import { SchemaIndex } from './schema';
import type { Schema } from './schema-format';

/** Work of one display-JSON worker thread: a share of the suite's runs. */
export interface DisplayJob {
  schema: Schema;
  skipCompleted: boolean;
  runs: Array<{ runPath: string; runSpec: RunSpec }>;
}

export type DisplayMessage =
  | { kind: 'done'; outcome: DisplayOutcome }
  | { kind: 'failed'; runPath: string; name: string; message: string }
  | { kind: 'error'; message: string; code?: string; file?: string };

function work(job: DisplayJob, post: (message: DisplayMessage) => void): void {
  const index = new SchemaIndex(job.schema);
  for (const run of job.runs) {
    try {
      post({ kind: 'done', outcome: writeRunDisplayJson(run.runPath, run.runSpec, index, job.skipCompleted) });
    } catch (error) {
      if (error instanceof HelmInputError) post({ kind: 'failed', runPath: run.runPath, name: run.runSpec.name, message: error.message });
      else if (error instanceof LocalFileError) {
        // Disk full and the like: the message says which file and what to do.
        post({ kind: 'error', message: error.message, code: error.code, file: error.file });
        return;
      } else {
        post({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        return;
      }
    }
  }
}

if (parentPort) {
  const port = parentPort;
  work(workerData as DisplayJob, (message) => port.postMessage(message));
}
