import { Context } from '@temporalio/activity';
import { keepAlive } from './keep-alive';
import { chooseSchema, suiteRunGroups } from '../core/summarize/schema';
import { summarize } from '../core/summarize/summarize';
import type { SuitePaths } from '../workflows/types';

/** helm-summarize of one suite, as the last step of a suite (`helm-run --summarize`). */
export async function summarizeSuite(paths: SuitePaths): Promise<{ runs: number; skipped: number }> {
  const log = Context.current().log;
  return keepAlive(async () => {
    // The schema helm-summarize would choose for this suite (HELM Lite's, HELM Classic's or helm-ts's).
    const schema = chooseSchema(undefined, suiteRunGroups(paths.outputPath, [paths.suite]));
    log.info(`Schema: ${schema.path} (${schema.reason})`);
    const result = await summarize(
      {
        outputPath: paths.outputPath,
        suite: paths.suite,
        schemaPath: schema.path,
        schemaValidation: 'warn',
        localPath: paths.localPath,
        verbose: false,
        skipCompletedRunDisplayJson: false,
        numThreads: 2,
      },
      { info: (m) => log.info(m), warn: (m) => log.warn(m) },
    );
    return { runs: result.runs, skipped: result.skipped.length };
  });
}
