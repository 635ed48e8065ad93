import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RATE_MAP_FLAGS, bridgeActionSchema } from './actions.ts';
import { npcTemplates } from './templates.ts';

/**
 * What one game server can run — the bridge's handshake (`PUT /api/v1/bridge/capabilities`) — and the check of
 * an action against it. An action the contract accepts can still be one this server cannot run (a map it does not
 * load, a cell past the map's edge, a flag its rAthena does not know, a template its script lacks); `checkAction`
 * says which, so Midgard refuses it before the outbox instead of sending it to fail.
 *
 * @example
 * checkAction({ action_id: 'a-1', action_type: 'set_map_flag', payload: { map: 'prontera', flag: 'heatwave', value: true } }, DEFAULT_CAPABILITIES);
 * // → { ok: false, rule: 'unknown_flag', reason: "map flag 'heatwave' is not one this server knows" }
 */

const mapName = z.string().min(1).max(15);
const size = z.number().int().min(1).max(1024);

/** The handshake, as the bridge sends it (the wire form). */
export const capabilitiesSchema = z.strictObject({
  bridge_version: z.string().min(1).max(64),
  renewal: z.boolean(),
  maps: z.array(z.strictObject({ name: mapName, width: size, height: size })).min(1).max(5000),
  map_flags: z.array(z.string().min(1).max(40)).min(1).max(500),
  templates: z.array(z.string().min(1).max(24)).max(200),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

const StockServer = z.object({ source: z.string(), maps: z.record(z.string(), z.tuple([size, size])), mapFlags: z.array(z.string()) });
/**
 * A stock rAthena server (upstream efbdb674, see `contract/stock-server.json`): the maps `conf/maps_athena.conf`
 * loads with their sizes from the map cache, and every map flag `src/map/map.hpp` defines.
 */
export const STOCK_SERVER = Object.freeze(StockServer.parse(JSON.parse(readFileSync(new URL('./stock-server.json', import.meta.url), 'utf8'))));

/**
 * For a bridge that sends no handshake (the original bridge): a stock pre-renewal server running Midgard's
 * shipped NPC script (every template of `contract/templates.ts`).
 */
export const DEFAULT_CAPABILITIES: Capabilities = Object.freeze({
  bridge_version: 'none (default capabilities)',
  renewal: false,
  maps: Object.entries(STOCK_SERVER.maps).map(([name, [width, height]]) => ({ name, width, height })),
  map_flags: [...STOCK_SERVER.mapFlags],
  templates: [...npcTemplates],
});

/** The rule names a refusal carries (metric label, admin list): one per thing the game could not run. */
export const CHECK_RULES = ['contract', 'map_not_loaded', 'outside_map', 'unknown_flag', 'flag_value', 'unknown_template', 'npc_not_spawned'] as const;
export type CheckRule = (typeof CHECK_RULES)[number];
export type CheckResult = { ok: true } | { ok: false; rule: CheckRule; reason: string };

interface Lookup {
  maps: Map<string, { width: number; height: number }>;
  flags: Set<string>;
  templates: Set<string>;
}
// built once per capability set (a handshake replaces the object, so a stale lookup is never reused)
const lookups = new WeakMap<Capabilities, Lookup>();
function lookupOf(caps: Capabilities): Lookup {
  let l = lookups.get(caps);
  if (!l) {
    l = { maps: new Map(caps.maps.map((m) => [m.name, m])), flags: new Set(caps.map_flags), templates: new Set(caps.templates) };
    lookups.set(caps, l);
  }
  return l;
}

const ok: CheckResult = { ok: true };
const refuse = (rule: CheckRule, reason: string): CheckResult => ({ ok: false, rule, reason });
const RATE = new Set<string>(RATE_MAP_FLAGS);

/** The contract's schema, then what this server can run. Pure: the same action and capabilities, the same answer. */
export function checkAction(action: unknown, caps: Capabilities): CheckResult {
  const parsed = bridgeActionSchema.safeParse(action);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse('contract', `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const a = parsed.data as { action_type: string; target_map?: string; payload: Record<string, unknown> };
  const { maps, flags, templates } = lookupOf(caps);
  if (a.target_map !== undefined && !maps.has(a.target_map)) return refuse('map_not_loaded', `target_map '${a.target_map}' is not loaded by this server`);
  const p = a.payload;
  if (typeof p.map === 'string') {
    const m = maps.get(p.map);
    if (!m) return refuse('map_not_loaded', `map '${p.map}' is not loaded by this server`);
    if (typeof p.x === 'number' && typeof p.y === 'number') {
      // spawn_monster at (0, 0) lets the server pick free cells
      const serverPicks = a.action_type === 'spawn_monster' && p.x === 0 && p.y === 0;
      if (!serverPicks && (p.x >= m.width || p.y >= m.height)) return refuse('outside_map', `(${p.x}, ${p.y}) is outside ${p.map} (${m.width}×${m.height})`);
    }
  }
  if (a.action_type === 'set_map_flag') {
    const flag = String(p.flag);
    if (!flags.has(flag)) return refuse('unknown_flag', `map flag '${flag}' is not one this server knows`);
    if (RATE.has(flag) !== (typeof p.value === 'number')) {
      return refuse('flag_value', RATE.has(flag) ? `'${flag}' is a rate flag: its value is a number (percent)` : `'${flag}' is on/off: its value is true or false`);
    }
  }
  if (a.action_type === 'spawn_npc' && !templates.has(String(p.script))) return refuse('unknown_template', `template NPC '${String(p.script)}' is not defined by this server's script`);
  return ok;
}
