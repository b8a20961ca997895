import { createWriteStream } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import * as tar from 'tar';
import { HelmInputError } from '../common/errors';
import { extractZip } from './unzip';

export type ProgressCallback = (bytes: number, total: number | undefined) => void;

export interface EnsureDataOptions {
  /** A folder laid out like `/work/shared/data` (`<mirror>/<dataset>/...`), used instead of the network. */
  mirrorDir?: string;
  onProgress?: ProgressCallback;
}

export async function pathExists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Streams `url` (http/https, following redirects) into `dest`, reporting bytes as they arrive. */
export async function downloadFile(url: string, dest: string, onProgress?: ProgressCallback, redirects = 5): Promise<void> {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    client.get(url, resolve).on('error', reject);
  });
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400 && response.headers.location !== undefined) {
    response.resume();
    if (redirects <= 0) throw new Error(`Too many redirects downloading ${url}`);
    return downloadFile(new URL(response.headers.location, url).toString(), dest, onProgress, redirects - 1);
  }
  if (status !== 200) {
    response.resume();
    throw new Error(`Downloading ${url} failed: HTTP ${status}`);
  }
  const lengthHeader = response.headers['content-length'];
  const total = lengthHeader === undefined ? undefined : Number(lengthHeader);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      onProgress?.(bytes, total);
      callback(null, chunk);
    },
  });
  await pipeline(response, counter, createWriteStream(dest));
}

/**
 * Verification reads the temporary copy, which is gone by the time the user reads the message:
 * name the mirror (or the download) the user can open and fix instead.
 */
async function verifyNamingSource(verify: () => Promise<void> | undefined, tempPath: string, source: string): Promise<void> {
  try {
    await verify();
  } catch (error) {
    if (error instanceof HelmInputError) throw new HelmInputError(error.message.split(tempPath).join(source));
    throw error;
  }
}

export interface EnsureFolderArgs {
  /** Final location; its existence means "downloaded" (as HELM's `ensure_file_downloaded`). */
  targetPath: string;
  sourceUrl: string;
  /** Already-unpacked copy to use instead of `sourceUrl`. */
  mirrorSource?: string;
  /** Throws (HelmInputError) when the unpacked folder is incomplete or unreadable. */
  verify(folder: string): Promise<void>;
  onProgress?: ProgressCallback;
  /** Archive format of `sourceUrl` (HELM unpacks tars by default, zips with `unpack_type="unzip"`). */
  archive?: 'tar' | 'zip';
}

/**
 * Download + untar (or copy from a mirror) into a temp dir next to the target, verify, then rename
 * into place, so an interrupted or corrupt download never looks complete. A single top folder
 * of the archive becomes the target, like HELM. Returns how the data was obtained.
 */
export async function ensureFolderDownloaded(args: EnsureFolderArgs): Promise<'present' | 'downloaded' | 'mirrored'> {
  if (await pathExists(args.targetPath)) return 'present';
  // Runs of one suite start together in one worker: one copy (and one verification) for all of
  // them; other processes race through the temp folder and rename below.
  const inFlight = foldersInFlight.get(args.targetPath);
  if (inFlight) return inFlight.then(() => 'present');
  const fetching = fetchFolder(args);
  foldersInFlight.set(args.targetPath, fetching);
  try {
    return await fetching;
  } finally {
    foldersInFlight.delete(args.targetPath);
  }
}

const foldersInFlight = new Map<string, Promise<'downloaded' | 'mirrored' | 'present'>>();

