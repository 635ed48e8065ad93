import { describe, expect, it } from 'vitest';
import { describeDatabase, plural, startBanner, startWarnings, type BannerFacts } from './banner.ts';

const facts: BannerFacts = {
  url: 'http://127.0.0.1:8000', hostname: '0.0.0.0', signInLink: 'http://127.0.0.1:8000/#/signin?ticket=abc', secret: 'dev-file', secretFile: 'data/dev-jwt-secret',
  database: 'embedded PGlite in ./data/pg', cache: 'in-process memory', actors: 230, npcs: 200, workers: 2, speed: 1, restored: false, startedInMs: 4200,
};

describe('start-up banner', () => {
  it('says where the dashboard and docs are and how to sign in', () => {
    const text = startBanner(facts);
    expect(text).toContain('Dashboard http://127.0.0.1:8000/');
    expect(text).toContain('Sign in   http://127.0.0.1:8000/#/signin?ticket=abc');
    expect(text).toContain('http://127.0.0.1:8000/docs');
    expect(text).toContain('embedded PGlite');
    expect(text).toContain('230 actors (200 NPCs), 2 workers');
    expect(text).toContain('ready in 4.2 s');
    expect(text).not.toContain('\x1b['); // no colour unless asked
  });

  it('warns when listening beyond localhost without a configured secret, not otherwise', () => {
    expect(startWarnings(facts)).toHaveLength(1);
    expect(startBanner(facts)).toContain('without MIDGARD_JWT_SECRET');
    expect(startWarnings({ hostname: '127.0.0.1', secret: 'dev-file' })).toEqual([]);
    expect(startWarnings({ hostname: '0.0.0.0', secret: 'configured' })).toEqual([]);
  });

  it('tells how to sign in when no link can be printed', () => {
    expect(startBanner({ ...facts, signInLink: null, secret: 'none' })).toContain('disabled: set MIDGARD_JWT_SECRET');
    expect(startBanner({ ...facts, signInLink: null, secret: 'configured' })).toContain('midgard token');
  });

  it('counts in words and hides passwords', () => {
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(3, 'day')).toBe('3 days');
    expect(plural(0, 'NPC')).toBe('0 NPCs');
    expect(describeDatabase('postgres', 'postgres://u:secret@db:5432/x', '')).toBe('Postgres postgres://u:***@db:5432/x');
  });
});
