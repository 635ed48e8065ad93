import { message, timer, cancelTimer, type Delivered, type Output } from './kit/outputs.ts';
import { aiDecide, announce } from './kit/actions.ts';
import { memoryId } from './kit/ids.ts';
import { placeName } from '../facts/places.ts';
import { recall, remember, type MemoryEntry } from './memory.ts';
import { dialogueFacts, offlineLine, spokenBy, type PlayerFacts } from './dialogue.ts';
import type { NpcContext } from './npc.ts';

/**
 * A player talking to an NPC, as rules for the NPC's `player` region. Each click opens its own talk (`talks`, oldest
 * first), so several players are answered at once and none is dropped because the NPC is busy. A talk first
 * recalls what the world remembers of the player (their `memory:<id>` actor), then asks the AI layer with the NPC's
 * persona, the player and the moment in words; the NPC says its own offline line if the AI layer answers with a
 * fallback, fails, or misses {@link DIALOGUE_DEADLINE}. A talk's stage is kept per talk, in context, because
 * several talks in different stages run at once; the region's state says whether any is open.
 *
 * @example
 * npc.send({ type: 'npc_interaction', player_id: 150001 });      // → memory.recall + timer talk:npc:7/0
 * npc.send({ type: 'memory.recalled', requestId: 'npc:7/0', memories: [] }); // → ai.decide + deadline
 */
export interface Talk {
  requestId: string;
  stage: 'recalling' | 'asking';
  player: PlayerFacts;
  /** what the player's memory actor told of their deeds (once recalled) */
  deeds?: string[];
}

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

type Ev = Delivered & Record<string, any>;
/** the fields a rule sets (XState's assign merges them) and its outputs */
type Change = { ctx: Partial<NpcContext>; out: Output[] };
type Rule = (ctx: NpcContext, ev: Ev) => Change;

/** The player id of a click, or undefined when the click names none. */
const playerOf = (ev: Ev): number | undefined => {
  const id = Number(ev.player_id);
  return Number.isInteger(id) && id > 0 ? id : undefined;
};
const talkOf = (ctx: NpcContext, ev: Ev): Talk | undefined => ctx.talks.find((t) => t.requestId === String(ev.requestId));

// Guards: plain functions of context and event.
export const isPlayer = (ctx: NpcContext, ev: Ev) => playerOf(ev) !== undefined;
export const isPlayerWhileFull = (ctx: NpcContext, ev: Ev) => isPlayer(ctx, ev) && ctx.talks.length >= MAX_TALKS;
export const isRecalling = (ctx: NpcContext, ev: Ev) => talkOf(ctx, ev)?.stage === 'recalling';
export const isAsking = (ctx: NpcContext, ev: Ev) => talkOf(ctx, ev)?.stage === 'asking';
export const isOpen = (ctx: NpcContext, ev: Ev) => talkOf(ctx, ev) !== undefined;
/** the answer closes the only talk open: the NPC is alone again */
export const isLast = (ctx: NpcContext) => ctx.talks.length === 1;

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

/** The facts of one conversation: who speaks, to whom, where and when, in words. */
function factsOf(ctx: NpcContext, talk: Talk, deeds: readonly string[], now: number) {
  const tag = `player:${talk.player.playerId}`;
  const own = recall(ctx.memories, now, [tag], 3).filter((m) => m.tags.includes(tag));
  const { name, personality, map } = ctx.who;
  const speaker = { name, personality, map, mood: ctx.mood, danger: ctx.danger, goods: ctx.goods, zeny: ctx.zeny, rumours: ctx.rumours, lastActivity: ctx.lastActivity };
  return dialogueFacts(speaker, talk.player, own, deeds, now);
}

