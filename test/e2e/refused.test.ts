import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { startDashboardWorld, type DashboardWorld } from './world.ts';

describe('refused actions view', { timeout: 60_000 }, () => {
  let world: DashboardWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startDashboardWorld();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  }, 30_000);

  it('shows the capabilities in force (default, then the bridge handshake) and that nothing was refused', async () => {
    const { page, errors } = await signIn(browser, world.url, await world.token('gm'));
    await page.waitForSelector('[data-testid=world-clock] .big');
    await page.goto(`${world.url}/#/refused`);
    await page.waitForSelector('[data-testid=capabilities]');
    expect(await page.textContent('[data-testid=capabilities]')).toMatch(/default capabilities .* pre-renewal · 1265 maps/);
    expect(await page.textContent('#view')).toContain('No action has been refused');
    const handshake = { bridge_version: 'e2e-bridge 1.0', renewal: false, maps: [{ name: 'prontera', width: 312, height: 392 }], map_flags: ['snow'], templates: ['midgard_treasure'] };
    const res = await fetch(`${world.url}/api/v1/bridge/capabilities`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-api-key': 'e2e-bridge-key' }, body: JSON.stringify(handshake) });
    expect(res.status).toBe(200);
    await page.waitForFunction(() => document.querySelector('[data-testid=capabilities]')?.textContent?.includes('handshake from e2e-bridge 1.0'), null, { timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
