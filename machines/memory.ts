import { fromStore } from '@xstate/store';
import type { AnyActorLogic } from 'xstate';
import type { PlainEvent } from './kit/outputs.ts';
import { HOUR } from './kit/time.ts';

/**
 * The Memory agent: memories with importance (0..1) and recency, and retrieval that ranks them for prompts.
 * The ranking is Generative Agents' recipe reduced to what runs offline: importance × recency decay + tag
 * overlap (no embeddings exist here). NPCs keep their own list with these functions; each player's memories
 * are a pure data actor (`memory:<playerId>`, an @xstate/store, ~14× cheaper than a machine).
 *
 * @example
 * let list = remember([], { text: 'helped me fight orcs', importance: 0.8, tags: ['orc'] }, now);
 * recall(list, now, ['orc'], 3)[0].text;   // 'helped me fight orcs'
 */
export interface MemoryEntry {
  text: string;
  importance: number;
  tags: string[];
  at: number;
}

/** A memory loses half its recency weight every 3 virtual days. */
const HALF_LIFE = 72 * HOUR;
export const MEMORY_CAP = 50;

export function score(entry: MemoryEntry, now: number, tags: readonly string[]): number {
  const recency = Math.pow(0.5, Math.max(0, now - entry.at) / HALF_LIFE);
  const overlap = tags.length ? entry.tags.filter((t) => tags.includes(t)).length / tags.length : 0;
  return entry.importance * 0.5 + recency * 0.3 + overlap * 0.6;
}

/** Adds a memory; past the cap the least valuable one (by importance and age, not by tags) is forgotten. */
export function remember(list: readonly MemoryEntry[], entry: Omit<MemoryEntry, 'at'>, now: number, cap = MEMORY_CAP): MemoryEntry[] {
  const importance = Math.min(1, Math.max(0, entry.importance));
  const next = [...list, { text: entry.text, importance, tags: [...entry.tags], at: now }];
  if (next.length <= cap) return next;
  let worst = 0;
  for (let i = 1; i < next.length; i++) if (score(next[i]!, now, []) < score(next[worst]!, now, [])) worst = i;
  next.splice(worst, 1);
  return next;
}

/** The `k` best memories for a prompt about `tags`, best first (ties: newer first). */
export function recall(list: readonly MemoryEntry[], now: number, tags: readonly string[], k: number): MemoryEntry[] {
  return [...list]
    .map((entry) => ({ entry, s: score(entry, now, tags) }))
    .sort((a, b) => b.s - a.s || b.entry.at - a.entry.at)
    .slice(0, k)
    .map((x) => x.entry);
}

type Meta = { meta?: { now: number } };

/**
 * `memory:<playerId>`: what the world remembers about one player (deeds, whom they helped, what they broke).
 * A data actor, not a statechart: it has no modes — every event is answered the same way whatever came before
 * (remember appends, recall ranks and replies, logins and level-ups fill the profile) — so the dashboard shows its
 * event table, and it stays an @xstate/store (~14× cheaper per event than a machine).
 */
// Cast: fromStore's overloads do not infer payload types for dotted event names; the events are plain JSON anyway.
// The profile is what the world was told about the player (name, class, level: from the click or the login), kept
// here so an NPC the player meets for the first time still knows whom it is talking to.
type PlayerMemory = { entries: MemoryEntry[]; profile?: Record<string, string | number> };
const PROFILE_FIELDS = ['name', 'job', 'level'] as const;
function mergeProfile(ctx: PlayerMemory, told: unknown): PlayerMemory['profile'] {
  const profile = { ...ctx.profile };
  for (const field of PROFILE_FIELDS) {
    const value = (told as Record<string, unknown> | undefined)?.[field];
    if ((typeof value === 'string' && value.trim()) || (typeof value === 'number' && Number.isFinite(value))) profile[field] = value as string | number;
  }
  return Object.keys(profile).length ? profile : undefined;
}

export const playerMemoryStore = fromStore({
  context: (_input: { id: string }) => ({ entries: [] as MemoryEntry[] }) as PlayerMemory,
  emits: { 'midgard.send': (_: { to: string; event: PlainEvent }) => {} },
  on: {
    'memory.remember': (ctx: PlayerMemory, ev: { text: string; importance: number; tags: string[] } & Meta) => ({
      ...ctx,
      entries: remember(ctx.entries, ev, ev.meta?.now ?? 0),
    }),
    'memory.recall': (ctx: PlayerMemory, ev: { tags: string[]; k?: number; replyTo: string; requestId: string; profile?: unknown } & Meta, enqueue: any) => {
      const found = recall(ctx.entries, ev.meta?.now ?? 0, ev.tags, ev.k ?? 5);
      const profile = mergeProfile(ctx, ev.profile);
      enqueue.emit['midgard.send']({ to: ev.replyTo, event: { type: 'memory.recalled', requestId: ev.requestId, memories: found, ...(profile ? { profile } : {}) } });
      return profile ? { ...ctx, profile } : ctx;
    },
    // the bridge's login carries `base_level` and `job`; level-ups carry the new level (bridge-native/README.md)
    player_login: (ctx: PlayerMemory, ev: { payload?: Record<string, unknown> }) => {
      const p = ev.payload ?? {};
      const profile = mergeProfile(ctx, { name: p.player_name ?? p.char_name, job: p.job, level: Number(p.base_level) || undefined });
      return profile ? { ...ctx, profile } : ctx;
    },
    custom: (ctx: PlayerMemory, ev: { payload?: Record<string, unknown> }) => {
      const p = ev.payload ?? {};
      if (p.kind !== 'base_level_up' && p.kind !== 'job_level_up') return ctx;
      const profile = mergeProfile(ctx, { job: p.job, level: Number(p.base_level) || undefined });
      return profile ? { ...ctx, profile } : ctx;
    },
  },
} as never) as AnyActorLogic;