/** Say a line to the player of `talk` (the AI's, or the offline one when `text` is undefined) and close that talk. */
function reply(ctx: NpcContext, now: number, talk: Talk, text: string | undefined): Change {
  let rng = ctx.rng;
  let line = text;
  if (!line) [line, rng] = offlineLine(factsOf(ctx, talk, talk.deeds ?? [], now), rng);
  const { name: npc, map, faction } = ctx.who;
  const said = spokenBy(npc, line);
  const { playerId, name } = talk.player;
  const memories = remember(ctx.memories, { text: `spoke with ${name ?? 'a traveller'}`, importance: 0.4, tags: [`player:${playerId}`] }, now, 12);
  return {
    ctx: { rng, memories, said, tally: { ...ctx.tally, conversations: ctx.tally.conversations + 1 }, mood: Math.min(1, ctx.mood + 0.05), talks: ctx.talks.filter((t) => t !== talk) },
    out: [
      cancelTimer(`talk:${talk.requestId}`),
      announce(said, { target_player_id: playerId, target_map: map }),
      message(memoryId(playerId), { type: 'memory.remember', text: `spoke with ${npc} in ${placeName(map)}`, importance: 0.3, tags: ['npc', faction] }),
    ],
  };
}

/** A click: a new talk that first asks the player's memory actor what the world remembers of them. */
export const openTalk: Rule = (ctx, ev) => {
  const playerId = playerOf(ev)!;
  const requestId = `${ctx.who.id}/${ctx.talkSeq}`;
  const talk: Talk = { requestId, stage: 'recalling', player: playerFrom(ev, playerId) };
  return {
    ctx: { talkSeq: ctx.talkSeq + 1, talks: [...ctx.talks, talk] },
    out: [
      message(memoryId(playerId), { type: 'memory.recall', tags: ['quest', ctx.who.faction, 'npc'], k: 3, replyTo: ctx.who.id, requestId, profile: talk.player }),
      timer({ id: `talk:${requestId}`, delay: RECALL_TIMEOUT, event: { type: 'dialogue.timeout', requestId } }),
    ],
  };
};

/** A click past {@link MAX_TALKS}: answered now, offline, rather than queued behind the others. */
export const answerAtOnce: Rule = (ctx, ev) => {
  const talk: Talk = { requestId: `${ctx.who.id}/${ctx.talkSeq}`, stage: 'recalling', player: playerFrom(ev, playerOf(ev)!) };
  const said = reply({ ...ctx, talks: [...ctx.talks, talk] }, ev.meta.now, talk, undefined);
  return { ctx: { ...said.ctx, talkSeq: ctx.talkSeq + 1 }, out: said.out };
};

/** The player's memories arrived: ask the AI layer for a line, with a deadline. */
export const askAi: Rule = (ctx, ev) => {
  const talk = talkOf(ctx, ev)!;
  const known = (ev.profile ?? {}) as Partial<PlayerFacts>;
  const deeds = ((ev.memories as MemoryEntry[]) ?? []).map((m) => m.text).filter((t) => !t.startsWith('spoke with'));
  const asking: Talk = { ...talk, stage: 'asking', player: { ...known, ...talk.player }, deeds };
  return {
    ctx: { talks: ctx.talks.map((t) => (t === talk ? asking : t)) },
    out: [
      aiDecide({ requestId: talk.requestId, purpose: 'dialogue', actorId: ctx.who.id, facts: factsOf(ctx, asking, deeds, ev.meta.now), complexity: 'low' }),
      timer({ id: `talk:${talk.requestId}`, delay: DIALOGUE_DEADLINE, event: { type: 'dialogue.timeout', requestId: talk.requestId } }),
    ],
  };
};

/** The AI layer's line; a fallback (the router's template) is replaced by the NPC's own offline voice. */
export const sayAiLine: Rule = (ctx, ev) => reply(ctx, ev.meta.now, talkOf(ctx, ev)!, ev.fallback ? undefined : (ev.text as string | undefined));

/** No line from the AI layer (an error, or the deadline passed): the NPC's offline line. */
export const sayOwnLine: Rule = (ctx, ev) => reply(ctx, ev.meta.now, talkOf(ctx, ev)!, undefined);
