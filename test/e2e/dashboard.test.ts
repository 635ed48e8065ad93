import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/until.ts';
import { launchChromium, RESULTS_DIR, signIn } from './browser.ts';
import { startDashboardWorld, type DashboardWorld } from './world.ts';

const shot = (name: string) => fileURLToPath(new URL(name, RESULTS_DIR));

describe('dashboard in a real browser', { timeout: 90_000 }, () => {
  let world: DashboardWorld;
  let browser: Browser;

  beforeAll(async () => {
    world = await startDashboardWorld();
    browser = await launchChromium();
    world.runtime.send('counter:npc-1', { type: 'inc' });
    await until('counter:npc-1 to take its first event', async () => ((await world.runtime.getActor('counter:npc-1'))?.snapshot as { context?: { count?: number } } | null)?.context?.count === 1);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  }, 30_000);

  it('an admin watches the world, then pauses an actor, sends it an event, steps it and travels back in time', async () => {
    const { page, errors } = await signIn(browser, world.url, await world.token('admin', 'alice'));
    await page.waitForSelector('[data-testid=world-clock] .big');
    await page.waitForSelector('[data-testid=feed-status]:has-text("live")');
    await until('the live feed to update the counters', async () => (await page.textContent('[data-testid=stat-registered]')) === '1');
    for (let i = 0; i < 4; i++) world.runtime.send(`relay:${i}`, { type: 'gossip', hops: 4 }); // some traffic to chart
    await page.waitForSelector('svg.spark polyline', { state: 'attached' }); // two metrics samples make a rate
    await until('the events chart to show traffic', async () => {
      const points = (await page.getAttribute('.tile.chart svg.spark polyline', 'points')) ?? '';
      return points.split(' ').length >= 4 && points.split(' ').some((p) => !p.endsWith(',46.0'));
    });
    await page.screenshot({ path: shot('dashboard-world.png'), fullPage: true });

    await page.goto(`${world.url}/#/actor/counter:npc-1`);
    await page.waitForSelector('[data-testid=diagram] g.state[data-state-id="counter.idle"][data-active="true"]');
    expect(await page.$('[data-testid=diagram] g.state[data-state-id="counter.busy"][data-active="true"]')).toBeNull();
    expect(await page.$$('[data-testid=timeline] li[data-tick]')).toHaveLength(0); // nothing seen while unwatched

    // while the page watches, an event sent from the form comes back over the live feed as a transition
    await page.fill('[data-testid=send-type]', 'inc');
    await page.fill('[data-testid=send-fields]', '{"n": 2}');
    await page.click('[data-testid=send]');
    await page.waitForSelector('[data-testid=timeline] li[data-tick]:has-text("inc")');
    await page.waitForSelector('[data-testid=context] li[data-key="count"]:has-text("3")');
    const timelineBefore = 1;

    await page.click('[data-testid=pause]');
    await page.waitForSelector('[data-testid=actor-paused]');
    expect(world.runtime.isPaused({ actor: 'counter:npc-1' })).toBe(true);

    // markup in an event field must arrive as text: the mailbox shows it literally and creates no element
    await page.fill('[data-testid=send-type]', 'toggle');
    await page.fill('[data-testid=send-fields]', '{"note": "<img src=x onerror=alert(1)><b>bold</b>"}');
    await page.click('[data-testid=send]');
    await page.waitForSelector('[data-testid=mailbox] td:has-text("toggle")');
    expect(await page.textContent('[data-testid=mailbox]')).toContain('<b>bold</b>');
    expect(await page.$$('[data-testid=mailbox] img, [data-testid=mailbox] b')).toHaveLength(0);
    // paused: the world keeps ticking but the actor does not take its mail
    const t0 = world.runtime.clock().tick;
    await until('two more ticks', async () => world.runtime.clock().tick >= t0 + 2);
    const held = (await world.runtime.getActor('counter:npc-1'))!;
    expect((held.snapshot as { value: unknown }).value).toBe('idle');
    expect(held.mailbox).toBe(1);

    await page.click('[data-testid=step]');
    await page.waitForSelector('[data-testid=diagram] g.state[data-state-id="counter.busy"][data-active="true"]');
    expect(await page.$('[data-testid=diagram] g.state[data-state-id="counter.idle"][data-active="true"]')).toBeNull();
    await until('the timeline to grow', async () => (await page.$$eval('[data-testid=timeline] li[data-tick]', (lis) => lis.length)) === timelineBefore + 1);
    const newest = await page.textContent('[data-testid=timeline] li[data-tick]:first-child');
    expect(newest).toContain('toggle');
    expect(newest).toContain('idle → busy');
    // the transition just taken is marked on the diagram: the toggle arrow out of idle
    await page.waitForSelector('[data-testid=diagram] g.transition[data-taken="true"][data-event="toggle"][data-source="counter.idle"][data-target="counter.busy"]');
    expect(await page.textContent('[data-testid=actor-state]')).toBe('busy');
    const actor = (await world.runtime.getActor('counter:npc-1'))!;
    expect(actor.state).toBe('busy');
    expect((actor.snapshot as { value: unknown }).value).toBe('busy');
    expect(actor.paused).toBe(true);
    expect(actor.mailbox).toBe(0);
    await page.screenshot({ path: shot('dashboard-actor.png'), fullPage: true });

    // time travel: one step back shows the state before the toggle; back to live shows busy again
    await page.$eval('[data-testid=travel-slider]', (el) => {
      const input = el as HTMLInputElement;
      input.value = String(Number(input.max) - 1);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForSelector('[data-testid=diagram] g.state[data-state-id="counter.idle"][data-active="true"]');
    expect(await page.textContent('[data-testid=travel-label]')).toContain('after tick');
    expect(await page.textContent('[data-testid=travel-label]')).toContain('(inc)');
    // inc is handled without leaving the state (listed in the machine's box): that box is marked instead
    await page.waitForSelector('[data-testid=diagram] g.state[data-state-id="counter"][data-taken="true"]');
    expect(await page.$('[data-testid=diagram] g.transition[data-taken="true"]')).toBeNull();
    await page.click('text=back to live');
    await page.waitForSelector('[data-testid=diagram] g.state[data-state-id="counter.busy"][data-active="true"]');

    const audited = (await world.audit.recent(50)).filter((e) => e.admin_user === 'alice').map((e) => e.action_type);
    expect(audited).toEqual(expect.arrayContaining(['actor.pause', 'actor.send', 'actor.step']));

    // back on the world view: the audit log shows what alice did, and a failing actor's dead letter appears live
    await page.goto(`${world.url}/#/world`);
    await page.waitForSelector('[data-testid=audit] td:has-text("actor.step")');
    expect(await page.textContent('[data-testid=audit]')).toContain('alice');
    world.runtime.send('counter:bad', { type: 'boom' });
    await page.waitForSelector('[data-testid=dead-letters] td:has-text("kaboom")', { timeout: 15_000 });
    expect(await page.textContent('[data-testid=dead-letters]')).toContain('counter:bad');
    await page.screenshot({ path: shot('dashboard-world-activity.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the actor list searches and pages on the server', async () => {
    for (let i = 0; i < 60; i++) world.runtime.send(`counter:list-${i}`, { type: 'inc' });
    await until('60 listed counters', () => world.runtime.listActors({ q: 'list-' }).total === 60);
    const { page, errors } = await signIn(browser, world.url, await world.token('gm'));
    await page.waitForSelector('[data-testid=world-clock] .big');
    await page.goto(`${world.url}/#/actors?q=list-`);
    await page.waitForSelector('[data-testid=actor-total]:has-text("of 60 actors")');
    expect(await page.$$('tr[data-actor]')).toHaveLength(50);
    await page.click('text=next →');
    await page.waitForSelector('[data-testid=actor-total]:has-text("51–60 of 60")');
    await page.fill('[data-testid=actor-search]', 'list-4');
    await page.waitForSelector('[data-testid=actor-total]:has-text("of 11 actors")'); // list-4 and list-40..49
    expect(await page.$$eval('tr[data-actor]', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.actor).sort())).toEqual(
      ['counter:list-4', ...Array.from({ length: 10 }, (_, i) => `counter:list-4${i}`)].sort());
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a GM can pause and step but cannot send events or change config; a superadmin can', async () => {
    const before = structuredClone(world.config.settings);
    const gmToken = await world.token('gm', 'gary');
    const { page, errors } = await signIn(browser, world.url, gmToken);
    await page.waitForSelector('[data-testid=world-clock] .big');
    expect(await page.textContent('[data-testid=role]')).toBe('gm');
    expect(await page.$('select[aria-label=speed]')).toBeNull(); // speed is admin+

    // a GM may pause and resume the world; the header follows over the live feed
    await page.click('text=Pause world');
    await page.waitForSelector('[data-testid=world-paused]');
    expect(world.runtime.clock().paused).toBe(true);
    await page.click('text=Resume world');
    await page.waitForSelector('[data-testid=world-state]:has-text("running")');
    expect(world.runtime.clock().paused).toBe(false);

    // the token is remembered for the tab: a reload stays signed in
    await page.reload();
    await page.waitForSelector('[data-testid=role]:has-text("gm")');

    await page.goto(`${world.url}/#/actor/counter:npc-1`);
    await page.waitForSelector('[data-testid=step]');
    expect(await page.$('[data-testid=send-form]')).toBeNull();

    await page.goto(`${world.url}/#/config`);
    await page.waitForSelector('[data-testid=config-denied]');
    expect(errors).toEqual([]);
    expect(await page.$('[data-testid=config-form]')).toBeNull();
    // and the gateway refuses a GM who goes around the page
    const status = await page.evaluate(async (token) => {
      const res = await fetch('/api/v1/admin/config', { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ limits: { adminPerMinute: 1 } }) });
      return res.status;
    }, gmToken);
    expect(status).toBe(403);
    expect(world.config.settings).toEqual(before);
    await page.screenshot({ path: shot('dashboard-gm-config.png') });
    expect(errors.filter((e) => !e.includes('403'))).toEqual([]); // the refused PATCH above logs its 403
    await page.close();

    const su = await signIn(browser, world.url, await world.token('superadmin', 'root'));
    await su.page.waitForSelector('[data-testid=world-clock] .big');
    await su.page.goto(`${world.url}/#/config`);
    await su.page.waitForSelector('[data-testid=config-form] input[name="leaseMs"]');
    await su.page.fill('input[name="leaseMs"]', String(before.leaseMs + 1000));
    await su.page.click('[data-testid=config-save]');
    await until('the lease to change on the server', () => world.config.settings.leaseMs === before.leaseMs + 1000);
    expect(world.config.settings.limits).toEqual(before.limits);
    expect(su.errors).toEqual([]);
    await su.page.close();
  });

  it('a player token is turned away at sign-in', async () => {
    const { page } = await signIn(browser, world.url, await world.token('player'));
    await page.waitForSelector('[data-testid=signin-error]:has-text("Players have no dashboard access")');
    expect(await page.isVisible('#nav')).toBe(false); // nothing to navigate to before signing in
    await page.screenshot({ path: shot('dashboard-signin.png') });
    expect(await page.evaluate(() => sessionStorage.getItem('midgard.token'))).toBeNull();
    await page.close();
  });
});
