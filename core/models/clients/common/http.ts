import { setTimeout as sleep } from 'node:timers/promises';

/** How the client retries one HTTP call before handing over to the Temporal activity retry. */
export interface RetryPolicy {
  /** Per attempt, in milliseconds (the OpenAI SDK's `timeout`, default 600 s). */
  timeoutMs: number;
  /** Retries after the first attempt (the SDK's `max_retries`, default 2). */
  maxRetries: number;
  /** First backoff, doubled per retry up to `maxDelayMs` (the SDK: 0.5 s and 8 s). */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this ends the in-client retries (the SDK honours up to 60 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  timeoutMs: 600_000,
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * The service failed in a way that may heal (429, 408, 409, 5xx, timeout, network error,
 * malformed body) and the client's own retries are spent. Plain Error subclass: Temporal retries
 * the activity with its backoff, resuming after the results already written.
 */
export class ModelServiceRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelServiceRetryableError';
  }
}

/** The service refused the request (4xx other than 408/409/429): retrying will not help. */
export class ModelRequestRejectedError extends Error {
  constructor(
    readonly status: number,
    /** The response body as text (already stripped of secrets). */
    readonly bodyText: string,
    /** The status line's reason phrase ("Bad Request"), which some HELM clients put in messages. */
    readonly statusText: string = '',
    /** The response's headers (Bedrock names the error's type in x-amzn-ErrorType). */
    readonly headers: Headers = new Headers(),
  ) {
    super(`HTTP ${status}`);
    this.name = 'ModelRequestRejectedError';
  }
}

/** HTTP statuses the OpenAI SDK retries. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** `retry-after-ms`, else `Retry-After` as seconds or an HTTP date; undefined when absent/unreadable. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The SDK's backoff: initial × 2^retry, capped, minus up to 25 % jitter. */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.initialDelayMs * 2 ** retry, policy.maxDelayMs);
  return base * (1 - 0.25 * random());
}

/** Removes every occurrence of the secrets from a text that may reach logs or results. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  return out;
}

export interface PostJsonArgs<T> {
  url: string;
  /** POST with a JSON body (default), or GET without one (model lists). */
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body: unknown;
  policy: RetryPolicy;
  /** Checks a 2xx body; throws (with a message) when it is malformed. */
  parse: (body: unknown) => T;
  /** Turns a 2xx body's text into the value `parse` checks (default JSON.parse; e.g. an event stream). */
  decode?: (text: string) => unknown;
  /** Which HTTP statuses are worth another attempt (default: the OpenAI SDK's, isRetryableStatus). */
  retryStatus?: (status: number) => boolean;
  /** Values to scrub from every message (the API key). */
  secrets: readonly string[];
  /** Headers computed per attempt from the exact body text sent (request signing: AWS SigV4). */
  sign?: (bodyText: string) => Record<string, string>;
  /** Sees each 2xx response's headers (Bedrock's Converse reads its Date header). */
  onHeaders?: (headers: Headers) => void;
  /** Label for messages, e.g. "openai/gpt-4o (https://api.openai.com/v1/chat/completions)". */
  label: string;
  /** Wraps each attempt (the per-deployment concurrency limit); the backoff waits outside it. */
  withSlot?: <R>(task: () => Promise<R>) => Promise<R>;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; reason: string; retryAfter?: number };

async function attemptOnce<T>(args: PostJsonArgs<T>): Promise<Attempt<T>> {
  let response: Response;
  let text: string;
  try {
    const get = args.method === 'GET';
    const bodyText = get ? undefined : JSON.stringify(args.body);
    response = await fetch(args.url, {
      method: get ? 'GET' : 'POST',
      headers: { ...(get ? {} : { 'content-type': 'application/json' }), accept: 'application/json', ...args.headers, ...args.sign?.(bodyText ?? '') },
      body: bodyText,
      signal: AbortSignal.timeout(args.policy.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { ok: false, reason: `timed out after ${args.policy.timeoutMs / 1000} s` };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, reason: `connection failed (${error instanceof Error ? error.message : String(error)}${cause})` };
  }
  if ((args.retryStatus ?? isRetryableStatus)(response.status)) {
    return { ok: false, reason: `HTTP ${response.status}: ${text.trim().slice(0, 500)}`, retryAfter: retryAfterMs(response.headers) };
  }
  if (response.status >= 400 || response.status < 200) throw new ModelRequestRejectedError(response.status, text, response.statusText, response.headers);
  args.onHeaders?.(response.headers);
  let json: unknown;
  try {
    json = args.decode ? args.decode(text) : JSON.parse(text);
  } catch (error) {
    const why = args.decode && error instanceof Error ? error.message : 'not JSON';
    return { ok: false, reason: `malformed response body (${why}): ${JSON.stringify(text.slice(0, 200))}` };
  }
  try {
    return { ok: true, value: args.parse(json) };
  } catch (error) {
    return { ok: false, reason: `malformed response body: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * POSTs JSON and returns the parsed body, retrying what may heal as the OpenAI SDK does (bounded,
 * honouring Retry-After). Throws ModelRequestRejectedError for a refusal and
 * ModelServiceRetryableError once the retries are spent. Messages never contain the secrets.
 */
export async function postJson<T>(args: PostJsonArgs<T>): Promise<T> {
  const withSlot = args.withSlot ?? (<R>(task: () => Promise<R>) => task());
  for (let attempt = 0; ; attempt++) {
    let outcome: Attempt<T>;
    try {
      outcome = await withSlot(() => attemptOnce(args));
    } catch (error) {
      if (error instanceof ModelRequestRejectedError) {
        throw new ModelRequestRejectedError(error.status, redact(error.bodyText, args.secrets), error.statusText, error.headers);
      }
      throw error;
    }
    if (outcome.ok) return outcome.value;
    const reason = redact(outcome.reason, args.secrets);
    const tooLong = outcome.retryAfter !== undefined && outcome.retryAfter > args.policy.maxRetryAfterMs;
    if (attempt >= args.policy.maxRetries || tooLong) {
      const why = tooLong ? `the server asked to wait ${Math.round((outcome.retryAfter ?? 0) / 1000)} s` : `${attempt + 1} attempts`;
      throw new ModelServiceRetryableError(`${args.label}: ${reason} (gave up after ${why}; the activity will retry)`);
    }
    const delayMs = outcome.retryAfter ?? backoffMs(attempt, args.policy);
    args.onRetry?.({ attempt: attempt + 1, delayMs, reason });
    await sleep(delayMs);
  }
}
