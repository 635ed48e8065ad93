import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintSignInTicket } from '../../gateway/admin/signin.ts';
import { until } from '../support/until.ts';
import { launchChromium } from './browser.ts';
import { SECRET, startDashboardWorld, type DashboardWorld } from './world.ts';

/** A newcomer's path: the banner's sign-in link, pausing a whole kind, and the dashboard riding out a 429. */
describe('dashboard: a newcomer signs in from the banner link and pauses a kind', { timeout: 90_000 }, () => {
  let world: DashboardWorld;
  let browser: Browser;

  beforeAll(async () => {
    world = await startDashboardWorld();
    browser = await launchChromium();
    for (let i = 1; i <= 3; i++) world.runtime.send(`counter:npc-${i}`, { type: 'inc' });
    await until('three counters to exist', async () => world.runtime.listActors({ kind: 'counter' }).total === 3);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  }, 30_000);

  it('the printed link signs in once; the kind is paused from the World view with its count and badge', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.setDefaultTimeout(10_000);
    const ticket = await mintSignInTicket(SECRET, { sub: 'local-admin', role: 'superadmin' });
    await page.goto(`${world.url}/#/signin?ticket=${ticket}`);
    await page.waitForSelector('[data-testid=world-clock] .big');
    expect(await page.textContent('[data-testid=role]')).toBe('superadmin');
    expect(page.url()).not.toContain('ticket'); // the spent ticket leaves the address bar

    await page.waitForSelector('[data-testid=kind-pause-counter]');
    await page.click('[data-testid=kind-pause-counter]');
    await page.waitForSelector('#flash:has-text("Paused 3 counter actors")');
    await page.waitForSelector('[data-testid=kind-paused-counter]');
    expect(await page.textContent('[data-testid=paused-count-counter]')).toBe('3');
    expect(world.runtime.isPaused({ kind: 'counter' })).toBe(true);
    const metrics = await (await fetch(`${world.url}/metrics`)).text(); // Grafana sees what the dashboard shows
    expect(metrics).toContain('midgard_kind_paused{kind="counter"} 1');
    expect(metrics).toContain('midgard_actors_paused{kind="counter"} 3');

    // the Actors list offers the kind, with the same badge and a resume button
    await page.goto(`${world.url}/#/actors?kind=counter`);
    await page.waitForSelector('[data-testid=kind-bar] [data-testid=kind-paused-counter]');
    await page.click('[data-testid=kind-bar] [data-testid=kind-resume-counter]');
    await page.waitForSelector('#flash:has-text("Resumed 3 counter actors")');
    await until('the kind to run again', async () => !world.runtime.isPaused({ kind: 'counter' }));

    // the same link a second time is refused in words, and nobody is signed in by it
    const second = await browser.newPage();
    await second.goto(`${world.url}/#/signin?ticket=${ticket}`);
    await second.waitForSelector('[data-testid=signin-error]:has-text("already used")');
    await second.close();
    await page.close();
  });

  it('a 429 shows a countdown and the view loads once the gateway allows it', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.setDefaultTimeout(15_000);
    await page.goto(`${world.url}/#/signin?ticket=${await mintSignInTicket(SECRET, { sub: 'busy-admin', role: 'admin' })}`);
    await page.waitForSelector('[data-testid=world-clock] .big');
    // from now on every admin call of this user is refused once with Retry-After: 2
    let refused = 0;
    await page.route('**/api/v1/admin/census', async (route) => {
      if (refused++ === 0) {
        await route.fulfill({ status: 429, headers: { 'retry-after': '2', 'content-type': 'application/json' }, body: '{"error":{"code":"rate_limited","message":"admin rate limit"}}' });
      } else await route.continue();
    });
    await page.goto(`${world.url}/#/actors`);
    await page.waitForSelector('[data-testid=rate-limit]:has-text("Retrying in")');
    await page.waitForSelector('[data-testid=kind-filter] option[value=counter]', { state: 'attached' }); // the retried call succeeded
    await page.waitForSelector('[data-testid=rate-limit]', { state: 'hidden' });
    expect(refused).toBe(2);
    await page.close();
  });
});
