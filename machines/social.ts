import { reducerLogic, step } from './kit/reducer.ts';
import { timer, type Output } from './kit/outputs.ts';
import { announce, postQuest, reward, watchMap } from './kit/actions.ts';
import { loadedFields as fields, loadedTowns as towns } from './kit/stockMaps.ts';
import { pick, randomInt } from './kit/random.ts';
import { HOUR, startOfDay } from './kit/time.ts';
import { healingItems, monstersForMap } from '../facts/index.ts';
import { huntCount } from '../facts/spawns.ts';
import { placeName } from '../facts/places.ts';

/**
 * The Social agent (`social:main`): at 07:00, 2–4 guild tasks (shared hunts) and one community event in a town
 * from 18:00 to 20:00. Everyone active on the event's town during the window takes part; at the close the
 * three most active are rewarded and the day's tasks close. Guild tasks are quest board postings in game.
 *
 * @example
 * runtime.send('social:main', { type: 'pipeline.run', slot: 'social', day: 1 });
 */
export interface CommunityEvent {
  id: string;
  name: string;
  map: string;
  opensAt: number;
  closesAt: number;
  participants: Record<string, number>;
}
export interface SocialContext extends Record<string, unknown> {
  rng: number;
  nextTask: number;
  tasks: number[];
  event: CommunityEvent | null;
  events: number;
  rewarded: number;
}

const EVENTS = ['Poring Race', 'Fishing Contest', 'Bonfire Night', 'Market Fair', 'Dance Festival'];

export const socialMachine = reducerLogic<SocialContext>({
  id: 'social',
  context: (input) => ({ rng: input.seed, nextTask: 90001, tasks: [], event: null, events: 0, rewarded: 0 }),
  on: {
    'pipeline.run': (ctx, ev) => {
      const [count, r1] = randomInt(ctx.rng, 2, 4);
      let rng = r1;
      let nextTask = ctx.nextTask;
      const out: Output[] = ctx.tasks.map((id) => postQuest({ quest_id: id, state: 'closed' }));
      const tasks: number[] = [];
      for (let i = 0; i < count; i++) {
        const [field, ra] = pick(rng, fields);
        const [monster, rb] = pick(ra, monstersForMap(field.name));
        rng = rb;
        tasks.push(nextTask);
        out.push(postQuest({ quest_id: nextTask++, state: 'open', title: `Guild task: ${monster.name} cull in ${placeName(field.name)}`, map: field.name, monster_id: monster.id, count: huntCount(field.name, monster.id, 0.999) }));
      }
      const [town, rc] = pick(rng, towns);
      const [name, rd] = pick(rc, EVENTS);
      rng = rd;
      const day = startOfDay(ev.meta.now);
      const event: CommunityEvent = { id: `s${ev.day ?? 0}`, name, map: town.name, opensAt: day + 18 * HOUR, closesAt: day + 20 * HOUR, participants: {} };
      out.push(announce(`Tonight from 18:00: ${name} in ${town.name}! Everyone is welcome.`), watchMap(town.name, event.closesAt), timer({ id: `close:${event.id}`, at: event.closesAt, event: { type: 'social.close', id: event.id } }));
      return step({ ...ctx, rng, nextTask, tasks, event, events: ctx.events + 1 }, out);
    },
    // any routed player activity counts as presence at the event
    npc_interaction: (ctx, ev) => attend(ctx, ev),
    map_change: (ctx, ev) => attend(ctx, { ...ev, map: (ev.payload as any)?.to_map ?? ev.map }),
    player_login: (ctx, ev) => attend(ctx, ev),
    'social.close': (ctx, ev) => {
      const e = ctx.event;
      if (!e || e.id !== ev.id) return undefined;
      const top = Object.entries(e.participants).sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0])).slice(0, 3);
      const out: Output[] = [announce(`The ${e.name} in ${e.map} is over: ${Object.keys(e.participants).length} took part.`)];
      top.forEach(([player], i) => out.push(reward(Number(player), { item_id: healingItems[i]!.id, quantity: 2, zeny: 1000 }, 'social', `event:${e.id}`)));
      return step({ ...ctx, event: null, rewarded: ctx.rewarded + top.length }, out);
    },
  },
});

function attend(ctx: SocialContext, ev: { map?: unknown; player_id?: unknown; meta: { now: number } }) {
  const e = ctx.event;
  if (!e || ev.map !== e.map || ev.meta.now < e.opensAt || ev.meta.now >= e.closesAt) return undefined;
  const p = String(ev.player_id);
  return step({ ...ctx, event: { ...e, participants: { ...e.participants, [p]: (e.participants[p] ?? 0) + 1 } } });
}
