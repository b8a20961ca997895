/**
 * AWS Signature Version 4 (header form), as botocore's SigV4Auth signs Bedrock's requests:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials' token, sent as X-Amz-Security-Token. */
  sessionToken?: string;
}

export interface SigV4Request {
  method: string;
  /** The URL as sent (its path already percent-encoded). */
  url: string;
  /** Headers sent with the request that are to be signed (Host is added from the URL). */
  headers: Readonly<Record<string, string>>;
  body: string;
  region: string;
  /** The signing name: "bedrock" for Bedrock Runtime. */
  service: string;
  credentials: AwsCredentials;
  now?: Date;
}

export interface SigV4Result {
  /** The headers to add: authorization, x-amz-date, x-amz-content-sha256 and, with a session token, x-amz-security-token. */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** Python's `quote(text, safe=...)`: every UTF-8 byte but letters, digits, `_.-` and the safe characters as %XX. */
export function percentEncode(text: string, safe: string): string {
  return Array.from(Buffer.from(text, 'utf8'))
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9_.-]/.test(char) || (byte < 0x80 && safe.includes(char)) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

const quotePath = (text: string): string => percentEncode(text, '/~');

/** RFC 3986 dot-segment removal (botocore's normalize_url_path); an empty path is "/". */
function normalizePath(path: string): string {
  if (path === '') return '/';
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  let normalized = out.join('/');
  if (!normalized.startsWith('/')) normalized = `/${normalized}`;
  if (path.endsWith('/') && !normalized.endsWith('/')) normalized += '/';
  return normalized;
}

/** The query's pairs as sent (already encoded), sorted by key then value. */
function canonicalQuery(search: string): string {
  if (search === '' || search === '?') return '';
  const pairs = search
    .replace(/^\?/, '')
    .split('&')
    .map((pair): [string, string] => {
      const at = pair.indexOf('=');
      return at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    });
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** `20261203T170509Z` */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Signs one request. The canonical path is the sent path percent-encoded once more (non-S3 services
 * sign it so: `%3A` in a model id is `%253A` in the canonical request).
 */
export function signV4(request: SigV4Request): SigV4Result {
  const url = new URL(request.url);
  const date = amzDate(request.now ?? new Date());
  const payloadHash = sha256Hex(request.body);
  const signed: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(request.headers)) signed[name.toLowerCase()] = value;
  signed['x-amz-date'] = date;
  signed['x-amz-content-sha256'] = payloadHash;
  if (request.credentials.sessionToken) signed['x-amz-security-token'] = request.credentials.sessionToken;
  const names = Object.keys(signed).sort();
  const canonicalHeaders = names.map((name) => `${name}:${signed[name].trim().split(/\s+/).join(' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method.toUpperCase(),
    quotePath(normalizePath(url.pathname)),
    canonicalQuery(url.search),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date.slice(0, 8)}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${request.credentials.secretAccessKey}`, date.slice(0, 8));
  const kSigning = hmac(hmac(hmac(kDate, request.region), request.service), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  const headers: Record<string, string> = {
    authorization: `AWS4-HMAC-SHA256 Credential=${request.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    'x-amz-date': date,
    'x-amz-content-sha256': payloadHash,
  };
  if (request.credentials.sessionToken) headers['x-amz-security-token'] = request.credentials.sessionToken;
  return { headers, canonicalRequest, stringToSign };
}
