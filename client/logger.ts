import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/**
 * pino to stderr: human-readable in a terminal, JSON lines otherwise (or with HELM_LOG_FORMAT=json),
 * so logs never mix with the progress bars' lines or the outputs printed on stdout.
 */
export function createLogger(level = process.env.HELM_LOG_LEVEL ?? 'info'): Logger {
  const json = process.env.HELM_LOG_FORMAT === 'json' || (!process.stderr.isTTY && process.env.HELM_LOG_FORMAT !== 'pretty');
  if (json) return pino({ level, base: undefined }, pino.destination({ fd: 2, sync: true }));
  return pino(
    { level, base: undefined },
    pretty({ destination: 2, sync: true, colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' }),
  );
}

/** Route the Temporal SDK's own logs (worker, core) through our logger, quietly by default. */
export function installTemporalLogging(logger: Logger, level: LogLevel = 'WARN'): void {
  Runtime.install({
    // Core (Rust) logs come through the same logger instead of raw lines on stderr.
    telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } },
    logger: new DefaultLogger(level, (entry) => {
      // A worker of the model queue has no workflows by design; this is not news to the user.
      if (entry.message.startsWith('No workflows registered')) return;
      // A progress query that raced its run's completion; the CLI's next poll reads the result.
      if (entry.message.startsWith('Query not found when attempting to respond')) return;
      const attrs = { ...(entry.meta ?? {}), component: 'temporal' };
      const method = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : entry.level === 'INFO' ? 'info' : 'debug';
      logger[method](attrs, entry.message);
    }),
  });
}
