import { describe, expect, it } from 'vitest';
import { kinds, STARTUP_ACTORS } from './catalogue.ts';
import { SYSTEM } from '../machines/kit/ids.ts';
import { drive } from '../machines/kit/drive.ts';
import { parseActorId } from '../runtime/actorId.ts';

describe('catalogue', () => {
  it('has one kind per behaviour, and every well-known id parses to a kind in it', () => {
    const names = kinds.map((k) => k.kind);
    expect(new Set(names).size).toBe(names.length);
    for (const id of [...Object.values(SYSTEM), ...STARTUP_ACTORS, 'npc:1042', 'karma:150001', 'reputation:150001', 'memory:150001']) {
      const parsed = parseActorId(id);
      expect(parsed, id).not.toBeNull();
      expect(names, id).toContain(parsed!.kind);
    }
  });

  it('every kind starts, takes each of its example events, and survives a snapshot round trip', () => {
    for (const kind of kinds) {
      const id = kind.kind === 'npc' ? 'npc:3' : ['karma', 'reputation', 'memory'].includes(kind.kind) ? `${kind.kind}:150001` : kind.kind === 'faction' ? 'faction:geffen_magi' : `${kind.kind}:main`;
      const a = drive(kind.logic, id);
      expect(kind.exampleEvents?.length, kind.kind).toBeGreaterThan(0);
      for (const e of kind.exampleEvents ?? []) a.send(e, { now: 1000 });
      expect(kind.eventTypes).toEqual(expect.arrayContaining((kind.exampleEvents ?? []).map((e) => e.type)));
      const copy = drive(kind.logic, id, {}, { snapshot: JSON.parse(JSON.stringify(a.actor.getPersistedSnapshot())) });
      expect(copy.context(), kind.kind).toEqual(a.context());
    }
  });
});
