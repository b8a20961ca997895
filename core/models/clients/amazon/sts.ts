/**
 * STS AssumeRole, for HELM's `assumed_role` / BEDROCK_ASSUME_ROLE: the base identity signs a Query
 * API call (as boto3's `sts.assume_role(RoleArn=..., RoleSessionName="crfm-helm")`) and the role's
 * temporary keys sign the Bedrock calls, renewed before they expire (HELM's boto3 client keeps the
 * first ones).
 */
import { HelmInputError } from '../../../common/errors';
import { signV4, type AwsCredentials } from './sigv4';

/** HELM's RoleSessionName. */
const SESSION_NAME = 'crfm-helm';
/** Renew this long before expiry, so one call's attempts (timeouts, backoff) stay within the keys' life. */
const RENEW_BEFORE_MS = 15 * 60 * 1000;

export interface TemporaryCredentials extends AwsCredentials {
  expiresAt: number;
}

/** STS's regional endpoint (boto3's default for STS). */
export function stsEndpoint(region: string): string {
  return `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/** The text of an XML field, entities decoded (secrets may hold `+`, `/`, `=`, never markup). */
function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? '');
}

export async function assumeRole(args: {
  roleArn: string;
  base: AwsCredentials;
  region: string;
  endpoint: string;
  timeoutMs: number;
  deploymentName: string;
}): Promise<TemporaryCredentials> {
  const url = `${args.endpoint.replace(/\/+$/, '')}/`;
  const body = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: args.roleArn, RoleSessionName: SESSION_NAME }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const signed = signV4({ method: 'POST', url, headers, body, region: args.region, service: 'sts', credentials: args.base });
  let text: string;
  let status: number;
  try {
    const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed.headers }, body, signal: AbortSignal.timeout(args.timeoutMs) });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new Error(`Model deployment ${args.deploymentName}: STS AssumeRole at ${url} failed (${error instanceof Error ? error.message : String(error)})`);
  }
  const id = xmlField(text, 'AccessKeyId');
  const secret = xmlField(text, 'SecretAccessKey');
  const token = xmlField(text, 'SessionToken');
  const expiration = Date.parse(xmlField(text, 'Expiration') ?? '');
  if (status !== 200 || !id || !secret || !token || !Number.isFinite(expiration)) {
    const code = xmlField(text, 'Code') ?? `HTTP ${status}`;
    const message = decodeXml(xmlField(text, 'Message') ?? 'no credentials in the response');
    // A refusal (bad role, no permission) will not heal; a server error may, on the activity's retry.
    const Failure = status >= 400 && status < 500 ? HelmInputError : Error;
    throw new Failure(`Model deployment ${args.deploymentName}: could not assume role ${args.roleArn} (${code}: ${message})`);
  }
  return { accessKeyId: decodeXml(id), secretAccessKey: decodeXml(secret), sessionToken: decodeXml(token), expiresAt: expiration };
}

/** The credentials to sign with: the base ones, or the assumed role's, renewed before they expire. */
export class AwsCredentialSource {
  private current: TemporaryCredentials | undefined;
  private pending: Promise<TemporaryCredentials> | undefined;

  constructor(
    private readonly base: AwsCredentials,
    private readonly role?: { roleArn: string; region: string; endpoint: string; timeoutMs: number; deploymentName: string },
  ) {}

  /** Secrets to scrub from messages (the base keys; the role's are added as they come). */
  secrets(): string[] {
    return [this.base.secretAccessKey, this.base.sessionToken, this.current?.secretAccessKey, this.current?.sessionToken].filter((s): s is string => !!s);
  }

  async get(now: number = Date.now()): Promise<AwsCredentials> {
    const role = this.role;
    if (!role) return this.base;
    if (this.current && this.current.expiresAt - now > RENEW_BEFORE_MS) return this.current;
    this.pending ??= assumeRole({ ...role, base: this.base }).finally(() => (this.pending = undefined));
    this.current = await this.pending;
    return this.current;
  }
}
