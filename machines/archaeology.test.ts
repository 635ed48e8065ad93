import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { archaeologyMachine, SITE_TTL, type ArchaeologyContext } from './archaeology.ts';
import { OUTPUT } from './kit/outputs.ts';
import { isInsideMap } from '../facts/index.ts';

describe('archaeology', () => {
  it('opens 15–20 dig sites that despawn after 48 hours', () => {
    const a = drive(archaeologyMachine, 'archaeology:main');
    expect(a.value()).toBe('idle');
    a.send({ type: 'pipeline.run', day: 3 }, { now: 500 });
    expect(a.value()).toBe('digging');
    const sites = a.actions('spawn_npc');
    expect(sites.length).toBeGreaterThanOrEqual(15);
    expect(sites.length).toBeLessThanOrEqual(20);
    for (const s of sites) expect(isInsideMap(s.payload.map, s.payload.x, s.payload.y)).toBe(true);
    const timers = a.outputs.filter((o) => o.type === OUTPUT.timer) as any[];
    expect(timers.every((t) => t.timer.at === 500 + SITE_TTL)).toBe(true);
    for (const t of timers) a.send(t.timer.event, { now: t.timer.at });
    expect(a.actions('remove_npc')).toHaveLength(sites.length);
    expect(a.context<ArchaeologyContext>().sites).toEqual([]);
    expect(a.value()).toBe('idle');
  });

  it('gives one find per player per site, three per site, then removes the dug-out site', () => {
    const a = drive(archaeologyMachine, 'archaeology:main');
    a.send({ type: 'pipeline.run', day: 3 });
    const site = a.context<ArchaeologyContext>().sites[0]!;
    for (const player of [1, 1, 2, 3, 4]) a.send({ type: 'archaeology.dig', site: site.id, player_id: player });
    expect(a.actions('give_reward').map((r) => r.payload.player_id)).toEqual([1, 2, 3]);
    expect(a.actions('remove_npc').map((r) => r.payload.npc_name)).toEqual([site.npc_name]);
    expect(a.value()).toBe('digging'); // the other sites are still open
  });

  it('goes idle when its last site is dug out', () => {
    const a = drive(archaeologyMachine, 'archaeology:main');
    a.send({ type: 'pipeline.run', day: 3 });
    const [last, ...others] = a.context<ArchaeologyContext>().sites;
    for (const s of others) a.send({ type: 'archaeology.expire', site: s.id });
    expect(a.value()).toBe('digging');
    for (const player of [1, 2]) a.send({ type: 'archaeology.dig', site: last!.id, player_id: player });
    expect(a.value()).toBe('digging');
    a.send({ type: 'archaeology.dig', site: last!.id, player_id: 3 });
    expect(a.value()).toBe('idle');
    expect(a.context<ArchaeologyContext>()).toMatchObject({ sites: [], finds: 3 });
  });
});
