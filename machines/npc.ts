import { setup } from 'xstate';
import { run, update, type Rule } from './kit/run.ts';
import { plainSnapshots } from './kit/plainSnapshots.ts';
import type { ActorInput } from './kit/input.ts';
import { message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { nextRandom, pick, randomInt } from './kit/random.ts';
import { personalityFrom, nameFrom, type Personality } from './kit/personality.ts';
import { FACTION_HOME, SYSTEM, factionOfVillage, neighboursOf, npcId, villageOf } from './kit/ids.ts';
import { decide, type NpcAction } from './decision.ts';
import type { MemoryEntry } from './memory.ts';
import { learn, share, type Heard, type Rumour } from './rumours.ts';
import { answerAtOnce, askAi, isAsking, isLast, isOpen, isPlayer, isPlayerWhileFull, isRecalling, openTalk, sayAiLine, sayOwnLine, type Talk } from './conversation.ts';
import { itemById } from '../facts/index.ts';
import { TRACKED_ITEMS } from './economy.ts';

export { learn, RUMOUR_CAP, MAX_HOPS, type Rumour } from './rumours.ts';
export { DIALOGUE_DEADLINE, MAX_TALKS, RECALL_TIMEOUT, type Talk } from './conversation.ts';

/**
 * An NPC (`npc:<n>`), as a statechart of what it is busy with:
 *
 * - its day: it wakes every few virtual hours, decides (the Decision agent, `decision.ts`) and does one thing until
 *   it wakes again: `chatting` with a neighbour (rumours go both ways; over when the neighbour answers), `trading`
 *   (an offer to a neighbour; over on accept or decline), `working`, `resting` or `patrolling`. `idle` before its
 *   first wake, after an answered chat or trade or a conversation, and when it decided to reach out but knows no one.
 * - `conversing`: a player's click takes its attention until the last open talk ends (`conversation.ts`: recall the
 *   player's memories, ask the AI layer, its own offline line on a fallback or past the deadline). Its wakes still
 *   decide and act meanwhile (the world keeps its rhythm); they just do not pull it away from the players.
 *
 * Whatever it is busy with, it answers neighbours' chats and trade offers and hears news and danger (the root's
 * transitions). One flat level on purpose: XState re-derives the state value from the active nodes on every
 * snapshot, and as two parallel regions (its day | players) the NPC cost ~30% more per event and made a 10k-NPC
 * sim-day ~25% slower (measured while converting it; `npm run bench -- machines` measures it as it is).
 *
 * @example
 * runtime.send('npc:1042', { type: 'rumour.seed', text: 'an Orc Lord was seen near Geffen' });
 */
export interface NpcContext extends Record<string, unknown> {
  /** who it is, fixed at creation */
  who: Who;
  rng: number;
  mood: number;
  danger: number;
  goods: number;
  zeny: number;
  rumours: Rumour[];
  memories: MemoryEntry[];
  /** chats started, trades closed, conversations finished */
  tally: { chats: number; trades: number; conversations: number };
  /** conversations started (request ids), so parallel ones never share an id */
  talkSeq: number;
  /** one per player talking to it right now, oldest first: a click is never dropped because the NPC is busy */
  talks: Talk[];
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

/**
 * Why the context is grouped (`who`, `tally`) rather than flat: XState's `assign` copies the context with
 * `Object.assign({}, …)`, and past 19 fields V8 makes that copy a dictionary-mode object, after which every event
 * of every NPC runs several times slower (measured: 22 flat fields cost ~4× per event). Keep it under ~16.
 */
export interface Who {
  id: string;
  n: number;
  name: string;
  personality: Personality;
  map: string;
  faction: string;
}

/** four or five decisions a day: enough life for the world, cheap enough for 10k NPCs per core */
export const WAKE_MIN_MINUTES = 4 * 60;
export const WAKE_MAX_MINUTES = 7 * 60;
// NPCs trade the market's tracked goods they can afford, so their trades move prices
const TRADE_GOODS = TRACKED_ITEMS.map((id) => itemById(id)!).filter((i) => i.buy <= 300);

type Ev = Delivered & Record<string, any>;

function initialContext(input: ActorInput): NpcContext {
  const n = Number(input.key);
  const [personality, r1] = personalityFrom(input.seed);
  const [name, r2] = nameFrom(r1);
  const faction = factionOfVillage(villageOf(Number.isFinite(n) ? n : 0));
  return {
    who: { id: input.id, n: Number.isFinite(n) ? n : 0, name, personality, map: FACTION_HOME[faction], faction },
    rng: r2, mood: 0.5, danger: 0, goods: 2, zeny: 500, rumours: [], memories: [],
    tally: { chats: 0, trades: 0, conversations: 0 }, talkSeq: 0, talks: [], lastActivity: '', said: '', population: 0,
  };
}

const knowsPopulation = (ev: Ev) => Number.isInteger(ev.population) && Number(ev.population) > 0;
const cheered = (ctx: NpcContext, by: number) => Math.max(0, Math.min(1, ctx.mood + by));

// ── life: the rules of its day ─────────────────────────────────────────────────────────────────────────────────

/**
 * A rule's change: only the context fields it sets (XState's assign merges them), and the outputs in order. Rules
 * return a partial context rather than a spread copy: the NPC is most of the world's traffic.
 */
type Change = { ctx: Partial<NpcContext>; out: Output[] };
const act = (rule: (ctx: NpcContext, ev: Ev) => Change) => run(rule as Rule<NpcContext>);
const set = (fn: (ctx: NpcContext, ev: Ev) => Partial<NpcContext>) => update(fn as (ctx: NpcContext, ev: Ev) => NpcContext);

/** first wakes spread over four hours, so 10k NPCs created together do not all wake in the same tick */
const armFirstWake = (ctx: NpcContext): Change => ({ ctx: {}, out: [timer({ id: 'wake', delay: (ctx.who.n % 240) * 60_000 + 60_000, event: { type: 'npc.wake' } })] });

const populationOf = (ctx: NpcContext, ev: Ev) => (knowsPopulation(ev) ? Number(ev.population) : ctx.population);

/**
 * What it decides when it wakes (the Decision agent's utility scoring, one seeded roll): read by the wake
 * transition's guards, then by the rule of the transition taken. Kept for the last context asked, so the guards
 * and the rule share one computation; a pure function of the context either way.
 */
let decided: { ctx: NpcContext; choice: NpcAction; rng: number } | undefined;
function choiceOf(ctx: NpcContext): { choice: NpcAction; rng: number } {
  if (decided?.ctx !== ctx) {
    const [choice, rng] = decide(ctx.who.personality, { mood: ctx.mood, goods: ctx.goods, rumours: ctx.rumours.length, danger: ctx.danger }, ctx.rng);
    decided = { ctx, choice, rng };
  }
  return decided;
}
/** Whether the wake's decision is `action` (for chats and trades: and it has neighbours to reach). */
const decides = (action: NpcAction, reaching: boolean) => (ctx: NpcContext, ev: Ev) =>
  choiceOf(ctx).choice === action && (!reaching || ctx.who.n < populationOf(ctx, ev));

/**
 * Wake: learn the population if told, take the decision, do what was decided (`deed`, drawing from the generator
 * after the decision), then set the next wake. The draws come in the order the reducer NPC drew them, so the world
 * is the same world as before the NPC became a statechart (the same actions, ids included, for the same seed).
 */
const wake = (deed: (ctx: NpcContext, rng: number, population: number) => Change) => (ctx: NpcContext, ev: Ev): Change => {
  const population = populationOf(ctx, ev);
  const done = deed(ctx, choiceOf(ctx).rng, population);
  const [gap, rng] = randomInt(done.ctx.rng ?? choiceOf(ctx).rng, WAKE_MIN_MINUTES, WAKE_MAX_MINUTES);
  return {
    ctx: { population, ...done.ctx, rng },
    out: [...done.out, timer({ id: 'wake', at: ev.meta.now + gap * 60_000, event: { type: 'npc.wake' } })],
  };
};

/** Tell a neighbour the two least-told rumours; its answer carries its own. */
const chat = wake((ctx, r, population) => {
  const [to, rng] = pick(r, neighboursOf(ctx.who.n, population).map(npcId));
  const [sent, rumours] = share(ctx);
  return { ctx: { rng, rumours, tally: { ...ctx.tally, chats: ctx.tally.chats + 1 }, lastActivity: 'had a long talk with a neighbour' }, out: [message(to, { type: 'npc.chat', rumours: sent, reply: false })] };
});

/** Offer a neighbour one of the market's goods, marked up by greed. */
const trade = wake((ctx, r, population) => {
  const [to, r1] = pick(r, neighboursOf(ctx.who.n, population).map(npcId));
  const [item, r2] = pick(r1, TRADE_GOODS);
  const [markup, rng] = nextRandom(r2);
  const price = Math.max(1, Math.round(item.buy * (0.8 + markup * 0.6 * ctx.who.personality.greed)));
  return { ctx: { rng, lastActivity: `offered ${item.name} to a neighbour` }, out: [message(to, { type: 'npc.trade.offer', item_id: item.id, price })] };
});

const work = wake((ctx) => ({ ctx: { goods: Math.min(10, ctx.goods + 1), lastActivity: 'worked since dawn' }, out: [] }));
const rest = wake((ctx) => ({ ctx: { mood: cheered(ctx, 0.1), lastActivity: 'took a long rest' }, out: [] }));
const patrol = wake((ctx) => ({ ctx: { danger: Math.max(0, ctx.danger - 0.2), lastActivity: 'walked the walls on patrol' }, out: [] }));
/** decided to reach out with no one to reach (a stray NPC): nothing to do until the next wake */
const linger = wake(() => ({ ctx: {}, out: [] }));

/** A wake while conversing: the same decision and deed, without leaving the players. */
const DEEDS = { chat, trade, work, rest, patrol } as const;
const wakeWhileTalking = (ctx: NpcContext, ev: Ev): Change => {
  const { choice } = choiceOf(ctx);
  const reaching = choice !== 'chat' && choice !== 'trade' ? true : ctx.who.n < populationOf(ctx, ev);
  return (reaching ? DEEDS[choice] : linger)(ctx, ev);
};

// ── what it hears whatever it is doing ─────────────────────────────────────────────────────────────────────────

/** A neighbour's chat: answer with what it knew before this chat, then learn what it heard. */
const answerChat = (ctx: NpcContext, ev: Ev): Change => {
  const [sent, told] = share(ctx);
  const rumours = learn({ rumours: told }, (ev.rumours as Heard[]) ?? [], ev.meta.now);
  return { ctx: { rumours, mood: cheered(ctx, 0.02) }, out: [message(ev.meta.from, { type: 'npc.chat', rumours: sent, reply: true })] };
};
/** The answer to its own chat: learn, never answer back. */
const hearAnswer = (ctx: NpcContext, ev: Ev) => ({ rumours: learn(ctx, (ev.rumours as Heard[]) ?? [], ev.meta.now), mood: cheered(ctx, 0.02) });

/** Whether it buys what a neighbour offers: a fair price it can pay, and a roll against its greed. */
const buys = (ctx: NpcContext, ev: Ev) => {
  const price = Number(ev.price);
  return price > 0 && ctx.zeny >= price && nextRandom(ctx.rng)[0] <= 0.9 - ctx.who.personality.greed * 0.5;
};
const buy = (ctx: NpcContext, ev: Ev): Change => {
  const price = Number(ev.price);
  return {
    ctx: { rng: nextRandom(ctx.rng)[1], zeny: ctx.zeny - price, goods: Math.min(10, ctx.goods + 1), tally: { ...ctx.tally, trades: ctx.tally.trades + 1 } },
    out: [
      message(ev.meta.from, { type: 'npc.trade.accept', item_id: ev.item_id, price }),
      message(SYSTEM.economy, { type: 'market.trade', item_id: ev.item_id, price, quantity: 1 }),
    ],
  };
};
const decline = (ctx: NpcContext, ev: Ev): Change => ({ ctx: { rng: nextRandom(ctx.rng)[1] }, out: [message(ev.meta.from, { type: 'npc.trade.decline', item_id: ev.item_id })] });
const sold = (ctx: NpcContext, ev: Ev) => ({ goods: Math.max(0, ctx.goods - 1), zeny: ctx.zeny + (Number(ev.price) || 0), tally: { ...ctx.tally, trades: ctx.tally.trades + 1 } });
const refused = (ctx: NpcContext) => ({ mood: cheered(ctx, -0.02) });

const seeded = (ctx: NpcContext, ev: Ev) => ({
  rumours: learn(ctx, [{ id: String(ev.id ?? `${ctx.who.id}@${ev.meta.tick}`), text: String(ev.text), origin: ctx.who.id, hops: 0 }], ev.meta.now),
});
/** An answer to `world.query`: what the world remembers becomes something to talk about. */
const worldNews = (ev: Ev): Heard[] => {
  const digest = ev.digest as { day?: number; notable?: string[] } | undefined;
  return (digest?.notable ?? []).slice(0, 2).map((text, i) => ({ id: `world-${digest?.day ?? 0}-${i}`, text, origin: SYSTEM.world, hops: 0 }));
};
const heardNews = (ctx: NpcContext, ev: Ev) => ({ rumours: learn(ctx, worldNews(ev), ev.meta.now) });
const warned = (ctx: NpcContext, ev: Ev) => ({ danger: Math.min(1, Math.max(ctx.danger, Number(ev.level) || 0)) });
const toldPopulation = (ctx: NpcContext, ev: Ev) => ({ population: Number(ev.population) });

// ── the statechart ─────────────────────────────────────────────────────────────────────────────────────────────

type Args = { context: NpcContext; event: Ev };
const when = (guard: (ctx: NpcContext, ev: Ev) => boolean) => ({ context, event }: Args) => guard(context, event);

/**
 * The NPC statechart. Guards are named so the diagram reads as the behaviour; each transition runs one rule (`act`:
 * assign + one batched emit, or `set`: assign only), so an event costs one context update. A wake decides and moves
 * in one transition (guards on `npc.wake`, no transient `deciding` state: each extra step is paid on the hot path).
 * The wake timer is the runtime's, never `after:`. Its context is plain data, so it sleeps and wakes through
 * `plainSnapshots` (half the cost of XState's own walk for actor references).
 */
export const npcMachine = plainSnapshots(setup({
  types: {} as { context: NpcContext; events: Ev; input: ActorInput },
  guards: {
    'told the population': ({ event }: Args) => knowsPopulation(event),
    'decides to chat': when(decides('chat', true)),
    'decides to trade': when(decides('trade', true)),
    'decides to work': when(decides('work', false)),
    'decides to rest': when(decides('rest', false)),
    'decides to patrol': when(decides('patrol', false)),
    'is the answer': ({ event }: Args) => !!event.reply,
    'buys it': when(buys),
    'has world news': ({ event }: Args) => worldNews(event).length > 0,
    'a player': when(isPlayer),
    'a player, while full': when(isPlayerWhileFull),
    'their memories': when(isRecalling),
    'the last talk’s line': when((ctx, ev) => isAsking(ctx, ev) && isLast(ctx)),
    'a talk’s line': when(isAsking),
    'the last talk': when((ctx, ev) => isOpen(ctx, ev) && isLast(ctx)),
    'a talk': when(isOpen),
  },
}).createMachine({
  id: 'npc',
  context: ({ input }) => initialContext(input),
  entry: act(armFirstWake),
  initial: 'idle',
  on: {
    'npc.wake': [
      { guard: 'decides to chat', target: '.chatting', actions: act(chat) },
      { guard: 'decides to trade', target: '.trading', actions: act(trade) },
      { guard: 'decides to work', target: '.working', actions: act(work) },
      { guard: 'decides to rest', target: '.resting', actions: act(rest) },
      { guard: 'decides to patrol', target: '.patrolling', actions: act(patrol) },
      { target: '.idle', actions: act(linger) },
    ],
    npc_interaction: { guard: 'a player', target: '.conversing', actions: act(openTalk) },
    'npc.spawn': { guard: 'told the population', actions: set(toldPopulation) },
    'npc.chat': [{ guard: 'is the answer', actions: set(hearAnswer) }, { actions: act(answerChat) }],
    'npc.trade.offer': [{ guard: 'buys it', actions: act(buy) }, { actions: act(decline) }],
    'npc.trade.accept': { actions: set(sold) },
    'npc.trade.decline': { actions: set(refused) },
    'rumour.seed': { actions: set(seeded) },
    'world.state': { guard: 'has world news', actions: set(heardNews) },
    'npc.danger': { actions: set(warned) },
  },
  states: {
    idle: { description: 'before its first wake, once a chat, trade or conversation is over, or with no one to reach' },
    chatting: { on: { 'npc.chat': { guard: 'is the answer', target: 'idle', actions: set(hearAnswer) } } },
    trading: { on: { 'npc.trade.accept': { target: 'idle', actions: set(sold) }, 'npc.trade.decline': { target: 'idle', actions: set(refused) } } },
    working: {},
    resting: {},
    patrolling: {},
    conversing: {
      description: 'one talk per player, each recalling their memories, then asking the AI layer (conversation.ts)',
      on: {
        'npc.wake': { actions: act(wakeWhileTalking) },
        npc_interaction: [{ guard: 'a player, while full', actions: act(answerAtOnce) }, { guard: 'a player', actions: act(openTalk) }],
        'memory.recalled': { guard: 'their memories', actions: act(askAi) },
        'ai.decision': [{ guard: 'the last talk’s line', target: 'idle', actions: act(sayAiLine) }, { guard: 'a talk’s line', actions: act(sayAiLine) }],
        'ai.error': [{ guard: 'the last talk', target: 'idle', actions: act(sayOwnLine) }, { guard: 'a talk', actions: act(sayOwnLine) }],
        'dialogue.timeout': [{ guard: 'the last talk', target: 'idle', actions: act(sayOwnLine) }, { guard: 'a talk', actions: act(sayOwnLine) }],
      },
    },
  },
}));
