import { reducerLogic, step } from './kit/reducer.ts';
import type { ActorInput } from './kit/input.ts';
import { message, timer, cancelTimer, type Delivered, type Output } from './kit/outputs.ts';
import { nextRandom, pick, randomInt } from './kit/random.ts';
import { personalityFrom, nameFrom, type Personality } from './kit/personality.ts';
import { placeName } from '../facts/places.ts';
import { FACTION_HOME, SYSTEM, factionOfVillage, memoryId, neighboursOf, npcId, villageOf } from './kit/ids.ts';
import { DAY } from './kit/time.ts';
import { aiDecide, announce } from './kit/actions.ts';
import { decide } from './decision.ts';
import { recall, remember, type MemoryEntry } from './memory.ts';
import { dialogueFacts, offlineLine, spokenBy, type PlayerFacts } from './dialogue.ts';
import { itemById } from '../facts/index.ts';
import { TRACKED_ITEMS } from './economy.ts';

/**
 * An NPC (`npc:<n>`): it wakes every few virtual hours, decides (Decision agent) to chat, trade, work, rest or
 * patrol, and lives with its neighbours by messages: chats exchange the freshest rumours both ways, so a rumour
 * seeded at one NPC reaches the village and, through the elders, other villages over time. Players talk to it
 * through the Dialogue agent, one conversation per player at once (`talks`): an `ai.decide` request with its
 * persona, the player and the moment in words, and its own offline line if the AI layer answers with a fallback
 * or not within {@link DIALOGUE_DEADLINE}.
 *
 * @example
 * runtime.send('npc:1042', { type: 'rumour.seed', text: 'an Orc Lord was seen near Geffen' });
 */
export interface Rumour {
  id: string;
  text: string;
  origin: string;
  hops: number;
  heardAt: number;
  /** how often this NPC has passed it on: the least told go first, the most told are forgotten first */
  told: number;
}

export interface NpcContext extends Record<string, unknown> {
  id: string;
  n: number;
  rng: number;
  name: string;
  personality: Personality;
  map: string;
  faction: string;
  mood: number;
  danger: number;
  goods: number;
  zeny: number;
  rumours: Rumour[];
  memories: MemoryEntry[];
  chats: number;
  trades: number;
  /** conversations finished */
  conversations: number;
  /** conversations started (request ids), so parallel ones never share an id */
  talkSeq: number;
  /** one per player talking to it right now, oldest first: a click is never dropped because the NPC is busy */
  talks: Talk[];
  /** `conversing` while any talk is open */
  mode: 'idle' | 'conversing';
  /** what it did last when it woke, in words, for conversation */
  lastActivity: string;
  /** the last line it said (kept so a replay that changed a word changes the world hash) */
  said: string;
  /**
   * The world's NPC count, told at bootstrap (`npc.spawn`/`npc.wake` with `population`). Only an NPC that knows
   * it starts chats and trades, and only with neighbours below it: an NPC created by a stray message (a player
   * clicking an unknown npc_id) answers but never reaches out, so it cannot call a cascade of NPCs into being.
   */
  population: number;
}

/** A conversation in progress: waiting for the player's memories, then for the AI layer's line. */
export interface Talk {
  requestId: string;
  stage: 'recalling' | 'asking';
  player: PlayerFacts;
  /** what the player's memory actor told of their deeds (once recalled) */
  deeds?: string[];
}

export const RUMOUR_CAP = 8;
/**
 * How long the player's memory actor may take to answer (two ticks normally) before the NPC talks without it. A
 * safety net only, so generous: simulations tick once per virtual minute.
 */
export const RECALL_TIMEOUT = 5 * 60_000;
/**
 * The dialogue deadline, in world time from the moment the AI layer is asked: past it the player hears the
 * NPC's offline line at once, and a late model answer only fills the cache. A few seconds, as a player at the
 * counter would wait; at speed 1 that is a few wall seconds, at speed 600 a few milliseconds (then the world is
 * faster than any model, and the offline voice speaks).
 */
