import { describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { cacheUrlIdentity, maskCacheUrl, redactSecrets, validateCacheUrl, withCredentials } from '../../../core/models/cache-url';

describe('cache URLs: validation, masking, identity, credentials', () => {
  it('masks the password and secret parameters, and nothing else', () => {
    expect(maskCacheUrl('postgres://helm:s3cr%40t@db.example:5433/cache?sslmode=require')).toBe('postgres://helm:***@db.example:5433/cache?sslmode=require');
    expect(maskCacheUrl('postgresql://helm@db/cache?password=hunter2&sslpassword=x')).toBe('postgresql://helm@db/cache?password=***&sslpassword=***');
    expect(maskCacheUrl('postgres://helm@db/cache')).toBe('postgres://helm@db/cache');
    // Not a URL at all: whatever sits before the @ is hidden.
    expect(maskCacheUrl('postgres://helm:pa ss@@db/x')).not.toContain('pa ss');
  });

  it('the identity a suite records has no secrets', () => {
    expect(cacheUrlIdentity('postgres://helm:s3cret@db.example:5433/cache?sslmode=require&password=x')).toBe('postgres://helm@db.example:5433/cache?sslmode=require');
  });

  it('a worker lends its password to the same server, database and user only', () => {
    const identity = 'postgres://helm@db.example:5432/cache';
    expect(withCredentials(identity, ['postgres://helm:pw@db.example/cache'])).toBe('postgres://helm:pw@db.example:5432/cache');
    expect(withCredentials(identity, ['postgres://helm:pw@db.example/other'])).toBe(identity);
    expect(withCredentials(identity, ['postgres://root:pw@db.example/cache'])).toBe(identity);
    expect(withCredentials(identity, ['postgres://helm:pw@elsewhere/cache'])).toBe(identity);
    expect(withCredentials(identity, [undefined, 'not a url', 'postgres://helm:pw@DB.EXAMPLE:5432/cache'])).toBe('postgres://helm:pw@db.example:5432/cache');
  });

  it('bad URLs are HelmInputErrors that name the flag and never show the password', () => {
    for (const [value, fragment] of [
      ['mongodb://u:topsecret@h/db', 'is not a PostgreSQL URL'],
      ['postgres://u:topsecret@h', 'names no database'],
      ['nonsense', 'is not a URL'],
    ] as const) {
      let error: unknown;
      try {
        validateCacheUrl(value, '--cache-url');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HelmInputError);
      expect((error as Error).message).toContain('--cache-url');
      expect((error as Error).message).toContain(fragment);
      expect((error as Error).message).not.toContain('topsecret');
    }
    expect(validateCacheUrl('postgresql://u@h:1/db')).toBe('postgresql://u@h:1/db');
  });

  it('redacts a password, encoded or not, from any text', () => {
    const url = 'postgres://helm:p%40ss-word@h/db';
    expect(redactSecrets('failed for p@ss-word and p%40ss-word', [url])).toBe('failed for *** and ***');
  });
});
