import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'hono/jwt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/app.ts';
import { defaultSettings } from '../../gateway/config.ts';
import { startGateway, type GatewayHandle } from '../../gateway/server.ts';
import { MemoryAuditLog, MemoryJournal, MemoryOutbox, MemoryRateLimitStore } from '../../persistence/memory/index.ts';
import { openDatabase, type Database } from '../../persistence/database.ts';
import { migrate } from '../../persistence/migrate.ts';
import { Runtime } from '../../runtime/Runtime.ts';
import { ForkService } from '../../fork/ForkService.ts';
import { ForkPlace, type ForkLocation } from '../../fork/ForkPlace.ts';
import { liveWorld } from '../../fork/testing/liveWorld.ts';
import { launchChromium, signIn } from '../e2e/browser.ts';
import { uniqueSchema } from '../persistence/pgTargets.ts';

const SECRET = 'fork-dashboard-secret-long-enough';
const URL_ = process.env.DATABASE_URL;

/** The dashboard's Forks page on a real gateway over a small live world: fork, follow, open the report. */
describe('forks page', { timeout: 240_000 }, () => {
  let live: Database;
  let runtime: Runtime;
  let handle: GatewayHandle;
  let browser: Browser;
  let location: ForkLocation;
  let dataRoot: string | null = null;
  let existing = new Set<string>();
  const schema = uniqueSchema('forkui');

  beforeAll(async () => {
    live = await openDatabase({ url: URL_ ?? '', dataDir: null, schema, max: 4 });
    await migrate(live.sql);
    if (!URL_) dataRoot = await mkdtemp(join(tmpdir(), 'midgard-forks-ui-'));
    location = URL_ ? { url: URL_ } : { dataRoot: dataRoot! };
    existing = new Set(await ForkPlace.list(location));
    await liveWorld(live.sql, { npcs: 40, hours: 2, seed: 3, checkpointTicks: 30, archive: true });
    runtime = await Runtime.create({ catalogue: new URL('../runtime/fixtures/catalogue.ts', import.meta.url), workers: 0, seed: 1 });
    const settings = defaultSettings();
    settings.limits.adminPerMinute = 100_000;
    settings.limits.publicPerMinute = 100_000;
    const app = createGateway({
      runtime, journal: new MemoryJournal(), outbox: new MemoryOutbox(), audit: new MemoryAuditLog(), rateLimits: new MemoryRateLimitStore(),
      onEventsJournaled: () => {},
      config: { port: 0, hostname: '127.0.0.1', apiKeys: [], adminApiKeys: [], trustedBridges: [], jwtSecret: SECRET, settings, uiDir: null },
      forks: new ForkService({ live: live.sql, location, seed: 3, mode: 'inline' }),
    });
    handle = await startGateway(app, { port: 0, hostname: '127.0.0.1' });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await handle?.close({ graceMs: 1000, flush: false });
    await runtime?.stop();
    for (const id of await ForkPlace.list(location).catch(() => [])) if (!existing.has(id)) await ForkPlace.drop(location, id).catch(() => {});
    if (URL_) await live.sql`drop schema if exists ${live.sql(schema)} cascade`;
    await live?.close();
    if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
  }, 60_000);

  it('starts a fork with overrides, follows it and shows its report', async () => {
    const token = await sign({ sub: 'admin-ui', role: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET, 'HS256');
    const { page, errors } = await signIn(browser, handle.url, token);
    await page.goto(`${handle.url}/#/forks`);
    await page.waitForSelector('[data-testid=fork-form]');
    await page.waitForSelector('[data-testid=fork-checkpoints]');
    expect(await page.textContent('[data-testid=fork-checkpoints] tbody tr td')).toBe('30'); // archived checkpoints, by tick
    await page.fill('input[name=days]', '1');
    await page.fill('textarea[name=overrides]', '{"spawnRate": 2}');
    await page.click('[data-testid=fork-form] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=fork-jobs]')?.textContent?.includes('done'), null, { timeout: 180_000 });
    await page.click('[data-testid=fork-jobs] button');
    const frame = await page.waitForSelector('[data-testid=fork-report]');
    expect(await frame.getAttribute('srcdoc')).toContain('spawnRate=2');
    expect(errors).toEqual([]);
    await page.close();
  });
});
