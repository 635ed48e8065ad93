import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { economyMachine, rebalance, TRACKED_ITEMS, LOOT_ITEMS, LOOT_PER_KILL, type EconomyContext } from './economy.ts';
import { itemById } from '../facts/index.ts';

const item = TRACKED_ITEMS[0]!;
const base = itemById(item)!.buy;

describe('economy', () => {
  it('tracks real items at their db shop price', () => {
    const e = drive(economyMachine, 'economy:main');
    expect(TRACKED_ITEMS.length).toBeGreaterThan(10);
    expect(e.context<EconomyContext>().quotes[item]).toMatchObject({ base, price: base });
    expect(e.value()).toBe('stable');
  });

  it('raises prices under pure demand, never past 2× the base, and tells the social economy about spikes', () => {
    const e = drive(economyMachine, 'economy:main');
    let prices: number[] = [];
    for (let i = 0; i < 40; i++) {
      e.send({ type: 'economy.shock', item_id: item, quantity: 50 });
      e.send({ type: 'economy.rebalance' });
      prices.push(e.context<EconomyContext>().quotes[item]!.price);
    }
    expect(prices[1]!).toBeGreaterThan(base);
    expect(Math.max(...prices)).toBe(Math.round(base * 2));
    const update = e.actions('update_economy')[0]!;
    expect(update.payload.prices).toContainEqual({ item_id: item, price: Math.round(prices.find((p) => Math.round(p) !== base)!) });
    expect(e.messages('caravan:main').length).toBeGreaterThan(0);
    expect(e.value()).toBe('shortage');
  });

  it('tells its mode after each rebalance: glut, both at once, and back to stable as prices drift home', () => {
    const e = drive(economyMachine, 'economy:main');
    const other = TRACKED_ITEMS[1]!;
    for (let i = 0; i < 10; i++) {
      e.send({ type: 'economy.supply', item_id: item, quantity: 500 });
      e.send({ type: 'economy.rebalance' });
    }
    expect(e.value()).toBe('glut');
    for (let i = 0; i < 10; i++) {
      e.send({ type: 'economy.supply', item_id: item, quantity: 500 });
      e.send({ type: 'economy.shock', item_id: other, quantity: 500 });
      e.send({ type: 'economy.rebalance' });
    }
    expect(e.value()).toBe('mixed');
    e.send({ type: 'market.trade', item_id: item, price: 5, quantity: 1 }); // trading changes no mode
    expect(e.value()).toBe('mixed');
    for (let i = 0; i < 100; i++) e.send({ type: 'economy.rebalance' });
    expect(e.value()).toBe('stable');
  });

  it('settles a steady market between the bounds: twice as much demand as supply ⇒ about 2^(1/3) × base', () => {
    let q = { base: 100, price: 100, supply: 0, demand: 0, low: 100, high: 100 };
    for (let i = 0; i < 200; i++) q = rebalance({ ...q, demand: 200, supply: 100 });
    expect(q.price).toBeGreaterThan(120);
    expect(q.price).toBeLessThan(132);
  });

  it('lowers prices under supply, never below half, and drifts home when the market is quiet', () => {
    let q = { base: 100, price: 100, supply: 0, demand: 0, low: 100, high: 100 };
    for (let i = 0; i < 40; i++) q = rebalance({ ...q, supply: 100 });
    expect(q.price).toBe(50);
    expect(q.high).toBe(100);
    expect(q.low).toBe(50);
    for (let i = 0; i < 60; i++) q = rebalance(q);
    expect(q.price).toBeGreaterThan(90);
  });

  it('turns batches of kills into loot supply for the etc items only', () => {
    const e = drive(economyMachine, 'economy:main');
    e.send({ type: 'market.kills', count: 500 });
    const quotes = e.context<EconomyContext>().quotes;
    expect(LOOT_ITEMS.length).toBeGreaterThan(5);
    for (const id of LOOT_ITEMS) expect(quotes[id]!.supply).toBeCloseTo(500 * LOOT_PER_KILL);
    expect(quotes[item]!.supply).toBe(0); // a potion: not loot
  });

  it('ignores untracked items and emits nothing when nothing moved', () => {
    const e = drive(economyMachine, 'economy:main');
    e.send({ type: 'market.trade', item_id: 999999, price: 5, quantity: 1 });
    expect(e.context<EconomyContext>().trades).toBe(0);
    expect(e.send({ type: 'economy.rebalance' })).toEqual([]);
    expect(e.value()).toBe('stable');
  });

  it('arms its rebalance timer once: restored from its snapshot it keeps its mode and emits nothing', () => {
    const e = drive(economyMachine, 'economy:main');
    expect(e.outputs).toEqual([expect.objectContaining({ timer: expect.objectContaining({ id: 'rebalance' }) })]);
    for (let i = 0; i < 10; i++) {
      e.send({ type: 'economy.shock', item_id: item, quantity: 500 });
      e.send({ type: 'economy.rebalance' });
    }
    const restored = drive(economyMachine, 'economy:main', {}, { snapshot: e.actor.getPersistedSnapshot() });
    expect(restored.outputs).toEqual([]);
    expect(restored.value()).toBe('shortage');
    expect(restored.context<EconomyContext>().quotes[item]!.price).toBe(e.context<EconomyContext>().quotes[item]!.price);
  });
});
