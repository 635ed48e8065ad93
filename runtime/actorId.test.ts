import { describe, expect, it } from 'vitest';
import { parseActorId, shardOf, traceOf, fnv1a } from './actorId.ts';

describe('actor ids', () => {
  it('parses kind:key and refuses anything else', () => {
    expect(parseActorId('npc:1042')).toEqual({ kind: 'npc', key: '1042' });
    expect(parseActorId('faction:prontera_guard')).toEqual({ kind: 'faction', key: 'prontera_guard' });
    expect(parseActorId('npc:a:b')).toEqual({ kind: 'npc', key: 'a:b' });
    for (const bad of ['npc', 'npc:', ':1', 'NPC:1', 'npc:has space', `npc:${'x'.repeat(129)}`, '1npc:2']) expect(parseActorId(bad)).toBeNull();
  });

  it('places an id on the same shard in every process (stable hash), spreading ids evenly', () => {
    expect(fnv1a('npc:1')).toBe(fnv1a('npc:1'));
    expect(fnv1a('')).toBe(0x811c9dc5);
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[shardOf(`npc:${i}`, 8)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it('makes 64-bit traces that differ with any part', () => {
    expect(traceOf('a', 'b', 1)).toMatch(/^[0-9a-f]{16}$/);
    expect(traceOf('a', 'b', 1)).toBe(traceOf('a', 'b', 1));
    expect(traceOf('a', 'b', 1)).not.toBe(traceOf('a', 'b', 2));
    expect(traceOf('ab', 'c')).not.toBe(traceOf('a', 'bc'));
  });
});
