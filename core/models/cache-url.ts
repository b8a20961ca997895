import { HelmInputError } from '../common/errors';

/**
 * Where a shared request cache lives: a PostgreSQL URL (`postgres://user:password@host:port/db`).
 * The password may sit in the URL, in PGPASSWORD or in ~/.pgpass (pg reads both, as libpq does);
 * it never reaches a log line, an error message or Temporal: messages show `maskCacheUrl`, and
 * a suite's input carries `cacheUrlIdentity` (the URL without its secrets).
 */

const SCHEMES = new Set(['postgres:', 'postgresql:']);
/** Query parameters pg accepts that carry secrets. */
const SECRET_PARAMS = ['password', 'sslpassword', 'sslkey'];

function parse(raw: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HelmInputError(`${source}: ${maskCacheUrl(raw)} is not a URL; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`);
  }
  if (!SCHEMES.has(url.protocol)) {
    throw new HelmInputError(
      `${source}: ${maskCacheUrl(raw)} is not a PostgreSQL URL; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE ` +
        '(without it the request cache is the SQLite files under <local-path>/cache)',
    );
  }
  if (url.pathname.replace(/^\//, '') === '') {
    throw new HelmInputError(`${source}: ${maskCacheUrl(raw)} names no database; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`);
  }
  return url;
}

/** Checks a cache URL given by the user; a bad one is a HelmInputError naming where it came from. */
export function validateCacheUrl(raw: string, source = '--cache-url'): string {
  parse(raw, source);
  return raw;
}

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** The URL with its password (and secret parameters) replaced by ***, for messages. */
export function maskCacheUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not parseable: hide everything between "://" and the last "@", where a password would be.
    return raw.replace(/(:\/\/)[^/]*@/, '$1***@');
  }
  if (url.password) url.password = '***';
  for (const name of SECRET_PARAMS) if (url.searchParams.has(name)) url.searchParams.set(name, '***');
  return url.toString();
}

/**
 * The cache's identity: the URL without password or secret parameters. Safe to store in a suite's
 * workflow input; every worker opens this cache, adding a password it was given (see withCredentials).
 */
export function cacheUrlIdentity(raw: string): string {
  const url = parse(raw, 'cache URL');
  url.password = '';
  for (const name of SECRET_PARAMS) url.searchParams.delete(name);
  return url.toString();
}

function endpoint(url: URL): string {
  const port = url.port || '5432';
  return [url.hostname.toLowerCase(), port, decodeURIComponent(url.pathname), decodeURIComponent(url.username)].join('\u0000');
}

/**
 * The URL to connect with for a suite's cache identity: a configured URL (this worker's
 * --cache-url or HELM_CACHE_URL) naming the same host, port, database and user lends its
 * password and secret parameters; otherwise the identity as is (pg then reads PGPASSWORD or ~/.pgpass).
 */
export function withCredentials(identity: string, configured: Array<string | undefined>): string {
  const target = parse(identity, 'cache URL');
  for (const candidate of configured) {
    if (!candidate) continue;
    let url: URL;
    try {
      url = parse(candidate, 'cache URL');
    } catch {
      continue;
    }
    if (endpoint(url) !== endpoint(target)) continue;
    if (url.password) target.password = url.password;
    for (const name of SECRET_PARAMS) {
      const value = url.searchParams.get(name);
      if (value !== null && !target.searchParams.has(name)) target.searchParams.set(name, value);
    }
    return target.toString();
  }
  return identity;
}

/** Every secret in `urls` (raw and decoded) replaced by *** in `text`: a last guard for messages. */
export function redactSecrets(text: string, urls: Array<string | undefined>): string {
  let result = text;
  for (const raw of urls) {
    if (!raw) continue;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const secrets = [url.password, ...SECRET_PARAMS.map((name) => url.searchParams.get(name) ?? '')].filter((s) => s.length > 0);
    for (const secret of secrets) {
      for (const form of new Set([secret, safeDecode(secret)])) {
        if (form.length > 0) result = result.split(form).join('***');
      }
    }
  }
  return result;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
