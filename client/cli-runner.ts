import { HelmInputError, HelmSetupError } from '../core/common/errors';
import { asLocalFileError } from '../core/common/file-errors';

/**
 * How a CLI ends early with an exit code (argparse's exit 2, --help) without calling process.exit
 * deep inside: the runner turns it into the exit code, and tests can call main() in-process.
 */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'CliExit';
  }
}

/** A problem the user can act on, with a message that says what; CLIs raise it for their own checks. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let current: unknown = error; current !== undefined && out.length < 20; current = current instanceof Error ? current.cause : undefined) out.push(current);
  return out;
}

/** "message: cause's message: …", every distinct message of the cause chain. */
export function errorChain(error: unknown): string {
  const messages: string[] = [];
  for (const current of chain(error)) {
    const message = current instanceof Error ? current.message : String(current);
    if (message && !messages.includes(message)) messages.push(message);
  }
  return messages.join(': ');
}

/** gRPC status codes that mean "the server went away or never answered". */
const UNREACHABLE_GRPC_CODES = new Set([1, 4, 14]); // CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE

/** True when `error` says the Temporal server could not be reached (or stopped answering). */
export function isConnectionLoss(error: unknown): boolean {
  return chain(error).some((e) => {
    if (!(e instanceof Error)) return false;
    if (e.name === 'ServiceError' || e.name === 'ConnectionError' || e.name === 'TransportError') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && UNREACHABLE_GRPC_CODES.has(code) && 'details' in e) return true;
    return /ECONNREFUSED|ECONNRESET|UNAVAILABLE|Connection (refused|reset|dropped)|transport error|failed to connect/i.test(e.message);
  });
}

export const CONNECTION_LOST_HINT =
  "The suite's state is safe in Temporal: once the server is back, run the same command again to resume " +
  '(helm-run restarts its embedded server by itself).';

/** The message a user should see for `error`, or undefined when it is a bug in helm-ts. */
export function userMessage(error: unknown): string | undefined {
  if (error instanceof HelmInputError || error instanceof HelmSetupError || error instanceof UserFacingError) return error.message;
  if (error instanceof Error && error.name === 'TemporalUnreachableError') return error.message;
  const fileFault = asLocalFileError(error);
  if (fileFault) return fileFault.message;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return 'An input is nested too deeply to process (maximum call stack size exceeded); simplify it.';
  }
  if (isConnectionLoss(error)) return `Lost the connection to the Temporal server (${errorChain(error)}). ${CONNECTION_LOST_HINT}`;
  return undefined;
}

/**
 * How a CLI's error reaches the user: one line `<prog>: error: <message>` and exit 1. A bug in
 * helm-ts gets one line too; its stack trace only with HELM_DEBUG=1.
 */
export function reportError(prog: string, error: unknown): number {
  if (error instanceof CliExit) return error.code;
  const message = userMessage(error);
  if (message !== undefined) {
    process.stderr.write(`${prog}: error: ${message}\n`);
    return 1;
  }
  const debug = process.env.HELM_DEBUG === '1' || process.env.HELM_DEBUG === 'true';
  const stack = error instanceof Error && error.stack ? error.stack : '';
  process.stderr.write(
    `${prog}: internal error: ${errorChain(error)}\n` +
      (debug ? `${stack}\n` : 'This is a bug in helm-ts; run again with HELM_DEBUG=1 to see where it happened, and report it.\n'),
  );
  return 1;
}

/** Runs a CLI's main and exits with its code; nothing it throws reaches the user as a stack trace. */
export async function runCli(prog: string, main: () => Promise<number>): Promise<never> {
  process.on('unhandledRejection', (reason) => {
    process.exit(reportError(prog, reason));
  });
  let code: number;
  try {
    code = await main();
  } catch (error) {
    code = reportError(prog, error);
  }
  process.exit(code);
}
