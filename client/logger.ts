import pino, { type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { HelmInputError } from '../core/common/errors';

export type LogFormat = 'text' | 'json';

/** `--log-format` values (HELM_LOG_FORMAT too); "pretty" is the older spelling of "text". */
export const LOG_FORMATS = ['text', 'json'] as const;

/**
 * Where log lines go: stderr, unless a progress display owns the terminal and draws them above its
 * bars (client/progress.ts), so a log line and a bar redraw never land on one line.
 */
let sink: ((line: string) => void) | undefined;

export function setLogSink(write: ((line: string) => void) | undefined): void {
  sink = write;
}

function writeLine(line: string): void {
  if (sink) sink(line);
  else process.stderr.write(line);
}

export function logFormatFrom(flag: string | undefined): LogFormat {
  const value = flag ?? process.env.HELM_LOG_FORMAT;
  return value === 'json' ? 'json' : 'text';
}

/**
 * pino to stderr: readable one-line text by default (coloured only in a terminal), JSON lines with
 * `--log-format json` or HELM_LOG_FORMAT=json (for log collectors). Logs never go to stdout, which
 * carries the outputs a script may read.
 */
/** pino's levels, as HELM_LOG_LEVEL takes them. */
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function logLevelFrom(value: string | undefined): string {
  if (value === undefined || value === '') return 'info';
  if (!LOG_LEVELS.includes(value)) throw new HelmInputError(`HELM_LOG_LEVEL=${value} is not a log level; use one of ${LOG_LEVELS.join(', ')}`);
  return value;
}

export function createLogger(format: LogFormat = logFormatFrom(undefined), level = logLevelFrom(process.env.HELM_LOG_LEVEL)): Logger {
  if (format === 'json') return pino({ level, base: undefined }, { write: writeLine });
  const prettify = prettyFactory({
    colorize: Boolean(process.stderr.isTTY),
    translateTime: 'HH:MM:ss',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return pino({ level, base: undefined }, { write: (json: string) => writeLine(prettify(json)) });
}
