import { createMachine } from 'xstate';
import { run } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { timer, type Delivered, type Output } from './kit/outputs.ts';
import { npcName, randomCell, removeNpc, reward, spawnNpc } from './kit/actions.ts';
import { isLoadedMap } from './kit/stockMaps.ts';
import { pick, randomInt } from './kit/random.ts';
import { pickMapsByActivity } from './kit/weighted.ts';
import { HOUR } from './kit/time.ts';
import { etcItems, facts } from '../facts/index.ts';

/**
 * The Archaeology agent (`archaeology:main`): at 02:00, 15–20 dig sites on the old lands (deserts, ruins,
 * highlands), each a copy of the bridge's `midgard_digsite` NPC. Each site yields up to three finds, one per
 * player, and is removed after 48 hours or once dug out.
 *
 * Modes: `idle` (no dig site open) and `digging` (sites open); the last site to close, dug out or expired,
 * makes the agent idle until the next night's sites.
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
export interface ArchaeologyContext {
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

type Ev = Delivered & Record<string, any>;

/** The night's 15–20 sites on the old lands, each open for 48 hours. */
function open(ctx: ArchaeologyContext, ev: Ev): { ctx: ArchaeologyContext; out: Output[] } {
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
  return { ctx: { ...ctx, rng, sites, opened: ctx.opened + count }, out };
}

/** A player's first dig at a site: an artifact; the third find empties the site and removes it. */
function dig(ctx: ArchaeologyContext, ev: Ev): { ctx: ArchaeologyContext; out: Output[] } {
  const site = ctx.sites.find((s) => s.id === ev.site)!;
  const player = Number(ev.player_id);
  const [artifact, rng] = pick(ctx.rng, ARTIFACTS);
  const dug = { ...site, finds: site.finds - 1, diggers: [...site.diggers, player] };
  const out: Output[] = [reward(player, { item_id: artifact.id, quantity: 1, base_exp: 2000 }, 'archaeology', `site:${site.id}`)];
  if (dug.finds === 0) out.push(removeNpc(site.map, site.npc_name));
  const sites = dug.finds === 0 ? ctx.sites.filter((s) => s !== site) : ctx.sites.map((s) => (s === site ? dug : s));
  return { ctx: { ...ctx, rng, sites, finds: ctx.finds + 1, closed: ctx.closed + (dug.finds === 0 ? 1 : 0) }, out };
}

/** An unfinished site closes at its expiry. */
function expire(ctx: ArchaeologyContext, ev: Ev): { ctx: ArchaeologyContext; out: Output[] } {
  const site = ctx.sites.find((s) => s.id === ev.site)!;
  return { ctx: { ...ctx, sites: ctx.sites.filter((s) => s !== site), closed: ctx.closed + 1 }, out: [removeNpc(site.map, site.npc_name)] };
}

type Args = { context: ArchaeologyContext; event: Ev };
const siteOf = ({ context, event }: Args) => context.sites.find((s) => s.id === event.site);
const isOpen = (a: Args) => !!siteOf(a);
const canDig = (a: Args) => !!siteOf(a) && !siteOf(a)!.diggers.includes(Number(a.event.player_id));
/** this event closes the only site left */
const closesLast = (a: Args) => a.context.sites.length === 1 && (a.event.type === 'archaeology.expire' || siteOf(a)!.finds === 1);

export const archaeologyMachine = createMachine({
  id: 'archaeology',
  types: {} as { context: ArchaeologyContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, sites: [], opened: 0, finds: 0, closed: 0 }),
  on: { 'pipeline.run': { target: '.digging', actions: run(open) } },
  initial: 'idle',
  states: {
    idle: {},
    digging: {
      on: {
        'archaeology.dig': [
          { guard: (a) => canDig(a) && closesLast(a), target: 'idle', actions: run(dig) },
          { guard: canDig, actions: run(dig) },
        ],
        'archaeology.expire': [
          { guard: (a) => isOpen(a) && closesLast(a), target: 'idle', actions: run(expire) },
          { guard: isOpen, actions: run(expire) },
        ],
      },
    },
  },
});
