import crypto from 'node:crypto';
import os from 'node:os';
import type { RunEntry } from '../core/run-specs/schemas';
import type { SuiteMemo, SuiteWorkflowInput } from '../workflows/types';

/**
 * One suite name = one set of arguments. The fingerprint covers what decides which runs a suite
 * computes and where their files go: the run entries (in any order), the expansion options
 * (-m, -t, --models-to-run, --groups-to-run, --priority), --output-path, --local-path, the local
 * Hugging Face model folders and --dry-run. Flags that only change how fast it runs (threads,
 * batch sizes, concurrency) or where data is read from (--data-mirror) are left out: a second
 * helm-run differing only in those attaches.
 */
export function suiteFingerprint(input: SuiteWorkflowInput, entries: RunEntry[] = input.entries): string {
  const canonicalEntries = entries.map((e) => JSON.stringify([e.description, e.priority, e.groups ?? null])).sort();
  const expansion = input.expansion;
  const identity = {
    entries: canonicalEntries,
    expansion: [
      expansion.maxEvalInstances,
      expansion.numTrainTrials ?? null,
      expansion.priority ?? null,
      expansion.modelsToRun ?? null,
      expansion.groupsToRun ?? null,
    ],
    outputPath: input.paths.outputPath,
    localPath: input.paths.localPath,
    localHuggingFaceModels: input.paths.localHuggingFaceModels ?? [],
    dryRun: input.options.dryRun,
  };
  return crypto.createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}

/** The memo helm-run starts a suite with (see SuiteMemo). */
export function suiteMemo(input: SuiteWorkflowInput, entries: RunEntry[], models: string[]): SuiteMemo {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): the host still says where it came from
  }
  return {
    suite: input.paths.suite,
    fingerprint: suiteFingerprint(input, entries),
    entries: entries.length,
    entriesPreview: entries.slice(0, 3).map((e) => e.description),
    ...(input.entriesFile ? { entriesFile: input.entriesFile } : {}),
    outputPath: input.paths.outputPath,
    localPath: input.paths.localPath,
    models: models.slice(0, 5),
    startedBy: `${user}@${os.hostname()}`,
  };
}

/** "3 entries (a, b, c …); models m1, m2; output path /x; local path /y": what a running suite was asked. */
export function describeMemo(memo: Partial<SuiteMemo>): string {
  const parts: string[] = [];
  if (memo.entries !== undefined) {
    const preview = memo.entriesPreview?.length ? ` (${memo.entriesPreview.join('; ')}${memo.entries > memo.entriesPreview.length ? '; …' : ''})` : '';
    parts.push(`${memo.entries} run entr${memo.entries === 1 ? 'y' : 'ies'}${preview}`);
  }
  if (memo.models?.length) parts.push(`models ${memo.models.join(', ')}`);
  if (memo.outputPath) parts.push(`output path ${memo.outputPath}`);
  if (memo.localPath) parts.push(`local path ${memo.localPath}`);
  if (memo.startedBy) parts.push(`started by ${memo.startedBy}`);
  return parts.join('; ');
}
