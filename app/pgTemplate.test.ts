import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pgTemplateDir, seedDataDir } from './pgTemplate.ts';

describe('a new embedded world starts from the install’s empty database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'midgard-template-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const template = join(dir, 'template');
  mkdirSync(join(template, 'base'), { recursive: true });
  writeFileSync(join(template, 'PG_VERSION'), '17\n');
  writeFileSync(join(template, 'base', 'file'), 'x');

  it('copies the template into a missing or empty data directory, never over an existing world', async () => {
    const fresh = join(dir, 'data', 'pg');
    expect(await seedDataDir(fresh, template)).toBe(true);
    expect(readFileSync(join(fresh, 'base', 'file'), 'utf8')).toBe('x');
    // twice for one directory (start.ts begins the copy, createMidgard awaits it): one copy
    const [a, b] = await Promise.all([seedDataDir(join(dir, 'data', 'pg2'), template), seedDataDir(join(dir, 'data', '..', 'data', 'pg2'), template)]);
    expect([a, b]).toEqual([true, true]);
    const existing = join(dir, 'existing');
    mkdirSync(existing);
    writeFileSync(join(existing, 'PG_VERSION'), 'the world’s own\n');
    expect(await seedDataDir(existing, template)).toBe(false);
    expect(readFileSync(join(existing, 'PG_VERSION'), 'utf8')).toBe('the world’s own\n');
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(await seedDataDir(empty, template)).toBe(true);
  });

  it('does nothing without a template (install skipped): start-up runs initdb as before', async () => {
    expect(await seedDataDir(join(dir, 'other'), join(dir, 'no-template'))).toBe(false);
    expect(await seedDataDir(join(dir, 'other2'), null)).toBe(false);
    expect(pgTemplateDir()).toMatch(/node_modules\/\.cache\/midgard\/pglite-\d+\.\d+\.\d+$/);
  });
});
