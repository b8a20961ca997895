import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { HelmInputError } from '../../../common/errors';
import { credentialString, type Credentials } from '../../credentials';
import { ModelServiceRetryableError, backoffMs, isRetryableStatus, redact, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../common/http';

/**
 * Google Cloud access tokens the way the Google SDKs find them (Application Default Credentials),
 * without the SDKs: a token given outright, else the JSON key file of GOOGLE_APPLICATION_CREDENTIALS,
 * else gcloud's application-default login file. Service-account keys are exchanged for a token with
 * a signed JWT (RFC 7523), user logins with their refresh token; both at the file's `token_uri`
 * (Google's endpoint unless the file names another, e.g. a local fake server).
 */

const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** Refresh this long before expiry (google-auth refreshes a few minutes early too). */
const REFRESH_MARGIN_MS = 5 * 60_000;

const ServiceAccountKey = z.object({
  type: z.literal('service_account'),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  token_uri: z.string().optional(),
  project_id: z.string().optional(),
});
const AuthorizedUser = z.object({
  type: z.literal('authorized_user'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  refresh_token: z.string().min(1),
  token_uri: z.string().optional(),
  quota_project_id: z.string().optional(),
});
const CredentialsFile = z.discriminatedUnion('type', [ServiceAccountKey, AuthorizedUser]);
type CredentialsFile = z.infer<typeof CredentialsFile>;

const TokenResponse = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().optional() });
const TokenError = z.looseObject({ error: z.string().optional(), error_description: z.string().optional() });

/** Where a deployment's Google Cloud identity comes from, and the token to send. */
export interface GoogleAccessTokens {
  /** A valid access token (refreshed when near expiry). */
  token(): Promise<string>;
  /** The project the credentials belong to, if they say (a service account key's project_id). */
  readonly projectId?: string;
  /** A user login's quota project, sent as x-goog-user-project as google-auth does. */
  readonly quotaProjectId?: string;
  /** Where the identity came from, for messages. */
  readonly source: string;
  /** Every secret the messages must never contain (the current token included). */
  secrets(): string[];
}

class StaticToken implements GoogleAccessTokens {
  constructor(
    private readonly value: string,
    readonly source: string,
  ) {}
  async token(): Promise<string> {
    return this.value;
  }
  secrets(): string[] {
    return [this.value];
  }
}

/** Exchanges a key file for tokens, caching each until shortly before it expires. */
class ExchangedToken implements GoogleAccessTokens {
  private current?: { value: string; expiresAt: number };
  private pending?: Promise<string>;
  readonly projectId?: string;
  readonly quotaProjectId?: string;

  constructor(
    private readonly file: CredentialsFile,
    readonly source: string,
    /** The deployment's retry timings (an exchange that fails transiently is retried like a call). */
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly now: () => number = Date.now,
  ) {
    if (file.type === 'service_account') this.projectId = file.project_id;
    else this.quotaProjectId = file.quota_project_id;
  }

  secrets(): string[] {
    const keys = this.file.type === 'service_account' ? [this.file.private_key] : [this.file.refresh_token, this.file.client_secret];
    return this.current ? [...keys, this.current.value] : keys;
  }

