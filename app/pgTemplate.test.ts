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

  it('copies the template into a missing or empty data directory, never over an existing world', () => {
    const fresh = join(dir, 'data', 'pg');
    expect(seedDataDir(fresh, template)).toBe(true);
    expect(readFileSync(join(fresh, 'base', 'file'), 'utf8')).toBe('x');
    writeFileSync(join(fresh, 'PG_VERSION'), 'the world’s own\n');
    expect(seedDataDir(fresh, template)).toBe(false);
    expect(readFileSync(join(fresh, 'PG_VERSION'), 'utf8')).toBe('the world’s own\n');
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(seedDataDir(empty, template)).toBe(true);
  });

  it('does nothing without a template (install skipped): start-up runs initdb as before', () => {
    expect(seedDataDir(join(dir, 'other'), join(dir, 'no-template'))).toBe(false);
    expect(seedDataDir(join(dir, 'other2'), null)).toBe(false);
    expect(pgTemplateDir()).toMatch(/node_modules\/\.cache\/midgard\/pglite-\d+\.\d+\.\d+$/);
  });
});
