import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from './MemoryAuditLog.ts';

describe('MemoryAuditLog', () => {
  it('records entries with ids and clock timestamps and lists them newest first', async () => {
    let now = Date.UTC(2026, 0, 1);
    const audit = new MemoryAuditLog(() => now);
    await audit.record({ admin_user: 'gm', action_type: 'pause', action_data: { actor: 'npc:1' }, ip_address: '10.0.0.1' });
    now += 1000;
    await audit.record({ admin_user: 'gm', action_type: 'resume', action_data: null, ip_address: '::1' });
    const given = new Date('2025-06-01T00:00:00Z');
    await audit.record({ admin_user: 'ops', action_type: 'erase_player', action_data: { player_id: 7 }, ip_address: null, timestamp: given });
    const recent = await audit.recent(2);
    expect(recent.map((e) => [e.id, e.action_type])).toEqual([[3, 'erase_player'], [2, 'resume']]);
    expect(recent[0]!.timestamp.toISOString()).toBe(given.toISOString());
    expect(recent[1]!.timestamp.getTime()).toBe(Date.UTC(2026, 0, 1) + 1000);
    expect((await audit.recent(10)).at(-1)).toMatchObject({ id: 1, action_data: { actor: 'npc:1' }, ip_address: '10.0.0.1' });
  });

  it('is append-only from the outside: mutating inputs or results changes nothing stored', async () => {
    const audit = new MemoryAuditLog();
    const data = { actor: 'npc:1' };
    await audit.record({ admin_user: 'gm', action_type: 'pause', action_data: data, ip_address: null });
    data.actor = 'tampered';
    (await audit.recent(1))[0]!.action_data = 'tampered';
    expect((await audit.recent(1))[0]!.action_data).toEqual({ actor: 'npc:1' });
  });

  it('refuses entries without a user or action, or with a bad address, and stores nothing', async () => {
    const audit = new MemoryAuditLog();
    await expect(audit.record({ admin_user: '', action_type: 'x', action_data: 1, ip_address: null })).rejects.toThrow(/admin_user/);
    await expect(audit.record({ admin_user: 'a', action_type: '', action_data: 1, ip_address: null })).rejects.toThrow(/action_type/);
    await expect(audit.record({ admin_user: 'a', action_type: 'x', action_data: 1, ip_address: 'localhost' })).rejects.toThrow(/ip_address/);
    await expect(audit.record({ admin_user: 'a', action_type: 'x', action_data: 1, ip_address: '300.1.1.1' })).rejects.toThrow(/ip_address/);
    await expect(audit.recent(0)).rejects.toThrow(/limit/);
    expect(await audit.recent(10)).toEqual([]);
  });
});
