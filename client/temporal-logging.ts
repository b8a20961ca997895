import type { Logger } from 'pino';
import { DefaultLogger, Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';

/** Messages of the SDK that say nothing a helm-ts user can act on. */
const QUIET = [
  // A worker of the model queue has no workflows by design.
  'No workflows registered',
  // A progress query that raced its run's completion; the CLI's next poll reads the result.
  'Query not found when attempting to respond',
];

/** The SDK's own reports of failed workflows: helm-ts reports each failed run and suite itself. */
const DEBUG_ONLY = ['Workflow failed', 'Workflow completed', 'Workflow cancelled'];

function errorMessage(value: unknown): string | undefined {
  if (value instanceof Error) {
    let current: unknown = value;
    while (current instanceof Error && current.cause instanceof Error) current = current.cause;
    return current instanceof Error ? current.message : undefined;
  }
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : undefined;
}

/**
 * One readable line for one SDK log entry: its first line, where it happened (workflow, activity,
 * attempt) and the error's message; task tokens, option dumps and the like are left out.
 */
export function foldTemporalLog(message: string, meta: LogMetadata | undefined): string {
  const first = message.split('\n')[0].trim().slice(0, 300);
  const where: string[] = [];
  const m = meta ?? {};
  if (typeof m.activityType === 'string') where.push(`activity ${m.activityType}`);
  else if (typeof m.workflowType === 'string') where.push(`workflow ${m.workflowType}`);
  if (typeof m.workflowId === 'string') where.push(m.workflowId);
  if (typeof m.attempt === 'number' && m.attempt > 1) where.push(`attempt ${m.attempt}`);
  const error = errorMessage(m.error) ?? errorMessage(m.failure);
  const detail = error ? `: ${error.split('\n')[0].slice(0, 500)}` : '';
  return `temporal: ${first}${where.length > 0 ? ` (${where.join(', ')})` : ''}${detail}`;
}

/** Meta fields worth keeping in JSON logs: short, and what an operator filters by. */
function shortAttributes(meta: LogMetadata | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (key === 'taskToken' || key === 'sdkComponent') continue;
    if ((typeof value === 'string' && value.length <= 300) || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

/** The core retries calls to an unreachable server many times a minute: say so once a minute. */
const GRPC_RETRY = /gRPC call \w+ retried \d+ times[^]*?code: (\w+)(?:, message: "([^"]*)")?/;
let lastGrpcRetryReport = 0;

export function foldGrpcRetry(message: string): string | undefined {
  const match = GRPC_RETRY.exec(message);
  if (!match) return undefined;
  return `temporal: cannot reach the Temporal server (${match[1]}${match[2] ? `: ${match[2]}` : ''}); retrying`;
}

let installed = false;

/**
 * Routes the Temporal SDK's own logs (worker, core) through our logger, one line each, quietly by
 * default. `workflowLogsAsDebug`: helm-run shows failed runs itself, so the workflows' own log
 * lines (meant for helm-worker operators) would say everything twice.
 */
export function installTemporalLogging(logger: Logger, options: { level?: LogLevel; workflowLogsAsDebug?: boolean; structured?: boolean } = {}): void {
  const level = options.level ?? 'WARN';
  if (installed) return;
  installed = true;
  Runtime.install({
    // Core (Rust) logs come through the same logger instead of raw lines on stderr.
    telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } },
    logger: new DefaultLogger(level, (entry) => {
      if (QUIET.some((q) => entry.message.startsWith(q))) return;
      const grpc = foldGrpcRetry(entry.message);
      if (grpc !== undefined) {
        if (Date.now() - lastGrpcRetryReport < 60_000) return logger.debug(grpc);
        lastGrpcRetryReport = Date.now();
        return logger.warn(grpc);
      }
      const line = foldTemporalLog(entry.message, entry.meta);
      // JSON logs keep the short fields (workflow ids, run names) for log queries; text stays one line.
      const attributes = options.structured ? shortAttributes(entry.meta) : {};
      const fromWorkflow = entry.meta?.sdkComponent === 'workflow';
      if (DEBUG_ONLY.some((q) => entry.message.startsWith(q)) || (fromWorkflow && options.workflowLogsAsDebug)) return logger.debug(attributes, line);
      const method = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : entry.level === 'INFO' ? 'info' : 'debug';
      logger[method](attributes, line);
    }),
  });
}
