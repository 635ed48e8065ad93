import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, SETTINGS, settingsTable } from './settings.ts';
import { loadConfig } from './config.ts';

const README = new URL('../README.md', import.meta.url);
const BLOCK = /(<!-- settings:begin -->\n)[\s\S]*?(<!-- settings:end -->)/;

describe('settings', () => {
  it('the README table is the declaration, row for row', () => {
    const readme = readFileSync(README, 'utf8');
    const fresh = readme.replace(BLOCK, `$1${settingsTable()}\n$2`);
    if (process.env.UPDATE_README) writeFileSync(README, fresh);
    else expect(readme, 'README settings table is stale: UPDATE_README=1 npx vitest run app/settings.test.ts').toBe(fresh);
    for (const name of Object.keys(SETTINGS)) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('treats an empty value as unset for every variable alike', () => {
    const empty = Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, '']));
    expect(loadSettings(empty)).toEqual(loadSettings({}));
    const config = loadConfig({ DATABASE_URL: '', REDIS_URL: '', MIDGARD_JWT_SECRET: '', ANTHROPIC_API_KEY: '', MIDGARD_PORT: '' });
    expect(config.database.url).toBeUndefined();
    expect(config.redis.url).toBeUndefined();
    expect(config.gateway.jwtSecret).toBeNull();
    expect(config.gateway.port).toBe(8000);
    expect(config.ai.anthropic.apiKey).toBeUndefined();
  });

  it('names every bad variable at once, and reads nothing it does not declare', () => {
    const bad = () => loadSettings({ MIDGARD_PORT: 'eighty', MIDGARD_JWT_SECRET: 'short', MIDGARD_SPEED: '0', SOMETHING_ELSE: '!' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/MIDGARD_PORT="eighty".*MIDGARD_JWT_SECRET="short".*16 characters.*MIDGARD_SPEED="0"/);
  });

  it('hands each area its part', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://x@127.0.0.1/db', MIDGARD_DB_SCHEMA: 'w1', REDIS_URL: 'redis://127.0.0.1:6379',
      MIDGARD_SPEED: 'max', MIDGARD_WORKERS: '0', MIDGARD_API_KEYS: ' a, b ,', MIDGARD_AI_MODELS: 'groq.full=m1',
    });
    expect(config.database).toEqual({ url: 'postgres://x@127.0.0.1/db', dataDir: './data/pg', schema: 'w1' });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.world).toMatchObject({ speed: 'max', workers: 0, npcs: 200 });
    expect(config.gateway.apiKeys).toEqual(['a', 'b']);
    expect(config.ai.models).toEqual({ groq: { full: 'm1' } });
    expect(config.role).toBe('all');
    expect(config.cluster).toMatchObject({ natsUrl: 'nats://127.0.0.1:4222', world: 'w1', hostSlots: 6, leaseTtlMs: 3000 });
    expect(config.cluster.node).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('reads the role and the cluster settings, refusing names NATS would not take', () => {
    const config = loadConfig({ MIDGARD_ROLE: 'gateway', MIDGARD_NODE: 'node-2', MIDGARD_WORLD: 'prontera_1', MIDGARD_HOST_SLOTS: '12', MIDGARD_NATS_URL: 'nats://10.0.0.9:4222' });
    expect(config.role).toBe('gateway');
    expect(config.cluster).toEqual({ natsUrl: 'nats://10.0.0.9:4222', node: 'node-2', world: 'prontera_1', hostSlots: 12, leaseTtlMs: 3000 });
    expect(() => loadSettings({ MIDGARD_ROLE: 'both', MIDGARD_NODE: 'a.b', MIDGARD_WORLD: 'w 1' })).toThrow(/MIDGARD_ROLE="both".*MIDGARD_NODE="a.b".*letters, digits, - and _.*MIDGARD_WORLD="w 1"/);
  });
});
