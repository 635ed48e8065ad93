import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/until.ts';
import { launchChromium, RESULTS_DIR, signIn } from './browser.ts';
import { startDashboardWorld, type DashboardWorld } from './world.ts';

const shot = (name: string) => fileURLToPath(new URL(name, RESULTS_DIR));
const CATALOGUE = new URL('../../actors/catalogue.ts', import.meta.url);

interface MachineAnswer {
  shape: 'machine' | 'reducer' | 'store';
  state: string | null;
  machineId?: string;
  nodes?: { id: string; parent: string | null }[];
  events: { type: string }[];
}

/**
 * The dashboard over the world's real catalogue, in Chromium: a developer opens an actor whose logic is a
 * statechart, sees its states with the current one marked, steps it and sees the transition just taken; the NPC
 * shows its states once its logic is a machine, and its event table while it is a reaction table.
 */
describe('statecharts in the dashboard', { timeout: 120_000 }, () => {
  let world: DashboardWorld;
  let browser: Browser;
  let token: string;

  const machineOf = async (id: string): Promise<MachineAnswer> => {
    const res = await fetch(`${world.url}/api/v1/admin/actors/${id}/machine`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as MachineAnswer;
  };
  /** Every state the /machine endpoint names is drawn, and the current one is marked active. */
  const expectStatesDrawn = async (page: Page, machine: MachineAnswer) => {
    const drawn = await page.$$eval('[data-testid=diagram] g.state', (gs) => gs.map((g) => (g as SVGGElement).dataset.stateId));
    expect(drawn.sort()).toEqual(machine.nodes!.map((n) => n.id).sort());
  };

  beforeAll(async () => {
    world = await startDashboardWorld({ catalogue: CATALOGUE });
    browser = await launchChromium();
    token = await world.token('admin', 'dev');
    world.runtime.send('boss:main', { type: 'world.digest', digest: { hotMaps: [] } });
    world.runtime.send('npc:1', { type: 'npc.danger', level: 0.1 });
    await until('boss:main and npc:1 to run', async () => (await world.runtime.getActor('boss:main'))?.state === 'dormant' && (await world.runtime.getActor('npc:1'))?.status === 'active');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  }, 30_000);

  it('a machine kind (the boss): its states drawn, the current one marked, a step marks the transition just taken', async () => {
    const boss = await machineOf('boss:main');
    expect(boss.shape).toBe('machine');
    const { page, errors } = await signIn(browser, world.url, token);
    await page.waitForSelector('[data-testid=world-clock] .big');
    await page.goto(`${world.url}/#/actor/boss:main`);
    await page.waitForSelector('[data-testid=diagram] g.state[data-state-id="boss.dormant"][data-active="true"]');
    await expectStatesDrawn(page, boss);
    expect(await page.textContent('[data-testid=actor-state]')).toBe('dormant');
    await page.waitForSelector('[data-testid=stately-link]');
    expect(await page.textContent('[data-testid=stately-howto]')).toContain('/api/v1/stately?watch=boss%3Amain');

    // the send form offers the declaration's examples, each one the boss handles
    await page.waitForSelector('[data-testid=send-form] button.chip[data-event-type="boss.rise"]');
    const offered = await page.$$eval('[data-testid=send-form] button.chip', (bs) => bs.map((b) => (b as HTMLElement).dataset.eventType));
    expect(offered.sort()).toEqual(boss.events.map((e) => e.type).filter((t) => !t.includes('*')).sort());

    // dormant, the boss ignores a kill: the form greys it out, naming the state that handles it
    const kill = await page.waitForSelector('[data-testid=send-form] button.chip.ignored[data-event-type="mvp_kill"]');
    expect(await kill.getAttribute('title')).toBe("ignored in 'dormant': handled in abroad");
    expect(await page.$('[data-testid=send-form] button.chip.ignored[data-event-type="boss.rise"]')).toBeNull();

    await page.click('[data-testid=pause]');
    await page.waitForSelector('[data-testid=actor-paused]');
    await page.click('[data-testid=send-form] button.chip[data-event-type="boss.rise"]');
    await page.click('[data-testid=send]');
    await page.waitForSelector('[data-testid=mailbox] td:has-text("boss.rise")');
    await page.click('[data-testid=step]');
    await page.waitForSelector('[data-testid=diagram] g.state[data-state-id="boss.abroad"][data-active="true"]');
    const taken = await page.waitForSelector('[data-testid=diagram] g.transition[data-taken="true"]');
    expect(await taken.evaluate((g) => ({ ...(g as SVGGElement).dataset }))).toMatchObject({ event: 'boss.rise', source: 'boss.dormant', target: 'boss.abroad' });
    expect(await page.$$('[data-testid=diagram] [data-taken="true"]')).toHaveLength(1);
    expect(await page.textContent('[data-testid=actor-state]')).toBe('abroad');
    await page.waitForSelector('[data-testid=send-form] button.chip.ignored[data-event-type="boss.rise"]'); // abroad, a second rise is ignored
    expect(await page.$('[data-testid=send-form] button.chip.ignored[data-event-type="mvp_kill"]')).toBeNull();
    await page.screenshot({ path: shot('statechart-boss-stepped.png'), fullPage: true });

    // time travel to before the step clears the mark; back to live shows it again
    await page.$eval('[data-testid=travel-slider]', (el) => {
      const input = el as HTMLInputElement;
      input.value = '0';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForSelector('[data-testid=diagram] g.state[data-state-id="boss.dormant"][data-active="true"]');
    expect(await page.$('[data-testid=diagram] [data-taken="true"]')).toBeNull();
    await page.click('text=back to live');
    await page.waitForSelector('[data-testid=diagram] g.transition[data-taken="true"][data-event="boss.rise"]');

    // an event the boss does not handle is refused with the reason, and nothing is queued
    await page.fill('[data-testid=send-type]', 'boss.fly');
    await page.fill('[data-testid=send-fields]', '');
    await page.click('[data-testid=send]');
    await page.waitForSelector('#flash[data-kind=error]:has-text("do not handle \'boss.fly\'")');
    expect((await world.runtime.getActor('boss:main'))!.mailbox).toBe(0);
    await page.click('[data-testid=resume]');
    expect(errors.filter((e) => !e.startsWith('400 POST'))).toEqual([]);
    await page.close();
  });

  it('the NPC: its states when its logic is a statechart, else its event table — and list, detail and census agree on its state', async () => {
    const npc = await machineOf('npc:1');
    const { page, errors } = await signIn(browser, world.url, token);
    await page.waitForSelector('[data-testid=world-clock] .big');
    await page.goto(`${world.url}/#/actor/npc:1`);
    const detailState = (await world.runtime.getActor('npc:1'))!.state;
    await page.waitForSelector(`[data-testid=actor-state]:has-text("${detailState}")`);
    if (npc.shape === 'machine') {
      await page.waitForSelector('[data-testid=diagram] g.state[data-active="true"]');
      await expectStatesDrawn(page, npc);
      const active = await page.$$eval('[data-testid=diagram] g.state.atomic[data-active="true"]', (gs) => gs.map((g) => (g as SVGGElement).dataset.stateId));
      expect(active.map((id) => id!.slice(npc.machineId!.length + 1))).toContain(detailState.split('|')[0]);
    } else {
      // a reaction table: no fake one-box diagram, its event table instead
      await page.waitForSelector('[data-testid=no-diagram]');
      expect(await page.$('[data-testid=diagram]')).toBeNull();
      const rows = await page.$$eval('[data-testid=event-table] tr[data-event-type]', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.eventType));
      expect(rows.sort()).toEqual(npc.events.map((e) => e.type).sort());
    }
    await page.screenshot({ path: shot('statechart-npc.png'), fullPage: true });

    // the list names the same state the detail page does
    await page.goto(`${world.url}/#/actors?q=npc:1`);
    const cell = await page.waitForSelector('tr[data-actor="npc:1"] td:nth-child(3)');
    expect((await cell.textContent())?.trim()).toBe(detailState);
    expect(world.runtime.census().find((c) => c.kind === 'npc')?.state).toBe(detailState);
    expect(errors).toEqual([]);
    await page.close();
  });
});
