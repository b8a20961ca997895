import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import { ArgParseError, ArgumentParser, type FlagSpec, type ParsedArgs } from './argparse';
import { createLogger, LOG_FORMATS, logFormatFrom, setLogSink } from './logger';
import { checkRange, checkSuiteName } from './validate';
import { chooseSchema, suiteRunGroups } from '../core/summarize/schema';
import { summarize, type SummarizeOptions } from '../core/summarize/summarize';

const UNSUPPORTED = 'HELM flags not supported by helm-ts';

/** HELM's helm-summarize flags, names, types and defaults. */
export const HELM_SUMMARIZE_FLAGS: FlagSpec[] = [
  { names: ['-o', '--output-path'], dest: 'outputPath', kind: 'string', default: 'benchmark_output', metavar: 'OUTPUT_PATH', help: 'Where the benchmarking output lives' },
  { names: ['--schema-path'], dest: 'schemaPath', kind: 'string', metavar: 'SCHEMA_PATH', help: `Path to the schema file (YAML, or .json); default: helm-ts's schema (${'core/summarize/schema/schema_helm_ts.yaml'})` },
  { names: ['--schema'], dest: 'schema', kind: 'string', metavar: 'lite|classic|PATH', help: "Schema by name (lite, classic: HELM Lite's or HELM Classic's groups, metric groups and columns) or path; default: chosen from the runs' groups (HELM Lite's for a Lite suite, HELM Classic's for a Classic suite, else helm-ts's)" },
  { names: ['--schema-validation'], dest: 'schemaValidation', kind: 'string', default: 'warn', choices: ['error', 'warn', 'off'], metavar: '{error,warn,off}', help: "Schema validation mode: 'error' (fail on errors), 'warn' (log them), or 'off'" },
  { names: ['--suite'], dest: 'suite', kind: 'string', metavar: 'SUITE', help: 'Name of the suite to summarize (outputs go to <output-path>/runs/<suite>)' },
  { names: ['--release'], dest: 'release', kind: 'string', metavar: 'RELEASE', help: 'Name of the release this summarization goes under (with --suites)' },
  { names: ['--suites'], dest: 'suites', kind: 'string', nargs: '+', metavar: 'SUITES', help: 'Suites to summarize into the release' },
  { names: ['-n', '--num-threads'], dest: 'numThreads', kind: 'int', default: 8, metavar: 'NUM_THREADS', help: 'Display files written concurrently' },
  { names: ['--debug'], dest: 'debug', kind: 'flag', help: 'Append the contributing run names to table cell descriptions' },
  { names: ['--skip-completed-run-display-json'], dest: 'skipCompletedRunDisplayJson', kind: 'flag', help: 'Skip runs that already have all three display JSON files' },
  { names: ['--local-path'], dest: 'localPath', kind: 'string', default: 'prod_env', metavar: 'LOCAL_PATH', help: 'Folder with extra model_metadata.yaml / model_deployments.yaml / tokenizer_configs.yaml' },
  { names: ['--log-format'], dest: 'logFormat', kind: 'string', choices: [...LOG_FORMATS], metavar: '{text,json}', help: 'Log lines on stderr (helm-ts; default text; env HELM_LOG_FORMAT)' },
  { names: ['--allow-unknown-models'], dest: 'allowUnknownModels', kind: 'string', metavar: 'ALLOW_UNKNOWN_MODELS', help: 'Accepted for compatibility (unknown models are always allowed)' },
  { names: ['--summarizer-class-name'], dest: 'unsupported_summarizer_class_name', kind: 'string', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported (no Python classes)' },
  { names: ['--log-config'], dest: 'unsupported_log_config', kind: 'string', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported (use HELM_LOG_LEVEL / HELM_LOG_FORMAT)' },
  { names: ['--auto-generate-schema'], dest: 'unsupported_auto_generate_schema', kind: 'flag', group: UNSUPPORTED, hiddenInUsage: true, help: 'not supported (helm-ts has no metric/scenario metadata to generate a schema from)' },
];

const parser = new ArgumentParser({
  prog: 'helm-summarize',
  description:
    "Summarize a suite's runs into HELM's files for helm-server: schema.json, runs.json, groups/ tables, " +
    'per-run display JSON. Every run folder of the suite is summarized.',
  flags: HELM_SUMMARIZE_FLAGS,
  epilog: 'Example: helm-summarize --suite v1',
});

/** Flags → options (and why the schema), flag conflicts are ArgParseError (exit 2). */
export function buildOptions(args: ParsedArgs): { options: SummarizeOptions; schemaReason: string } {
  const unsupported = Object.entries(args).filter(([k, v]) => k.startsWith('unsupported_') && v !== undefined && v !== false);
  if (unsupported.length > 0) {
    const flag = '--' + unsupported[0][0].slice('unsupported_'.length).replace(/_/g, '-');
    throw new ArgParseError(`argument ${flag}: not supported by helm-ts`);
  }
  checkRange(args.numThreads as number, '-n/--num-threads', 1, 256);
  checkSuiteName(args.suite as string | undefined, '--suite');
  checkSuiteName(args.release as string | undefined, '--release');
  for (const suite of (args.suites as string[] | undefined) ?? []) checkSuiteName(suite, '--suites');
  if (args.schema !== undefined && args.schemaPath !== undefined) throw new ArgParseError('argument --schema: not allowed with argument --schema-path');
  const suites = (args.suites as string[] | undefined) ?? (args.suite !== undefined ? [args.suite as string] : []);
  const schema =
    args.schemaPath !== undefined
      ? { path: args.schemaPath as string, reason: '--schema-path' }
      : chooseSchema(args.schema as string | undefined, suiteRunGroups(args.outputPath as string, suites));
  const options: SummarizeOptions = {
    outputPath: args.outputPath as string,
    suite: args.suite as string | undefined,
    release: args.release as string | undefined,
    suites: args.suites as string[] | undefined,
    schemaPath: schema.path,
    schemaValidation: args.schemaValidation as SummarizeOptions['schemaValidation'],
    localPath: args.localPath as string,
    verbose: Boolean(args.debug),
    skipCompletedRunDisplayJson: Boolean(args.skipCompletedRunDisplayJson),
    numThreads: args.numThreads as number,
  };
  return { options, schemaReason: schema.reason };
}

/**
 * A bar per stage in a terminal (each stays on screen when done), with log lines drawn above the
 * bars rather than through them; a log line every few seconds otherwise.
 */
export function progressReporter(
  logger: Logger,
  interactive = Boolean(process.stderr.isTTY),
  stream: NodeJS.WritableStream = process.stderr,
): { update: (stage: string, done: number, total: number) => void; stop: () => void } {
  let bars: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let barStage = '';
  let last = 0;
  return {
    update(stage, done, total) {
      if (interactive) {
        if (!bars) {
          const multi = new cliProgress.MultiBar({ format: ' {stage} |{bar}| {value}/{total}', stream, hideCursor: true }, cliProgress.Presets.shades_classic);
          bars = multi;
          setLogSink((line) => {
            multi.log(line.endsWith('\n') ? line : `${line}\n`);
            multi.update();
          });
        }
        if (barStage !== stage) {
          bar?.update(bar.getTotal());
          bar = bars.create(total, 0, { stage: stage.padEnd(24) });
          barStage = stage;
        }
        bar?.update(done);
        return;
      }
      if (Date.now() - last > 5_000 && done < total) {
        logger.info(`${stage}: ${done}/${total}`);
        last = Date.now();
      }
    },
    stop() {
      if (!bars) return;
      setLogSink(undefined);
      bars.update();
      bars.stop();
      bars = undefined;
    },
  };
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args = parser.parseOrExit(argv);
  if (!args) return 0;
  let built: ReturnType<typeof buildOptions>;
  try {
    built = buildOptions(args);
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    throw error;
  }
  const logger = createLogger(logFormatFrom(args.logFormat as string | undefined));
  const { options, schemaReason } = built;
  const progress = progressReporter(logger);
  const started = Date.now();
  try {
    logger.info(`Schema: ${options.schemaPath} (${schemaReason})`);
    const result = await summarize(options, {
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      progress: progress.update,
    });
    progress.stop();
    const problems = result.skipped.length + result.displayFailures.length;
    logger.info(
      `Summarized ${result.runs} runs into ${result.releasePath} (${result.groupsWritten} group pages) in ${((Date.now() - started) / 1000).toFixed(1)}s` +
        (problems > 0 ? `; ${problems} run folder(s) had problems (see warnings above)` : ''),
    );
    return 0;
  } finally {
    progress.stop();
  }
}
