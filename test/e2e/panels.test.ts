import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, RESULTS_DIR, signIn } from './browser.ts';
import { startDashboardWorld, type DashboardWorld } from './world.ts';

// The world's real catalogue (actors/catalogue.ts): the panels read its system actors' snapshots.
describe('story, problem, economy and faction panels over the real catalogue', { timeout: 90_000 }, () => {
  let world: DashboardWorld;
  let browser: Browser;

  beforeAll(async () => {
    world = await startDashboardWorld({ catalogue: new URL('../../actors/catalogue.ts', import.meta.url) });
    browser = await launchChromium();
    const { runtime } = world;
    runtime.send('economy:main', { type: 'market.trade', item_id: 501, price: 60, quantity: 3 });
    runtime.send('world:main', { type: 'faction.power', faction: 'prontera_guard', power: 140 });
    runtime.send('world:main', { type: 'faction.power', faction: 'morocc_thieves', power: 70 });
    runtime.send('problem:main', { type: 'pipeline.run', slot: 'problem', day: 0 });
    runtime.send('arc:main', { type: 'arc.begin' });
    const deadline = Date.now() + 15_000;
    const ready = async () => {
      const ctx = async (id: string) => ((await runtime.getActor(id))?.snapshot as { context?: Record<string, any> } | null)?.context;
      return (await ctx('economy:main'))?.trades >= 1 && Object.keys((await ctx('world:main'))?.factionPower ?? {}).length === 2 && (await ctx('arc:main')) !== undefined;
    };
    while (!(await ready())) {
      if (Date.now() > deadline) throw new Error('the system actors never took their events');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  }, 30_000);

  it('renders each panel from its actor, as text', async () => {
    const { page, errors } = await signIn(browser, world.url, await world.token('gm'));
    await page.waitForSelector('[data-testid=world-clock] .big');
    await page.goto(`${world.url}/#/panels`);
    await page.waitForSelector('[data-testid=panel-economy] table');
    const economy = (await page.textContent('[data-testid=panel-economy]'))!;
    expect(economy).toContain('1 trades');
    expect(economy).toMatch(/\d+ items/);
    expect(economy).toContain('Red Potion'); // item names beside ids (GET /api/v1/admin/items)
    const factions = await page.$$eval('[data-testid=panel-faction] li', (lis) => lis.map((li) => li.textContent));
    expect(factions).toEqual(['prontera_guard140', 'morocc_thieves70']);
    const problems = (await page.textContent('[data-testid=panel-problem]'))!;
    expect(problems).toMatch(/solved \d+ · failed \d+/);
    const arcs = (await page.textContent('[data-testid=panel-arc]'))!;
    expect(arcs).toMatch(/Arc \d+|No arc is running/);
    await page.screenshot({ path: fileURLToPath(new URL('dashboard-panels.png', RESULTS_DIR)), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws real agents with their current state highlighted: the story arc machine and an NPC', async () => {
    world.runtime.send('npc:7', { type: 'npc.wake' });
    const { page, errors } = await signIn(browser, world.url, await world.token('gm'));
    await page.waitForSelector('[data-testid=world-clock] .big');
    for (const id of ['arc:main', 'npc:7']) {
      await page.goto(`${world.url}/#/actor/${id}`);
      await page.waitForSelector('[data-testid=diagram] g.state.atomic[data-active="true"]');
      const value = ((await world.runtime.getActor(id))!.snapshot as { value: unknown }).value;
      const active = await page.$$eval('[data-testid=diagram] g.state.atomic[data-active="true"]', (gs) => gs.map((g) => (g as SVGGElement).dataset.stateId!));
      // every highlighted leaf is a part of the actor's real state value
      for (const stateId of active) expect(JSON.stringify(value)).toContain(stateId.split('.').at(-1));
      await page.screenshot({ path: fileURLToPath(new URL(`dashboard-${id.split(':')[0]}.png`, RESULTS_DIR)), fullPage: true });
    }
    // an NPC reacts to its events from its current mode: they are listed in the drawing
    expect(await page.textContent('[data-testid=diagram]')).toContain('npc.wake');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fills the send form from the catalogue’s example events', async () => {
    const { page, errors } = await signIn(browser, world.url, await world.token('admin'));
    await page.waitForSelector('[data-testid=world-clock] .big');
    await page.goto(`${world.url}/#/actor/economy:main`);
    await page.waitForSelector('[data-testid=send-form] button.chip:has-text("market.trade")');
    await page.click('[data-testid=send-form] button.chip:has-text("market.trade")');
    expect(await page.inputValue('[data-testid=send-type]')).toBe('market.trade');
    expect(JSON.parse(await page.inputValue('[data-testid=send-fields]'))).toHaveProperty('item_id');
    expect(errors).toEqual([]);
    await page.close();
  });
});
