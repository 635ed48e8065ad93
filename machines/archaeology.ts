import { reducerLogic, step } from './kit/reducer.ts';
import { timer, type Output } from './kit/outputs.ts';
import { npcName, randomCell, removeNpc, reward, spawnNpc } from './kit/actions.ts';
import { isLoadedMap } from './kit/stockMaps.ts';
import { pick, randomInt } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { HOUR } from './kit/time.ts';
import { etcItems, facts } from '../facts/index.ts';

/**
 * The Archaeology agent (`archaeology:main`): at 02:00, 15–20 dig sites on the old lands (deserts, ruins,
 * highlands), each a copy of the bridge's `midgard_digsite` NPC. Each site yields up to three finds, one per player, and is removed after 48 hours or once dug out.
 *
 * @example
 * runtime.send('archaeology:main', { type: 'archaeology.dig', site: 'a2_4', player_id: 150001 });
 */
export interface DigSite {
  id: string;
  map: string;
  npc_name: string;
  finds: number;
  diggers: number[];
}
export interface ArchaeologyContext extends Record<string, unknown> {
  rng: number;
  sites: DigSite[];
  opened: number;
  finds: number;
  closed: number;
}

export const SITE_TTL = 48 * HOUR;
const RUINS = facts.maps.filter((m) => m.kind === 'field' && isLoadedMap(m.name) && ['morocc', 'geffen', 'yuno', 'aldebaran', 'comodo'].includes(m.region));
const ARTIFACTS = etcItems.filter((i) => i.buy >= 50);
export const siteName = (id: string): string => npcName('Dig Site', id);

export const archaeologyMachine = reducerLogic<ArchaeologyContext>({
  id: 'archaeology',
  context: (input) => ({ rng: input.seed, sites: [], opened: 0, finds: 0, closed: 0 }),
  on: {
    'pipeline.run': (ctx, ev) => {
      const [count, r1] = randomInt(ctx.rng, 15, 20);
      let rng = r1;
      const out: Output[] = [];
      const sites = [...ctx.sites];
      for (let i = 0; i < count; i++) {
        const [[map], ra] = pickMapsByActivity(rng, RUINS, [], 1);
        const [x, y, rb] = randomCell(ra, map!.name);
        rng = rb;
        const id = `a${ev.day ?? 0}_${i}`;
        sites.push({ id, map: map!.name, npc_name: siteName(id), finds: 3, diggers: [] });
        out.push(spawnNpc(map!.name, x, y, siteName(id), 'midgard_digsite'), timer({ id: `site:${id}`, at: ev.meta.now + SITE_TTL, event: { type: 'archaeology.expire', site: id } }));
      }
      return step({ ...ctx, rng, sites, opened: ctx.opened + count }, out);
    },
    'archaeology.dig': (ctx, ev) => {
      const site = ctx.sites.find((s) => s.id === ev.site);
      const player = Number(ev.player_id);
      if (!site || site.diggers.includes(player)) return undefined;
      const [artifact, rng] = pick(ctx.rng, ARTIFACTS);
      const dug = { ...site, finds: site.finds - 1, diggers: [...site.diggers, player] };
      const out: Output[] = [reward(player, { item_id: artifact.id, quantity: 1, base_exp: 2000 }, 'archaeology', `site:${site.id}`)];
      if (dug.finds === 0) out.push(removeNpc(site.map, site.npc_name));
      const sites = dug.finds === 0 ? ctx.sites.filter((s) => s !== site) : ctx.sites.map((s) => (s === site ? dug : s));
      return step({ ...ctx, rng, sites, finds: ctx.finds + 1, closed: ctx.closed + (dug.finds === 0 ? 1 : 0) }, out);
    },
    'archaeology.expire': (ctx, ev) => {
      const site = ctx.sites.find((s) => s.id === ev.site);
      if (!site) return undefined;
      return step({ ...ctx, sites: ctx.sites.filter((s) => s !== site), closed: ctx.closed + 1 }, [removeNpc(site.map, site.npc_name)]);
    },
  },
});
