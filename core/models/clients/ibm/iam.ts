/**
 * IBM Cloud IAM: an API key is exchanged for a bearer token (POST <iam>/identity/token, form
 * body `apikey=…&grant_type=urn:ibm:params:oauth:grant-type:apikey`, as ibm-watsonx-ai sends it),
 * which is kept per endpoint and key until shortly before it expires.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { HelmInputError } from '../../../common/errors';
import { ModelServiceRetryableError, backoffMs, redact, retryAfterMs, type RetryPolicy } from '../common/http';

export const IBM_IAM_TOKEN_URL = 'https://iam.cloud.ibm.com/identity/token';
const GRANT_TYPE = 'urn:ibm:params:oauth:grant-type:apikey';
/** The SDK's client authorization for the token endpoint ("bx:bx", IBM's public CLI client). */
const IAM_CLIENT_AUTH = 'Basic Yng6Yng=';
/** Refresh this long before expiry. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** When IAM says nothing about expiry (it does: one hour), assume this. */
const DEFAULT_LIFETIME_S = 3600;

const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().optional(),
  /** Expiry as seconds since the epoch. */
  expiration: z.number().optional(),
});
const TokenError = z.looseObject({ errorMessage: z.string().optional(), errorCode: z.string().optional() });

interface HeldToken {
  token: string;
  expiresAtMs: number;
}

/** Tokens by endpoint and key, shared by every deployment of the process; a refresh in flight is shared too. */
const held = new Map<string, HeldToken>();
const pending = new Map<string, Promise<HeldToken>>();

/** A valid bearer token for the API key (exchanged or refreshed when needed). */
export async function iamToken(iamUrl: string, apiKey: string, policy: RetryPolicy, now: () => number = Date.now): Promise<string> {
  const slot = `${iamUrl}\u0000${apiKey}`;
  const current = held.get(slot);
  if (current && current.expiresAtMs - REFRESH_MARGIN_MS > now()) return current.token;
  let exchange = pending.get(slot);
  if (!exchange) {
    exchange = exchangeApiKey(iamUrl, apiKey, policy, now).finally(() => pending.delete(slot));
    pending.set(slot, exchange);
  }
  const fresh = await exchange;
  held.set(slot, fresh);
  return fresh.token;
}

/** Forgets every held token (tests). */
export function clearIamTokens(): void {
  held.clear();
}

async function exchangeApiKey(iamUrl: string, apiKey: string, policy: RetryPolicy, now: () => number): Promise<HeldToken> {
  const secrets = [apiKey];
  for (let attempt = 0; ; attempt++) {
    let reason: string;
    let retryAfter: number | undefined;
    try {
      const response = await fetch(iamUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: IAM_CLIENT_AUTH },
        body: `apikey=${encodeURIComponent(apiKey)}&grant_type=${encodeURIComponent(GRANT_TYPE)}`,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = await response.text();
      if (response.status === 429 || response.status >= 500) {
        reason = `HTTP ${response.status}`;
        retryAfter = retryAfterMs(response.headers);
      } else if (response.status >= 400) {
        // A wrong or revoked key: every request would fail alike, so the run stops here.
        throw new HelmInputError(`IBM Cloud IAM refused the API key (HTTP ${response.status} from ${iamUrl}): ${redact(iamErrorText(text), secrets)}`);
      } else {
        const body = TokenResponse.safeParse(safeJson(text));
        if (body.success) {
          const { access_token: token, expiration, expires_in: expiresIn } = body.data;
          const expiresAtMs = expiration !== undefined ? expiration * 1000 : now() + (expiresIn ?? DEFAULT_LIFETIME_S) * 1000;
          return { token, expiresAtMs };
        }
        reason = 'malformed token response';
      }
    } catch (error) {
      if (error instanceof HelmInputError) throw error;
      reason = `connection failed (${error instanceof Error ? error.message : String(error)})`;
    }
    if (attempt >= policy.maxRetries) {
      throw new ModelServiceRetryableError(`IBM Cloud IAM token exchange at ${iamUrl}: ${redact(reason, secrets)} (gave up after ${attempt + 1} attempts; the activity will retry)`);
    }
    await sleep(retryAfter ?? backoffMs(attempt, policy));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** IAM's own message when it gives one, else the body. */
function iamErrorText(text: string): string {
  const body = TokenError.safeParse(safeJson(text));
  if (body.success && body.data.errorMessage) return body.data.errorCode ? `${body.data.errorCode}: ${body.data.errorMessage}` : body.data.errorMessage;
  return text.trim().slice(0, 500);
}