async function fetchFolder(args: EnsureFolderArgs): Promise<'present' | 'downloaded' | 'mirrored'> {
  // mkdtemp: runs of one suite start together, and each needs a temp folder of its own.
  await mkdir(path.dirname(args.targetPath), { recursive: true });
  const tmp = await mkdtemp(`${args.targetPath}.tmp-${process.pid}-`);
  try {
    let folder: string;
    let how: 'downloaded' | 'mirrored';
    if (args.mirrorSource !== undefined) {
      if (!(await pathExists(args.mirrorSource))) {
        throw new HelmInputError(`Mirror folder ${args.mirrorSource} does not exist (expected a copy of ${args.sourceUrl} unpacked)`);
      }
      folder = path.join(tmp, 'copy');
      await cp(args.mirrorSource, folder, { recursive: true });
      how = 'mirrored';
    } else {
      const archive = path.join(tmp, 'archive');
      try {
        await downloadFile(args.sourceUrl, archive, args.onProgress);
      } catch (error) {
        // Left retryable (plain Error): the host may come back; offline machines should use a mirror.
        throw new Error(
          `Could not download ${args.sourceUrl}: ${(error as Error).message}. ` +
            `If this machine has no internet access, give a mirror folder (mirrorDir) laid out like /work/shared/data.`,
        );
      }
      const unpacked = path.join(tmp, 'unpacked');
      await mkdir(unpacked);
      try {
        if (args.archive === 'zip') await extractZip(archive, unpacked);
        else await tar.x({ file: archive, cwd: unpacked, strict: true });
      } catch (error) {
        throw new HelmInputError(`Could not unpack ${args.sourceUrl}: ${(error as Error).message}`);
      }
      const entries = await readdir(unpacked);
      folder = entries.length === 1 ? path.join(unpacked, entries[0]) : unpacked;
      how = 'downloaded';
    }
    await verifyNamingSource(() => args.verify(folder), folder, args.mirrorSource ?? `${args.sourceUrl} (unpacked)`);
    await mkdir(path.dirname(args.targetPath), { recursive: true });
    try {
      await rename(folder, args.targetPath);
    } catch (error) {
      // Another worker finished first: its copy passed the same verification.
      if (!(await pathExists(args.targetPath))) throw error;
    }
    return how;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export interface EnsureFileArgs {
  /** Final file; its existence means "downloaded" (HELM's `ensure_file_downloaded(unpack=False)`). */
  targetPath: string;
  sourceUrl: string;
  /** A copy of the file to use instead of `sourceUrl`. */
  mirrorSource?: string;
  /** Throws (HelmInputError) when the file is unusable. */
  verify?(file: string): Promise<void>;
  onProgress?: ProgressCallback;
  /** Fetches the file to `dest` instead of a plain download of `sourceUrl` (a client library's call). */
  download?(dest: string): Promise<void>;
}

/** One plain file: download (or copy from a mirror) to a temp name, verify, rename into place. */
export async function ensureFileDownloaded(args: EnsureFileArgs): Promise<'present' | 'downloaded' | 'mirrored'> {
  if (await pathExists(args.targetPath)) return 'present';
  await mkdir(path.dirname(args.targetPath), { recursive: true });
  const tmp = await mkdtemp(`${args.targetPath}.tmp-${process.pid}-`);
  try {
    const file = path.join(tmp, 'file');
    let how: 'downloaded' | 'mirrored';
    if (args.mirrorSource !== undefined) {
      if (!(await pathExists(args.mirrorSource))) {
        throw new HelmInputError(`Mirror file ${args.mirrorSource} does not exist (expected a copy of ${args.sourceUrl})`);
      }
      await cp(args.mirrorSource, file);
      how = 'mirrored';
    } else {
      try {
        if (args.download !== undefined) await args.download(file);
        else await downloadFile(args.sourceUrl, file, args.onProgress);
      } catch (error) {
        if (error instanceof HelmInputError) throw error;
        // Left retryable (plain Error): the host may come back; offline machines should use a mirror.
        throw new Error(
          `Could not download ${args.sourceUrl}: ${(error as Error).message}. ` +
            `If this machine has no internet access, give a mirror folder (mirrorDir) laid out like /work/shared/data.`,
        );
      }
      how = 'downloaded';
    }
    if (args.verify !== undefined) await verifyNamingSource(() => args.verify?.(file), file, args.mirrorSource ?? args.sourceUrl);
    try {
      await rename(file, args.targetPath);
    } catch (error) {
      if (!(await pathExists(args.targetPath))) throw error;
    }
    return how;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
