import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';
import { parseHocon } from '../run-specs/hocon';

/** HELM's credentials: the parsed HOCON of `credentials.conf` (or of `HELM_CREDENTIALS`). */
export const Credentials = z.record(z.string(), z.unknown());
export type Credentials = z.infer<typeof Credentials>;

/** Where credentials came from, for messages (never the secrets themselves). */
export interface LoadedCredentials {
  credentials: Credentials;
  source: string;
}

/**
 * HELM's `get_credentials`: the `HELM_CREDENTIALS` environment variable when non-empty, else
 * `<localPath>/credentials.conf` when present, else nothing.
 */
export function loadCredentials(localPath: string, env: NodeJS.ProcessEnv = process.env): LoadedCredentials {
  const fromEnv = env.HELM_CREDENTIALS ?? '';
  const file = path.join(localPath, 'credentials.conf');
  if (fromEnv !== '') return { credentials: parseCredentials(fromEnv, 'HELM_CREDENTIALS'), source: 'the HELM_CREDENTIALS environment variable' };
  if (fs.existsSync(file)) return { credentials: parseCredentials(fs.readFileSync(file, 'utf8'), file), source: file };
  return { credentials: {}, source: `${file} (absent)` };
}

/** Parses credentials HOCON; a syntax error names the place only, never the text around it. */
export function parseCredentials(text: string, sourceName: string): Credentials {
  let parsed: unknown;
  try {
    parsed = parseHocon(text, sourceName);
  } catch (error) {
    // The parser quotes the character it stopped at; keep just "<source>:<line>:<column>".
    const message = error instanceof Error ? error.message : String(error);
    const rest = message.startsWith(sourceName) ? message.slice(sourceName.length) : '';
    const where = sourceName + (/^:\d+:\d+/.exec(rest)?.[0] ?? '');
    throw new HelmInputError(`${where}: credentials are not valid HOCON (details withheld: the text holds secrets)`);
  }
  const result = Credentials.safeParse(parsed);
  if (!result.success) throw new HelmInputError(`${sourceName}: credentials must be a HOCON object of keys`);
  return result.data;
}

/** A string-valued credential (numbers are accepted as HOCON writes them), else undefined. */
export function credentialString(credentials: Credentials, key: string): string | undefined {
  const value = credentials[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * HELM's `provide_api_key`: `<hostOrganization>ApiKey`, else `deployments.<deployment name>`,
 * else none.
 */
export function provideApiKey(credentials: Credentials, hostOrganization: string, deploymentName?: string): string | undefined {
  const byHost = credentialString(credentials, `${hostOrganization}ApiKey`);
  if (byHost !== undefined) return byHost;
  const deployments = credentials.deployments;
  if (deploymentName === undefined || typeof deployments !== 'object' || deployments === null || Array.isArray(deployments)) {
    return undefined;
  }
  return credentialString(deployments as Credentials, deploymentName);
}