export const DIALOGUE_DEADLINE = 5_000;
/** Players one NPC talks with at once; past it, the newest click gets the offline line at once (never dropped). */
export const MAX_TALKS = 8;
/** four or five decisions a day: enough life for the world, cheap enough for 10k NPCs per core */
export const WAKE_MIN_MINUTES = 4 * 60;
export const WAKE_MAX_MINUTES = 7 * 60;
export const MAX_HOPS = 40;
const RUMOUR_TTL = 10 * DAY;
// NPCs trade the market's tracked goods they can afford, so their trades move prices
const TRADE_GOODS = TRACKED_ITEMS.map((id) => itemById(id)!).filter((i) => i.buy <= 300);

type Ev = Delivered & Record<string, any>;

function initialContext(input: ActorInput): NpcContext {
  const n = Number(input.key);
  const [personality, r1] = personalityFrom(input.seed);
  const [name, r2] = nameFrom(r1);
  const faction = factionOfVillage(villageOf(Number.isFinite(n) ? n : 0));
  return {
    id: input.id, n: Number.isFinite(n) ? n : 0, rng: r2, name, personality,
    map: FACTION_HOME[faction], faction, mood: 0.5, danger: 0, goods: 2, zeny: 500,
    rumours: [], memories: [], chats: 0, trades: 0, conversations: 0, talkSeq: 0, talks: [], mode: 'idle', population: 0,
    lastActivity: '', said: '',
  };
}

/**
 * Learn rumours not yet known (by id) and forget stale ones; past the cap, the most-told go (ties: the oldest),
 * so a burst of fresh news cannot wipe out a rumour before it has been passed on.
 */
export function learn(ctx: NpcContext, heard: readonly Omit<Rumour, 'heardAt' | 'told'>[], now: number): Rumour[] {
  const known = new Set(ctx.rumours.map((r) => r.id));
  const fresh = heard.filter((r) => !known.has(r.id) && r.hops <= MAX_HOPS).map(({ id, text, origin, hops }) => ({ id, text, origin, hops, heardAt: now, told: 0 }));
  if (!fresh.length) return ctx.rumours;
  const all = [...fresh, ...ctx.rumours].filter((r) => now - r.heardAt < RUMOUR_TTL);
  if (all.length <= RUMOUR_CAP) return all;
  const keep = new Set([...all].sort((a, b) => a.told - b.told || b.heardAt - a.heardAt).slice(0, RUMOUR_CAP));
  return all.filter((r) => keep.has(r));
}

/** The two least-told rumours (ties: the freshest), as sent, and the rumour list with them counted as told. */
function share(ctx: NpcContext): [Omit<Rumour, 'heardAt' | 'told'>[], Rumour[]] {
  if (!ctx.rumours.length) return [[], ctx.rumours];
  const chosen = new Set([...ctx.rumours].sort((a, b) => a.told - b.told || b.heardAt - a.heardAt).slice(0, 2));
  const sent = ctx.rumours.filter((r) => chosen.has(r)).map(({ id, text, origin, hops }) => ({ id, text, origin, hops: hops + 1 }));
  return [sent, ctx.rumours.map((r) => (chosen.has(r) ? { ...r, told: r.told + 1 } : r))];
}

