import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseSecret, devSecretPath, secretForClients } from './devSecret.ts';

const dir = () => ({ MIDGARD_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'midgard-secret-')), 'pg') });

describe('the JWT secret a start uses', () => {
  it('a configured secret wins and nothing is written', () => {
    const env = { ...dir(), MIDGARD_JWT_SECRET: 'configured-secret-long-enough' };
    expect(chooseSecret(env)).toEqual({ secret: 'configured-secret-long-enough', origin: 'configured' });
    expect(() => statSync(devSecretPath(env))).toThrow();
  });

  it('development makes one, keeps it for the next start (owner-only) and lends it to local commands', () => {
    const env = dir();
    const first = chooseSecret(env);
    expect(first.origin).toBe('dev-file');
    expect(first.secret!.length).toBeGreaterThanOrEqual(32);
    expect(chooseSecret(env).secret).toBe(first.secret);
    expect(statSync(devSecretPath(env)).mode & 0o077).toBe(0);
    expect(secretForClients(env)).toBe(first.secret);
  });

  it('production stays strict: no secret, no file, nothing lent', () => {
    const env = { ...dir(), NODE_ENV: 'production' };
    expect(chooseSecret(env)).toEqual({ secret: null, origin: 'none' });
    expect(secretForClients(env)).toBeNull();
  });
});