  token(): Promise<string> {
    if (this.current && this.current.expiresAt - REFRESH_MARGIN_MS > this.now()) return Promise.resolve(this.current.value);
    // Concurrent requests share one exchange.
    this.pending ??= this.exchange().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private grant(): URLSearchParams {
    if (this.file.type === 'authorized_user') {
      return new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: this.file.client_id,
        client_secret: this.file.client_secret,
        refresh_token: this.file.refresh_token,
      });
    }
    return new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signedJwt(this.file, this.tokenUrl(), this.now()) });
  }

  private tokenUrl(): string {
    return this.file.token_uri ?? GOOGLE_TOKEN_URL;
  }

  private async exchange(): Promise<string> {
    const url = this.tokenUrl();
    const policy = this.policy;
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: this.grant().toString(),
          signal: AbortSignal.timeout(Math.min(policy.timeoutMs, 60_000)),
        });
        const text = await response.text();
        if (response.ok) {
          const parsed = TokenResponse.safeParse(safeJson(text));
          if (parsed.success) {
            this.current = { value: parsed.data.access_token, expiresAt: this.now() + (parsed.data.expires_in ?? 3600) * 1000 };
            return parsed.data.access_token;
          }
          reason = 'the token response has no access_token';
        } else if (!isRetryableStatus(response.status)) {
          // A revoked key, a disabled account, a wrong clock: no retry will help.
          const error = TokenError.safeParse(safeJson(text));
          const detail = error.success && error.data.error ? `${error.data.error}${error.data.error_description ? `: ${error.data.error_description}` : ''}` : `HTTP ${response.status}`;
          throw new HelmInputError(`Google Cloud credentials from ${this.source} were refused by ${url} (${redact(detail, this.secrets())})`);
        } else reason = `HTTP ${response.status}`;
      } catch (error) {
        if (error instanceof HelmInputError) throw error;
        reason = `connection failed (${error instanceof Error ? error.message : String(error)})`;
      }
      if (attempt >= policy.maxRetries) {
        throw new ModelServiceRetryableError(`Google Cloud token exchange at ${url}: ${redact(reason, this.secrets())} (gave up after ${attempt + 1} attempts; the activity will retry)`);
      }
      await sleep(backoffMs(attempt, policy));
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** The JWT a service account signs to ask for an access token (RS256 over its private key). */
export function signedJwt(key: { client_email: string; private_key: string; private_key_id?: string }, audience: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) };
  const claims = { iss: key.client_email, scope: CLOUD_PLATFORM_SCOPE, aud: audience, iat, exp: iat + 3600 };
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  let signature: Buffer;
  try {
    signature = crypto.sign('RSA-SHA256', Buffer.from(unsigned), key.private_key);
  } catch {
    throw new HelmInputError(`The private_key of service account ${key.client_email} is not a PEM RSA key`);
  }
  return `${unsigned}.${base64url(signature)}`;
}

/** gcloud's application-default login file (`gcloud auth application-default login`). */
function gcloudDefaultFile(env: NodeJS.ProcessEnv): string {
  const configDir = env.CLOUDSDK_CONFIG ?? (process.platform === 'win32' ? path.join(env.APPDATA ?? os.homedir(), 'gcloud') : path.join(os.homedir(), '.config', 'gcloud'));
  return path.join(configDir, 'application_default_credentials.json');
}

function readCredentialsFile(file: string, named: string): CredentialsFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? 'not JSON' : 'cannot be read';
    throw new HelmInputError(`${named} (${file}) ${why}`);
  }
  const type = z.looseObject({ type: z.string() }).safeParse(json);
  const parsed = CredentialsFile.safeParse(json);
  if (!parsed.success) {
    // Field names only: the file holds secrets.
    const kind = type.success ? `"type": "${type.data.type}"` : 'no "type"';
    throw new HelmInputError(
      `${named} (${file}) has ${kind}; helm-ts reads service account keys ("service_account", with client_email and private_key) ` +
        'and user logins ("authorized_user", from gcloud auth application-default login)',
    );
  }
  return parsed.data;
}

/**
 * The access tokens of a deployment on host `host` (google): `<host>AccessToken` in credentials,
 * else GOOGLE_OAUTH_ACCESS_TOKEN, else the key file of GOOGLE_APPLICATION_CREDENTIALS, else gcloud's
 * application-default login. None of them: a message naming all four.
 */
export function googleAccessTokens(input: {
  host: string;
  deployment: string;
  credentials: Credentials;
  credentialsSource: string;
  env: NodeJS.ProcessEnv;
  retryPolicy?: RetryPolicy;
}): GoogleAccessTokens {
  const given = credentialString(input.credentials, `${input.host}AccessToken`);
  if (given) return new StaticToken(given, `${input.host}AccessToken in ${input.credentialsSource}`);
  const fromEnv = input.env.GOOGLE_OAUTH_ACCESS_TOKEN;
  if (fromEnv) return new StaticToken(fromEnv, 'GOOGLE_OAUTH_ACCESS_TOKEN');
  const keyFile = input.env.GOOGLE_APPLICATION_CREDENTIALS;
  if (keyFile) return new ExchangedToken(readCredentialsFile(keyFile, 'GOOGLE_APPLICATION_CREDENTIALS'), `GOOGLE_APPLICATION_CREDENTIALS (${keyFile})`, input.retryPolicy);
  const gcloudFile = gcloudDefaultFile(input.env);
  if (fs.existsSync(gcloudFile)) return new ExchangedToken(readCredentialsFile(gcloudFile, "gcloud's application-default credentials"), gcloudFile, input.retryPolicy);
  throw new HelmInputError(
    `Model deployment ${input.deployment}: no Google Cloud credentials for Vertex AI. Set GOOGLE_APPLICATION_CREDENTIALS to a service ` +
      `account key file, run gcloud auth application-default login, or give an access token as ${input.host}AccessToken in ` +
      `${input.credentialsSource} or as GOOGLE_OAUTH_ACCESS_TOKEN.`,
  );
}
