import { describe, expect, it } from 'vitest';
import { CHECK_RULES, DEFAULT_CAPABILITIES, STOCK_SERVER, capabilitiesSchema, checkAction, type Capabilities } from './capabilities.ts';
import { npcTemplates } from './templates.ts';

const action = (action_type: string, payload: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ action_id: 'a-1', action_type, payload, ...extra });
const rule = (a: unknown, caps: Capabilities = DEFAULT_CAPABILITIES) => {
  const r = checkAction(a, caps);
  return r.ok ? 'ok' : r.rule;
};

describe('DEFAULT_CAPABILITIES', () => {
  it('is a valid handshake: the stock maps with sizes, rAthena map flags, every shipped template, pre-renewal', () => {
    expect(capabilitiesSchema.parse(DEFAULT_CAPABILITIES)).toBeTruthy();
    expect(DEFAULT_CAPABILITIES.maps.length).toBe(Object.keys(STOCK_SERVER.maps).length);
    expect(DEFAULT_CAPABILITIES.maps.find((m) => m.name === 'prontera')).toEqual({ name: 'prontera', width: 312, height: 392 });
    expect(DEFAULT_CAPABILITIES.map_flags).toEqual(expect.arrayContaining(['snow', 'fog', 'clouds', 'clouds2', 'sakura', 'leaves', 'fireworks', 'bexp', 'jexp', 'nomobloot']));
    expect(DEFAULT_CAPABILITIES.templates).toEqual(npcTemplates);
    expect(DEFAULT_CAPABILITIES.renewal).toBe(false);
  });
  it('leaves out the maps maps_athena.conf comments out', () => {
    expect(rule(action('spawn_monster', { map: 'moc_fild08', x: 100, y: 100, monster_id: 1002, amount: 1 }))).toBe('map_not_loaded');
  });
});

describe('checkAction', () => {
  it('accepts an action the contract and the server agree on', () => {
    expect(checkAction(action('spawn_monster', { map: 'prontera', x: 150, y: 180, monster_id: 1002, amount: 3 }, { target_map: 'prontera' }), DEFAULT_CAPABILITIES)).toEqual({ ok: true });
  });
  it('refuses what the contract refuses, naming the field', () => {
    const r = checkAction(action('set_map_flag', { map: 'prontera', flag: 'snow', value: 'on' }), DEFAULT_CAPABILITIES);
    expect(r).toMatchObject({ ok: false, rule: 'contract' });
    expect(!r.ok && r.reason).toMatch(/payload\.value/);
    expect(rule(action('teleport_player', {}))).toBe('contract');
    expect(rule(action('broadcast_message', { message: 'hi', extra: 1 }))).toBe('contract');
  });
  it('refuses cells past the edge of the map, but lets the server pick at (0, 0)', () => {
    expect(rule(action('spawn_npc', { map: 'prontera', x: 312, y: 10, npc_name: 'A#1', script: 'midgard_dynamic' }))).toBe('outside_map');
    expect(rule(action('move_npc', { map: 'prontera', x: 10, y: 392, npc_name: 'A#1' }))).toBe('outside_map');
    expect(rule(action('spawn_monster', { map: 'prontera', x: 0, y: 0, monster_id: 1002, amount: 1 }))).toBe('ok');
  });
  it('refuses invented flags, and values of the wrong kind for the flag', () => {
    expect(rule(action('set_map_flag', { map: 'prontera', flag: 'heatwave', value: true }))).toBe('unknown_flag');
    expect(rule(action('set_map_flag', { map: 'prontera', flag: 'bexp', value: true }))).toBe('flag_value');
    expect(rule(action('set_map_flag', { map: 'prontera', flag: 'snow', value: 1 }))).toBe('flag_value');
    expect(rule(action('set_map_flag', { map: 'prontera', flag: 'bexp', value: 75 }))).toBe('ok');
    expect(rule(action('set_map_flag', { map: 'prontera', flag: 'snow', value: false }))).toBe('ok');
  });
  it('refuses templates the server script lacks, and maps a handshake does not list', () => {
    const caps: Capabilities = { ...DEFAULT_CAPABILITIES, templates: ['aiworld_template'], maps: [{ name: 'prontera', width: 312, height: 392 }] };
    expect(rule(action('spawn_npc', { map: 'prontera', x: 10, y: 10, npc_name: 'A#1', script: 'midgard_dynamic' }), caps)).toBe('unknown_template');
    expect(rule(action('broadcast_message', { message: 'hi' }, { target_map: 'geffen' }), caps)).toBe('map_not_loaded');
    expect(rule(action('create_quest', { quest_id: 1, state: 'open', map: 'geffen' }), caps)).toBe('map_not_loaded');
  });
  it('names only rules it declares', () => {
    const results = [action('set_map_flag', { map: 'x', flag: 'y', value: 1 }), action('spawn_npc', {}), {}].map((a) => checkAction(a, DEFAULT_CAPABILITIES));
    for (const r of results) if (!r.ok) expect(CHECK_RULES).toContain(r.rule);
  });
});
