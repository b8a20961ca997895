/**
 * Where boto3 (and so HELM's Bedrock clients) finds the identity, region and endpoint, for the parts
 * helm-ts reads: the environment and the shared credentials/config files of a profile. Instance
 * roles, SSO, `credential_process` and role assumption are not read; messages name what is missing,
 * never a secret.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HelmInputError } from '../../../common/errors';
import type { AwsCredentials } from './sigv4';

/** The sections of an INI file (`[name]`, `key = value`; `#`/`;` comments). */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]) ?? new Map<string, string>();
      sections.set(header[1], current);
      continue;
    }
    const at = line.indexOf('=');
    if (current && at > 0) current.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return sections;
}

/** One profile's settings from ~/.aws/credentials and ~/.aws/config (the credentials file wins). */
export interface AwsProfile {
  name: string;
  /** The files that were read, for messages. */
  files: string[];
  settings: Map<string, string>;
}

export function loadAwsProfile(env: NodeJS.ProcessEnv, home: string = os.homedir()): AwsProfile {
  const name = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
  const settings = new Map<string, string>();
  const files: string[] = [];
  // The config file names profiles "profile <name>" (except default); the credentials file does not.
  for (const [file, section] of [
    [configFile, name === 'default' ? 'default' : `profile ${name}`],
    [credentialsFile, name],
  ] as const) {
    if (!fs.existsSync(file)) continue;
    files.push(file);
    for (const [key, value] of parseIni(fs.readFileSync(file, 'utf8')).get(section) ?? []) settings.set(key, value);
  }
  return { name, files, settings };
}

/**
 * boto3's order: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), then the profile's
 * keys. With `profileOnly` (HELM's `get_bedrock_client` names AWS_PROFILE explicitly to its boto3
 * Session, and botocore then skips the environment's keys) only the profile's keys count.
 */
export function resolveAwsCredentials(deploymentName: string, env: NodeJS.ProcessEnv, profile: AwsProfile, profileOnly = false): AwsCredentials {
  const id = profileOnly ? undefined : env.AWS_ACCESS_KEY_ID;
  const secret = profileOnly ? undefined : env.AWS_SECRET_ACCESS_KEY;
  if (id && secret) return { accessKeyId: id, secretAccessKey: secret, sessionToken: env.AWS_SESSION_TOKEN || env.AWS_SECURITY_TOKEN || undefined };
  if (id || secret) {
    throw new HelmInputError(
      `Model deployment ${deploymentName}: ${id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is not set (the other half, ` +
        `${id ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'}, is): Amazon Bedrock needs both.`,
    );
  }
  const fileId = profile.settings.get('aws_access_key_id');
  const fileSecret = profile.settings.get('aws_secret_access_key');
  if (fileId && fileSecret) return { accessKeyId: fileId, secretAccessKey: fileSecret, sessionToken: profile.settings.get('aws_session_token') || undefined };
  if (profileOnly) {
    throw new HelmInputError(
      `Model deployment ${deploymentName}: AWS_PROFILE is set, so (as HELM's boto3 session does) the keys come from profile "${profile.name}", ` +
        `which has no aws_access_key_id/aws_secret_access_key${profile.files.length > 0 ? ` in ${profile.files.join(' or ')}` : ' (no ~/.aws/credentials or ~/.aws/config file)'}; ` +
        'unset AWS_PROFILE to use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    );
  }
  const where = profile.files.length > 0 ? `profile "${profile.name}" of ${profile.files.join(' and ')} has no aws_access_key_id/aws_secret_access_key` : 'no ~/.aws/credentials file';
  throw new HelmInputError(
    `Model deployment ${deploymentName}: no AWS credentials for Amazon Bedrock (${where}). Set AWS_ACCESS_KEY_ID and ` +
      'AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or a profile in ~/.aws/credentials ' +
      '(AWS_PROFILE). helm-ts does not read instance roles, SSO or credential_process.',
  );
}

/** An AWS region name such as us-east-1, us-gov-west-1 or cn-north-1. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The region: the deployment's `region`, else (HELM's `get_bedrock_client`) AWS_REGION or
 * AWS_DEFAULT_REGION, or (Nova's `get_bedrock_client_v1`, plain boto3) AWS_DEFAULT_REGION only,
 * then the profile's `region`.
 */
export function resolveAwsRegion(
  deploymentName: string,
  deploymentRegion: string | undefined,
  env: NodeJS.ProcessEnv,
  profile: AwsProfile,
  readsAwsRegion: boolean,
): string {
  const region = deploymentRegion || (readsAwsRegion ? env.AWS_REGION : undefined) || env.AWS_DEFAULT_REGION || profile.settings.get('region');
  if (!region) {
    throw new HelmInputError(
      `Model deployment ${deploymentName}: no AWS region for Amazon Bedrock. Set ${readsAwsRegion ? 'AWS_REGION or ' : ''}AWS_DEFAULT_REGION ` +
        `(e.g. us-east-1), a region in the AWS profile "${profile.name}", or region in the deployment's client_spec.args.`,
    );
  }
  if (!REGION.test(region)) throw new HelmInputError(`Model deployment ${deploymentName}: ${JSON.stringify(region)} is not an AWS region name (such as us-east-1)`);
  return region;
}

/** Bedrock Runtime's public endpoint in a region. */
export function bedrockRuntimeEndpoint(region: string): string {
  return `https://bedrock-runtime.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
