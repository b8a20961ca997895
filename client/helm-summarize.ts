import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import { ArgParseError, ArgumentParser, type FlagSpec, type ParsedArgs } from './argparse';
import { createLogger, LOG_FORMATS, logFormatFrom, setLogSink } from './logger';
import { checkRange, checkSuiteName } from './validate';
import fs from 'node:fs';
import path from 'node:path';
import { chooseSchemaPath } from '../core/summarize/schema';
import { summarize, type SummarizeOptions } from '../core/summarize/summarize';

const UNSUPPORTED = 'HELM flags not supported by helm-ts';

/** HELM's helm-summarize flags, names, types and defaults. */
export const HELM_SUMMARIZE_FLAGS: FlagSpec[] = [
  { names: ['-o', '--output-path'], dest: 'outputPath', kind: 'string', default: 'benchmark_output', metavar: 'OUTPUT_PATH', help: 'Where the benchmarking output lives' },
  { names: ['--schema-path'], dest: 'schemaPath', kind: 'string', metavar: 'SCHEMA_PATH', help: `Path to the schema file (YAML, or .json); default: helm-ts's schema (${'core/summarize/schema/schema_helm_ts.yaml'})` },
  { names: ['--schema'], dest: 'schema', kind: 'string', metavar: 'lite|classic|PATH', help: "Schema by name (lite: HELM Lite's groups, metric groups and columns) or path; default: chosen from the runs' groups (HELM Lite's schema for a Lite suite, else helm-ts's)" },
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

/** The groups of every run_spec.json of the suite(s) being summarized (for choosing the schema). */
function runGroupsOf(args: ParsedArgs): string[][] {
  const suites = (args.suites as string[] | undefined) ?? (args.suite !== undefined ? [args.suite as string] : []);
  const groups: string[][] = [];
  for (const suite of suites) {
    const dir = path.join(args.outputPath as string, 'runs', suite);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name, 'run_spec.json');
      if (!entry.isDirectory() || !fs.existsSync(file)) continue;
      try {
        groups.push((JSON.parse(fs.readFileSync(file, 'utf8')) as { groups?: string[] }).groups ?? []);
      } catch {
        // An unreadable run_spec.json is reported by the summarizer itself.
      }
    }
  }
  return groups;
}

/** Flags → options; flag conflicts are ArgParseError (exit 2). */
export function buildOptions(args: ParsedArgs): SummarizeOptions {
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
  return {
    outputPath: args.outputPath as string,
    suite: args.suite as string | undefined,
    release: args.release as string | undefined,
    suites: args.suites as string[] | undefined,
    schemaPath: (args.schemaPath as string | undefined) ?? chooseSchemaPath(args.schema as string | undefined, runGroupsOf(args)),
    schemaValidation: args.schemaValidation as SummarizeOptions['schemaValidation'],
    localPath: args.localPath as string,
    verbose: Boolean(args.debug),
    skipCompletedRunDisplayJson: Boolean(args.skipCompletedRunDisplayJson),
    numThreads: args.numThreads as number,
  };
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
  let options: SummarizeOptions;
  try {
    options = buildOptions(args);
  } catch (error) {
    if (error instanceof ArgParseError) parser.fail(error);
    throw error;
  }
  const logger = createLogger(logFormatFrom(args.logFormat as string | undefined));
  const progress = progressReporter(logger);
  const started = Date.now();
  try {
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
