import { createMachine } from 'xstate';
import { run } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { gameAction, postQuest, reward } from './kit/actions.ts';
import { isLoadedMap } from './kit/stockMaps.ts';
import { nextRandom, pick } from './kit/random.ts';
import { FACTIONS, factionName, karmaId, memoryId, reputationId } from './kit/ids.ts';
import { DAY } from './kit/time.ts';
import { healingItems, mapByName, monstersForMap } from '../facts/index.ts';
import { huntCount } from '../facts/spawns.ts';
import type { Digest } from './world.ts';

/**
 * The Quest agent (`quest:main`): dynamic quests from world state. Each daily digest yields hunts on the
 * maps players crowd (real monsters of the map's level band), open for three days; completing one rewards the
 * player once and tells karma, reputation and memory about the deed. In game each quest is a posting on the
 * quest boards (`create_quest` open, then closed when it expires); the reward stays Midgard's, paid on completion.
 *
 * Modes: `idle` (nothing on the boards) and `posted` (quests open); a digest posts new hunts in either mode,
 * completions are paid only while posted, and the last quest to expire leaves the boards empty.
 *
 * @example
 * runtime.send('quest:main', { type: 'quest_complete', player_id: 150001, payload: { quest_id: 70001 } });
 */
export interface OpenQuest {
  quest_id: number;
  map: string;
  monster_id: number;
  count: number;
  faction: string;
  reward: { item_id: number; quantity: number; zeny: number; base_exp: number };
  expiresAt: number;
  completedBy: number[];
}

export interface QuestContext {
  rng: number;
  nextId: number;
  open: OpenQuest[];
  created: number;
  completed: number;
  expired: number;
}

export const QUEST_TTL = 3 * DAY;
const FALLBACK_MAPS = ['prt_fild08', 'pay_fild01', 'gef_fild10'];

type Ev = Delivered & Record<string, any>;

/** The day's hunts: up to two of the busiest non-town maps with monsters (a fallback when none). */
function post(ctx: QuestContext, ev: Ev): { ctx: QuestContext; out: Output[] } {
  const digest = ev.digest as Digest;
  const candidates = digest.hotMaps.map((h) => h.map).filter((m) => mapByName(m)?.kind !== 'town' && isLoadedMap(m) && monstersForMap(m).length);
  const maps = (candidates.length ? candidates : FALLBACK_MAPS).slice(0, 2);
  let { rng, nextId } = ctx;
  const open = [...ctx.open];
  const out: Output[] = [];
  for (const map of maps) {
    const [monster, r1] = pick(rng, monstersForMap(map));
    const [countRoll, r2] = nextRandom(r1);
    const count = huntCount(map, monster.id, countRoll);
    const [item, r3] = pick(r2, healingItems);
    const [faction, r4] = pick(r3, FACTIONS);
    rng = r4;
    const quest: OpenQuest = {
      quest_id: nextId++, map, monster_id: monster.id, count, faction,
      reward: { item_id: item.id, quantity: 3, zeny: count * monster.level * 10, base_exp: count * monster.level * 20 },
      expiresAt: ev.meta.now + QUEST_TTL, completedBy: [],
    };
    open.push(quest);
    out.push(
      postQuest({ quest_id: quest.quest_id, state: 'open', title: `Hunt ${count} ${monster.name} for the ${factionName(faction)}`, map, monster_id: monster.id, count }),
      timer({ id: `expire:${quest.quest_id}`, at: quest.expiresAt, event: { type: 'quest.expire', quest_id: quest.quest_id } }),
    );
  }
  return { ctx: { ...ctx, rng, nextId, open, created: ctx.created + maps.length }, out };
}

/** A player's first completion of an open quest: the reward, and the deed told to karma, reputation and memory. */
function complete(ctx: QuestContext, ev: Ev): { ctx: QuestContext; out: Output[] } {
  const questId = Number(ev.payload?.quest_id);
  const playerId = Number(ev.player_id);
  const quest = ctx.open.find((q) => q.quest_id === questId)!;
  const open = ctx.open.map((q) => (q === quest ? { ...q, completedBy: [...q.completedBy, playerId] } : q));
  return {
    ctx: { ...ctx, open, completed: ctx.completed + 1 },
    out: [
      reward(playerId, quest.reward, 'quest', `quest:${questId}`),
      message(karmaId(playerId), { type: 'karma.deed', delta: 5, reason: `quest ${questId}` }),
      message(reputationId(playerId), { type: 'reputation.change', faction: quest.faction, delta: 25, reason: `quest ${questId}` }),
      message(memoryId(playerId), { type: 'memory.remember', text: `completed quest ${questId} on ${quest.map}`, importance: 0.6, tags: ['quest', quest.faction] }),
    ],
  };
}

/** An expired quest leaves the boards. */
function expire(ctx: QuestContext, ev: Ev): { ctx: QuestContext; out: Output[] } {
  const quest = ctx.open.find((q) => q.quest_id === Number(ev.quest_id))!;
  return {
    ctx: { ...ctx, open: ctx.open.filter((q) => q !== quest), expired: ctx.expired + 1 },
    out: [gameAction('create_quest', { quest_id: quest.quest_id, state: 'closed' }, { target_map: quest.map })],
  };
}

const isNewCompletion = ({ context, event }: { context: QuestContext; event: Ev }) => {
  const quest = context.open.find((q) => q.quest_id === Number(event.payload?.quest_id));
  return !!quest && !quest.completedBy.includes(Number(event.player_id));
};
const isOpen = ({ context, event }: { context: QuestContext; event: Ev }) => context.open.some((q) => q.quest_id === Number(event.quest_id));

export const questMachine = createMachine({
  id: 'quest',
  types: {} as { context: QuestContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ rng: input.seed, nextId: 70001, open: [], created: 0, completed: 0, expired: 0 }),
  // every digest posts at least one hunt (the fallback maps when no busy map fits)
  on: { 'world.digest': { target: '.posted', actions: run(post) } },
  initial: 'idle',
  states: {
    idle: {},
    posted: {
      on: {
        quest_complete: { guard: isNewCompletion, actions: run(complete) },
        'quest.expire': [
          { guard: (a) => isOpen(a) && a.context.open.length === 1, target: 'idle', actions: run(expire) },
          { guard: isOpen, actions: run(expire) },
        ],
      },
    },
  },
});
