/**
 * Hugging Face datasets at the revisions HELM pins: files come from the Hub through
 * `@huggingface/hub` (HF_ENDPOINT selects another Hub, as for the Python client), or from a data
 * mirror; Parquet files are read with `hyparquet`. No Hub protocol or Parquet decoding is written here.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { downloadFile, listFiles } from '@huggingface/hub';
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import { HelmInputError } from '../common/errors';
import { ensureFileDownloaded } from './download';

/** A dataset repository at a pinned commit. */
export interface HfDataset {
  /** `owner/name` on the Hub. */
  repo: string;
  revision: string;
}

function hubUrl(): string {
  return (process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
}

/** The file's URL on the Hub (for messages: where a missing file comes from). */
export function hubFileUrl(dataset: HfDataset, file: string): string {
  return `${hubUrl()}/datasets/${dataset.repo}/resolve/${dataset.revision}/${file}`;
}

/** Where a data mirror keeps a Hub file: `<mirror>/huggingface/<owner>/<name>/<revision>/<path>`. */
export function mirrorHubPath(mirrorDir: string, dataset: HfDataset, file: string): string {
  return path.join(mirrorDir, 'huggingface', ...dataset.repo.split('/'), dataset.revision, ...file.split('/'));
}

/** Downloads one file of the dataset at its revision to `dest`; a file the Hub does not have is bad input. */
export async function downloadHubFile(dataset: HfDataset, file: string, dest: string): Promise<void> {
  const blob = await downloadFile({ repo: { type: 'dataset', name: dataset.repo }, path: file, revision: dataset.revision, hubUrl: hubUrl() });
  if (blob === null) throw new HelmInputError(`${hubFileUrl(dataset, file)} does not exist on the Hugging Face Hub`);
  await pipeline(Readable.fromWeb(blob.stream() as import('node:stream/web').ReadableStream), createWriteStream(dest));
}

/** The dataset's files under `folder` at its revision, by name (the Hub's tree listing). */
export async function listHubFiles(dataset: HfDataset, folder: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of listFiles({ repo: { type: 'dataset', name: dataset.repo }, revision: dataset.revision, path: folder, hubUrl: hubUrl() })) {
      if (entry.type === 'file') names.push(entry.path);
    }
  } catch (error) {
    throw new Error(`Could not list ${dataset.repo}@${dataset.revision}/${folder} on the Hugging Face Hub: ${(error as Error).message}`);
  }
  return names.sort();
}

/**
 * Makes one dataset file present at `target`: from the first mirror candidate that exists, else
 * (no mirror given) from the Hub. With a mirror and none of its candidates, the message names the
 * dataset, the file looked for and its Hub URL; nothing is downloaded (offline machines never hang).
 */
export async function ensureHfFile(args: {
  dataset: HfDataset;
  /** The file's path in the repository. */
  file: string;
  target: string;
  /** What the file is, for messages ("LegalBench abercrombie, test split"). */
  what: string;
  mirrorDir?: string;
  /** Mirror paths to try first, besides the Hub layout (`mirrorHubPath`). */
  mirrorCandidates?: string[];
  verify?(file: string): Promise<void>;
}): Promise<void> {
  const { dataset, file, target, what, mirrorDir } = args;
  if (fs.existsSync(target)) return;
  if (mirrorDir !== undefined) {
    const candidates = [...(args.mirrorCandidates ?? []), mirrorHubPath(mirrorDir, dataset, file)];
    const found = candidates.find((c) => fs.existsSync(c));
    if (found === undefined) {
      throw new HelmInputError(
        `${what} is missing: none of ${candidates.join(', ')} exists in the data mirror ` +
          `(canonical source: ${hubFileUrl(dataset, file)}, dataset ${dataset.repo} at revision ${dataset.revision})`,
      );
    }
    await ensureFileDownloaded({ targetPath: target, sourceUrl: hubFileUrl(dataset, file), mirrorSource: found, verify: args.verify });
    return;
  }
  await ensureFileDownloaded({
    targetPath: target,
    sourceUrl: hubFileUrl(dataset, file),
    download: (dest) => downloadHubFile(dataset, file, dest),
    verify: args.verify,
  });
}

/** A file as hyparquet's AsyncBuffer: byte ranges read on demand (its own helper's types are for ESM resolution only). */
async function asyncBufferFromFile(file: string): Promise<AsyncBuffer> {
  const { size } = await fs.promises.stat(file);
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const handle = await fs.promises.open(file, 'r');
      try {
        const length = (end ?? size) - start;
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, start);
        return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + length) as ArrayBuffer;
      } finally {
        await handle.close();
      }
    },
  };
}

/** Every row of a Parquet file as an object (nested columns as nested objects); a corrupt file is bad input. */
export async function readParquetRows(file: string): Promise<Array<Record<string, unknown>>> {
  try {
    return (await parquetReadObjects({ file: await asyncBufferFromFile(file) })) as Array<Record<string, unknown>>;
  } catch (error) {
    throw new HelmInputError(`${file}: not a readable Parquet file (${(error as Error).message})`);
  }
}

/** A Parquet file's row count, from its footer alone. */
export async function parquetRowCount(file: string): Promise<number> {
  try {
    return Number((await parquetMetadataAsync(await asyncBufferFromFile(file))).num_rows);
  } catch (error) {
    throw new HelmInputError(`${file}: not a readable Parquet file (${(error as Error).message})`);
  }
}

/** Rows [start, end) of a Parquet file. */
export async function readParquetRowRange(file: string, rowStart: number, rowEnd: number): Promise<Array<Record<string, unknown>>> {
  try {
    return (await parquetReadObjects({ file: await asyncBufferFromFile(file), rowStart, rowEnd })) as Array<Record<string, unknown>>;
  } catch (error) {
    throw new HelmInputError(`${file}: not a readable Parquet file (${(error as Error).message})`);
  }
}
