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

/**
 * A short causal hash (two independent 32-bit halves ⇒ 64 bits): cheap enough for every message. FNV-1a of the
 * parts joined by U+0001, both halves in one pass without building the joined string.
 */
export function traceOf(...parts: (string | number)[]): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) {
      a = Math.imul(a ^ 1, 0x01000193);
      b = Math.imul(b ^ 1, 0x01000193);
    }
    const text = String(parts[p]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193);
    }
  }
  return hex8(a) + hex8(b);
}

const hex8 = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
