/**
 * Actor ids are `kind:key` (`npc:1042`, `faction:prontera_guard`, `system:economy`). The kind picks the
 * machine; the whole id picks the shard, so an actor always lives on the same worker.
 */
const ACTOR_ID = /^([a-z][a-z0-9_-]{0,31}):([A-Za-z0-9_.:-]{1,128})$/;

export function parseActorId(id: string): { kind: string; key: string } | null {
  const m = ACTOR_ID.exec(id);
  return m ? { kind: m[1]!, key: m[2]! } : null;
}

export function kindOf(id: string): string {
  return id.slice(0, id.indexOf(':'));
}

/** 32-bit FNV-1a: stable across processes and Node versions, so shard placement survives restarts. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** An actor's random seed (its input `seed`): FNV-1a over its id, mixed with the world seed. */
export function seedFor(worldSeed: number, actorId: string): number {
  return fnv1a(actorId, 0x811c9dc5 ^ (worldSeed >>> 0));
}

export function shardOf(id: string, shards: number): number {
  return fnv1a(id) % shards;
}

/** A short causal hash (two independent 32-bit halves ⇒ 64 bits): cheap enough for every message. */
export function traceOf(...parts: (string | number)[]): string {
  const text = parts.join('\u0001');
  return fnv1a(text).toString(16).padStart(8, '0') + fnv1a(text, 0x9e3779b9).toString(16).padStart(8, '0');
}
