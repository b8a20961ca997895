import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { amzDate, signV4 } from '../../../core/models/clients/amazon/sigv4';

/** botocore's SigV4Auth signing the same requests at a fixed time (scripts/helm-reference/sigv4-golden.py). */
interface SigV4Case {
  name: string;
  region: string;
  credentials: { access_key: string; secret_key: string; token?: string };
  url: string;
  body_text: string;
  headers: Record<string, string>;
  amz_date: string;
  canonical_request: string;
  string_to_sign: string;
  authorization: string;
  security_token: string | null;
}
const golden = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/models/sigv4-golden.json'), 'utf8')) as { time: string; cases: SigV4Case[] };

describe('AWS SigV4 against botocore', () => {
  it('formats X-Amz-Date as botocore does', () => {
    expect(amzDate(new Date(golden.time))).toBe(golden.cases[0].amz_date);
  });
  for (const c of golden.cases) {
    it(c.name, () => {
      const { 'x-amz-content-sha256': _sha, ...sent } = c.headers;
      const signed = signV4({
        method: 'POST',
        url: c.url,
        headers: sent,
        body: c.body_text,
        region: c.region,
        service: 'bedrock',
        credentials: { accessKeyId: c.credentials.access_key, secretAccessKey: c.credentials.secret_key, sessionToken: c.credentials.token },
        now: new Date(golden.time),
      });
      expect(signed.canonicalRequest).toBe(c.canonical_request);
      expect(signed.stringToSign).toBe(c.string_to_sign);
      expect(signed.headers.authorization).toBe(c.authorization);
      expect(signed.headers['x-amz-date']).toBe(c.amz_date);
      expect(signed.headers['x-amz-content-sha256']).toBe(c.headers['x-amz-content-sha256']);
      expect(signed.headers['x-amz-security-token']).toBe(c.security_token ?? undefined);
    });
  }
});