function wake(ctx: NpcContext, ev: Ev): { ctx: NpcContext; out: Output[] } {
  const out: Output[] = [];
  const [action, r1] = decide(ctx.personality, { mood: ctx.mood, goods: ctx.goods, rumours: ctx.rumours.length, danger: ctx.danger }, ctx.rng);
  let rng = r1;
  let next = { ...ctx };
  const neighbours = ctx.n < ctx.population ? neighboursOf(ctx.n, ctx.population).map(npcId) : [];
  if (action === 'chat' && neighbours.length) {
    const [to, r] = pick(rng, neighbours);
    rng = r;
    const [sent, rumours] = share(ctx);
    out.push(message(to, { type: 'npc.chat', rumours: sent, reply: false }));
    next.rumours = rumours;
    next.chats++;
    next.lastActivity = 'had a long talk with a neighbour';
  } else if (action === 'trade' && neighbours.length && TRADE_GOODS.length) {
    const [to, r] = pick(rng, neighbours);
    const [item, r2] = pick(r, TRADE_GOODS);
    const [markup, r3] = nextRandom(r2);
    rng = r3;
    out.push(message(to, { type: 'npc.trade.offer', item_id: item.id, price: Math.max(1, Math.round(item.buy * (0.8 + markup * 0.6 * ctx.personality.greed))) }));
    next.lastActivity = `offered ${item.name} to a neighbour`;
  } else if (action === 'work') {
    next.goods = Math.min(10, ctx.goods + 1);
    next.lastActivity = 'worked since dawn';
  } else if (action === 'rest') {
    next.mood = Math.min(1, ctx.mood + 0.1);
    next.lastActivity = 'took a long rest';
  } else if (action === 'patrol') {
    next.danger = Math.max(0, ctx.danger - 0.2);
    next.lastActivity = 'walked the walls on patrol';
  }
  const [gap, r4] = randomInt(rng, WAKE_MIN_MINUTES, WAKE_MAX_MINUTES);
  next.rng = r4;
  out.push(timer({ id: 'wake', at: ev.meta.now + gap * 60_000, event: { type: 'npc.wake' } }));
  return { ctx: next, out };
}

/** The player's name, class and level as the click (or the bridge's extra payload) tells them. */
function playerFrom(ev: Ev, playerId: number): PlayerFacts {
  const p = (ev.payload ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 40) : undefined);
  const level = Number(p.base_level ?? p.level);
  return {
    playerId,
    ...(text(p.player_name ?? p.char_name) ? { name: text(p.player_name ?? p.char_name) } : {}),
    ...(text(p.job ?? p.class) ? { job: text(p.job ?? p.class) } : {}),
    ...(Number.isInteger(level) && level > 0 ? { level } : {}),
  };
}

const openTalk = (ctx: NpcContext, requestId: string) => ctx.talks.find((t) => t.requestId === requestId);
const withTalks = (ctx: NpcContext, talks: Talk[]): NpcContext => ({ ...ctx, talks, mode: talks.length ? 'conversing' : 'idle' });

/** The facts of one conversation: who speaks, to whom, where and when, in words. */
function factsOf(ctx: NpcContext, talk: Talk, deeds: readonly string[], now: number) {
  const own = recall(ctx.memories, now, [`player:${talk.player.playerId}`], 3).filter((m) => m.tags.includes(`player:${talk.player.playerId}`));
  return dialogueFacts(ctx, talk.player, own, deeds, now);
}

/** Say a line to the player of `talk` (the AI's, or the offline one) and close that conversation. */
function reply(ctx: NpcContext, ev: Ev, talk: Talk, text: string | undefined): { ctx: NpcContext; out: Output[] } {
  let rng = ctx.rng;
  let line = text;
  if (!line) [line, rng] = offlineLine(factsOf(ctx, talk, talk.deeds ?? [], ev.meta.now), rng);
  const said = spokenBy(ctx.name, line);
  const { playerId, name } = talk.player;
  const memories = remember(ctx.memories, { text: `spoke with ${name ?? 'a traveller'}`, importance: 0.4, tags: [`player:${playerId}`] }, ev.meta.now, 12);
  const next = withTalks({ ...ctx, rng, memories, said, conversations: ctx.conversations + 1, mood: Math.min(1, ctx.mood + 0.05) }, ctx.talks.filter((t) => t !== talk));
  return {
    ctx: next,
    out: [
      cancelTimer(`talk:${talk.requestId}`),
      announce(said, { target_player_id: playerId, target_map: ctx.map }),
      message(memoryId(playerId), { type: 'memory.remember', text: `spoke with ${ctx.name} in ${placeName(ctx.map)}`, importance: 0.3, tags: ['npc', ctx.faction] }),
    ],
  };
}

