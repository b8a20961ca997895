import type { Logger } from 'pino';
import type { FlagSpec, ParsedArgs } from './argparse';
import { maskCacheUrl, validateCacheUrl } from '../core/models/cache-url';
import { PostgresRequestCaches } from '../core/models/postgres-request-cache';

/** The environment variable that stands for --cache-url (and lends its password to every suite's cache). */
export const CACHE_URL_ENV = 'HELM_CACHE_URL';

export function cacheUrlFlag(group?: string, extra = ''): FlagSpec {
  return {
    names: ['--cache-url'],
    dest: 'cacheUrl',
    kind: 'string',
    metavar: 'URL',
    group,
    help:
      'A request cache shared by every worker on every host: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE ' +
      '(password in the URL or PGPASSWORD; never logged). Default: the SQLite files under <local-path>/cache. ' +
      `Env: ${CACHE_URL_ENV}${extra}`,
  };
}

/** --cache-url, else $HELM_CACHE_URL, checked for form (a HelmInputError names where it came from). */
export function cacheUrlOf(args: ParsedArgs): string | undefined {
  const flag = args.cacheUrl as string | undefined;
  if (flag !== undefined) return validateCacheUrl(flag, '--cache-url');
  const env = process.env[CACHE_URL_ENV];
  if (env) return validateCacheUrl(env, CACHE_URL_ENV);
  return undefined;
}

/**
 * Connects to the cache and makes sure its table exists, before anything starts: a wrong URL,
 * password or database is a HelmInputError here rather than failed runs later.
 */
export async function verifyCacheUrl(url: string, logger: Logger): Promise<void> {
  const caches = await PostgresRequestCaches.open({ url, retryForMs: 5_000 });
  await caches.closeAll();
  logger.info(`Request cache: ${maskCacheUrl(url)}`);
}
