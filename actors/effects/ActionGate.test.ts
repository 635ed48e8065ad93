import { describe, expect, it } from 'vitest';
import { ActionGate } from './ActionGate.ts';
import { DEFAULT_CAPABILITIES } from '../../contract/capabilities.ts';

const flag = (n: number) => ({ action_id: `a-${n}`, action_type: 'set_map_flag', payload: { map: 'prontera', flag: 'weather', value: true } });

describe('ActionGate', () => {
  it('starts on the default capabilities and takes a valid handshake; a malformed one changes nothing', () => {
    const gate = new ActionGate();
    expect(gate.current).toMatchObject({ source: 'default', receivedAt: null, capabilities: DEFAULT_CAPABILITIES });
    expect(() => gate.handshake({ bridge_version: '1', renewal: 'no' }, 1)).toThrow();
    expect(gate.current.source).toBe('default');
    const caps = { bridge_version: 'midgard-bridge 2.0', renewal: true, maps: [{ name: 'prontera', width: 312, height: 392 }], map_flags: ['snow'], templates: ['midgard_treasure'] };
    expect(gate.handshake(caps, 7)).toEqual({ source: 'handshake', version: 0, receivedAt: 7, capabilities: caps });
    expect(gate.check({ action_id: 'a', action_type: 'broadcast_message', payload: { message: 'hi' }, target_map: 'geffen' } as never, 'x', 8)).toMatchObject({ ok: false, rule: 'map_not_loaded' });
    gate.reset();
    expect(gate.current.source).toBe('default');
  });

  it('adopts a stored handshake only when it is newer than the one in force, and none that no longer parses', () => {
    const gate = new ActionGate();
    const caps = (bridge_version: string) => ({ ...DEFAULT_CAPABILITIES, bridge_version });
    expect(gate.adopt({ version: 2, capabilities: caps('two'), receivedAt: 20 })).toMatchObject({ source: 'handshake', version: 2, receivedAt: 20 });
    gate.adopt({ version: 1, capabilities: caps('one'), receivedAt: 10 }); // heard of late: older, ignored
    expect(gate.current.capabilities.bridge_version).toBe('two');
    expect(() => gate.adopt({ version: 3, capabilities: { bridge_version: 'old shape' } as never, receivedAt: 30 })).toThrow();
    expect(gate.current).toMatchObject({ version: 2, capabilities: { bridge_version: 'two' } });
  });

  it('keeps the latest refusals, bounded, newest first, and counts them all by type and rule', () => {
    const gate = new ActionGate({ keep: 3 });
    for (let n = 0; n < 5; n++) gate.check(flag(n), 'weather:main', n);
    expect(gate.refused().map((r) => r.action_id)).toEqual(['a-4', 'a-3', 'a-2']);
    expect(gate.refused(1)[0]).toMatchObject({ at: 4, actor: 'weather:main', rule: 'unknown_flag', action_type: 'set_map_flag' });
    expect(gate.refusedCounts()).toEqual([{ action_type: 'set_map_flag', rule: 'unknown_flag', count: 5 }]);
  });

  it('refuses the move and removal of an NPC whose spawn it refused, which would only fail in game', () => {
    const gate = new ActionGate();
    // a cell outside the server's real map (as izlude's renewal size misled a machine on a pre-renewal server)
    gate.handshake({ bridge_version: '2', renewal: false, maps: [{ name: 'izlude', width: 268, height: 268 }], map_flags: ['snow'], templates: ['midgard_dynamic'] }, 1);
    const npc = 'Elwin#d20466_13';
    const spawn = { action_id: 's', action_type: 'spawn_npc', payload: { map: 'izlude', x: 159, y: 268, npc_name: npc, script: 'midgard_dynamic' } };
    const move = { action_id: 'm', action_type: 'move_npc', payload: { map: 'izlude', npc_name: npc, x: 100, y: 100 } };
    const remove = { action_id: 'r', action_type: 'remove_npc', payload: { map: 'izlude', npc_name: npc } };
    expect(gate.check(spawn, 'visitor:main', 2)).toMatchObject({ ok: false, rule: 'outside_map' });
    expect(gate.check(move, 'visitor:main', 3)).toMatchObject({ ok: false, rule: 'npc_not_spawned' });
    expect(gate.check(remove, 'visitor:main', 4)).toMatchObject({ ok: false, rule: 'npc_not_spawned' });
    // a later spawn of the same name that the game can run is an NPC like any other
    expect(gate.check({ ...spawn, payload: { ...spawn.payload, y: 100 } }, 'visitor:main', 5)).toEqual({ ok: true });
    expect(gate.check(move, 'visitor:main', 6)).toEqual({ ok: true });
  });

  it('keeps the latest self-test tables the game reported, newest first', () => {
    const gate = new ActionGate();
    for (let n = 0; n < 12; n++) gate.recordSelftest({ timestamp: n, map: 'prt_fild07', rows: [{ check: 'spawn_monster', ok: n % 2 === 0, detail: 'x' }] } as never);
    expect(gate.selftests().map((t) => t.timestamp)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  });
});