type Result = { ctx: NpcContext; out: Output[] } | undefined;
const as = (fn: (ctx: NpcContext, ev: Ev) => Result) => (ctx: NpcContext, ev: Ev) => {
  const r = fn(ctx, ev);
  return r ? step(r.ctx, r.out) : undefined;
};
const knowsPopulation = (ev: Ev) => Number.isInteger(ev.population) && Number(ev.population) > 0;

/**
 * Two modes, `idle` and `conversing` (with a player), kept in the context and shown as the state value. A
 * reducer rather than an XState machine: NPCs are the bulk of all events, and this is ~7× cheaper per event.
 */
export const npcMachine = reducerLogic<NpcContext>({
  id: 'npc',
  context: (input) => initialContext(input),
  mode: (ctx) => ctx.mode,
  // first wakes spread over four hours, so 10k NPCs created together do not all wake in the same tick
  start: (ctx) => step(ctx, [timer({ id: 'wake', delay: (ctx.n % 240) * 60_000 + 60_000, event: { type: 'npc.wake' } })]),
  on: {
    'npc.spawn': as((ctx, ev) => (knowsPopulation(ev) ? { ctx: { ...ctx, population: Number(ev.population) }, out: [] } : undefined)),
    'npc.wake': as((ctx, ev) => wake(knowsPopulation(ev) ? { ...ctx, population: Number(ev.population) } : ctx, ev)),
    'npc.chat': as((ctx, ev) => {
      if (ev.reply) return { ctx: { ...ctx, rumours: learn(ctx, (ev.rumours as Rumour[]) ?? [], ev.meta.now), mood: Math.min(1, ctx.mood + 0.02) }, out: [] };
      // answer with what it knew before this chat, then learn what it heard
      const [sent, told] = share(ctx);
      const rumours = learn({ ...ctx, rumours: told }, (ev.rumours as Rumour[]) ?? [], ev.meta.now);
      return { ctx: { ...ctx, rumours, mood: Math.min(1, ctx.mood + 0.02) }, out: [message(ev.meta.from, { type: 'npc.chat', rumours: sent, reply: true })] };
    }),
    'npc.trade.offer': as((ctx, ev) => {
      const [roll, rng] = nextRandom(ctx.rng);
      const price = Number(ev.price);
      if (!(price > 0) || ctx.zeny < price || roll > 0.9 - ctx.personality.greed * 0.5) {
        return { ctx: { ...ctx, rng }, out: [message(ev.meta.from, { type: 'npc.trade.decline', item_id: ev.item_id })] };
      }
      return {
        ctx: { ...ctx, rng, zeny: ctx.zeny - price, goods: Math.min(10, ctx.goods + 1), trades: ctx.trades + 1 },
        out: [
          message(ev.meta.from, { type: 'npc.trade.accept', item_id: ev.item_id, price }),
          message(SYSTEM.economy, { type: 'market.trade', item_id: ev.item_id, price, quantity: 1 }),
        ],
      };
    }),
    'npc.trade.accept': as((ctx, ev) => ({ ctx: { ...ctx, goods: Math.max(0, ctx.goods - 1), zeny: ctx.zeny + (Number(ev.price) || 0), trades: ctx.trades + 1 }, out: [] })),
    'npc.trade.decline': as((ctx) => ({ ctx: { ...ctx, mood: Math.max(0, ctx.mood - 0.02) }, out: [] })),
    'rumour.seed': as((ctx, ev) => ({
      ctx: { ...ctx, rumours: learn(ctx, [{ id: String(ev.id ?? `${ctx.id}@${ev.meta.tick}`), text: String(ev.text), origin: ctx.id, hops: 0 }], ev.meta.now) },
      out: [],
    })),
    // an answer to `world.query`: what the world remembers becomes something to talk about
    'world.state': as((ctx, ev) => {
      const notable = (ev.digest as { day?: number; notable?: string[] } | undefined)?.notable ?? [];
      const heard = notable.slice(0, 2).map((text, i) => ({ id: `world-${ev.digest?.day ?? 0}-${i}`, text, origin: SYSTEM.world, hops: 0 }));
      return heard.length ? { ctx: { ...ctx, rumours: learn(ctx, heard, ev.meta.now) }, out: [] } : undefined;
    }),
    'npc.danger': as((ctx, ev) => ({ ctx: { ...ctx, danger: Math.min(1, Math.max(ctx.danger, Number(ev.level) || 0)) }, out: [] })),
    // A player talks: first recall what the world remembers of them (their `memory:<id>` actor), then ask the AI
    // layer with both memories; the offline line if the deadline passes first. Every click opens its own talk.
    npc_interaction: as((ctx, ev) => {
      const playerId = Number(ev.player_id);
      if (!(Number.isInteger(playerId) && playerId > 0)) return undefined;
      const requestId = `${ctx.id}/${ctx.talkSeq}`;
      const talk: Talk = { requestId, stage: 'recalling', player: playerFrom(ev, playerId) };
      const started = { ...ctx, talkSeq: ctx.talkSeq + 1 };
      // too many at once: this one is answered now, offline, rather than queued behind the others
      if (ctx.talks.length >= MAX_TALKS) return reply(withTalks(started, [...ctx.talks, talk]), ev, talk, undefined);
      return {
        ctx: withTalks(started, [...ctx.talks, talk]),
        out: [
          message(memoryId(playerId), { type: 'memory.recall', tags: ['quest', ctx.faction, 'npc'], k: 3, replyTo: ctx.id, requestId, profile: talk.player }),
          timer({ id: `talk:${requestId}`, delay: RECALL_TIMEOUT, event: { type: 'dialogue.timeout', requestId } }),
        ],
      };
    }),
    'memory.recalled': as((ctx, ev) => {
      const talk = openTalk(ctx, String(ev.requestId));
      if (!talk || talk.stage !== 'recalling') return undefined;
      const known = (ev.profile ?? {}) as Partial<PlayerFacts>;
      const player: PlayerFacts = { ...known, ...talk.player };
      const deeds = ((ev.memories as MemoryEntry[]) ?? []).map((m) => m.text).filter((t) => !t.startsWith('spoke with'));
      const asking: Talk = { ...talk, stage: 'asking', player, deeds };
      return {
        ctx: withTalks(ctx, ctx.talks.map((t) => (t === talk ? asking : t))),
        out: [
          aiDecide({ requestId: talk.requestId, purpose: 'dialogue', actorId: ctx.id, facts: factsOf(ctx, asking, deeds, ev.meta.now), complexity: 'low' }),
          timer({ id: `talk:${talk.requestId}`, delay: DIALOGUE_DEADLINE, event: { type: 'dialogue.timeout', requestId: talk.requestId } }),
        ],
      };
    }),
    'ai.decision': as((ctx, ev) => {
      const talk = openTalk(ctx, String(ev.requestId));
      if (!talk || talk.stage !== 'asking') return undefined;
      return reply(ctx, ev, talk, ev.fallback ? undefined : (ev.text as string | undefined));
    }),
    'ai.error': as((ctx, ev) => {
      const talk = openTalk(ctx, String(ev.requestId));
      return talk ? reply(ctx, ev, talk, undefined) : undefined;
    }),
    'dialogue.timeout': as((ctx, ev) => {
      const talk = openTalk(ctx, String(ev.requestId));
      return talk ? reply(ctx, ev, talk, undefined) : undefined;
    }),
  },
});
