import { createMachine } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { timer, type Delivered, type Output } from './kit/outputs.ts';
import { announce, postQuest, reward, watchMap } from './kit/actions.ts';
import { loadedFields as fields, loadedTowns as towns } from './kit/stockMaps.ts';
import { pick, randomInt } from './kit/random.ts';
import { HOUR, startOfDay } from './kit/time.ts';
import { healingItems, monstersForMap } from '../facts/index.ts';
import { huntCount } from '../facts/spawns.ts';
import { placeName } from '../facts/places.ts';

/**
 * The Social agent (`social:main`): at 07:00, 2–4 guild tasks (shared hunts) and one community event in a town
 * from 18:00 to 20:00 (`eventAhead` until it closes, then `quiet`). Everyone active on the event's town during the
 * window takes part; at the close the three most active are rewarded. The next morning's plan closes the day's
 * tasks. Guild tasks are quest board postings in game.
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
export interface SocialContext {
  rng: number;
  nextTask: number;
  tasks: number[];
  event: CommunityEvent | null;
  events: number;
  rewarded: number;
}

const EVENTS = ['Poring Race', 'Fishing Contest', 'Bonfire Night', 'Market Fair', 'Dance Festival'];

type Ev = Delivered & Record<string, any>;

/** The day's plan: yesterday's tasks closed, 2–4 new ones, and tonight's community event. */
const plan = run((ctx: SocialContext, ev) => {
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
  return { ctx: { ...ctx, rng, nextTask, tasks, event, events: ctx.events + 1 }, out };
});

type Args = { context: SocialContext; event: Ev };
/** Where a player's activity happened: a map change counts on the map it led to. */
const placeOf = (ev: Ev) => (ev.type === 'map_change' ? (ev.payload?.to_map ?? ev.map) : ev.map);
const present = ({ context, event }: Args) => {
  const e = context.event!;
  return placeOf(event) === e.map && event.meta.now >= e.opensAt && event.meta.now < e.closesAt;
};
const attend = {
  guard: present,
  actions: update((ctx: SocialContext, ev) => {
    const e = ctx.event!;
    const p = String(ev.player_id);
    return { ...ctx, event: { ...e, participants: { ...e.participants, [p]: (e.participants[p] ?? 0) + 1 } } };
  }),
};

const close = run((ctx: SocialContext) => {
  const e = ctx.event!;
  const top = Object.entries(e.participants).sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0])).slice(0, 3);
  const out: Output[] = [announce(`The ${e.name} in ${e.map} is over: ${Object.keys(e.participants).length} took part.`)];
  top.forEach(([player], i) => out.push(reward(Number(player), { item_id: healingItems[i]!.id, quantity: 2, zeny: 1000 }, 'social', `event:${e.id}`)));
  return { ctx: { ...ctx, event: null, rewarded: ctx.rewarded + top.length }, out };
});

export const socialMachine = createMachine({
  id: 'social',
  types: {} as { context: SocialContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, nextTask: 90001, tasks: [], event: null, events: 0, rewarded: 0 }),
  // every morning's plan; a plan made while yesterday's event is somehow still open replaces it
  on: { 'pipeline.run': { target: '.eventAhead', actions: plan } },
  initial: 'quiet',
  states: {
    quiet: {},
    // tonight's community event is announced: any routed player activity on its town during the window is
    // presence, until the close timer rewards the three most present
    eventAhead: {
      on: {
        npc_interaction: attend,
        map_change: attend,
        player_login: attend,
        'social.close': { guard: ({ context, event }: Args) => event.id === context.event!.id, target: 'quiet', actions: close },
      },
    },
  },
});
