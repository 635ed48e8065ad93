import { z } from 'zod';
import { ACTION_TYPES, RATE_MAP_FLAGS, actionTypes } from './actions.ts';
import { EVENT_TYPES, MAX_EVENTS_PER_BATCH, PRIORITIES, eventTypes } from './events.ts';
import { NPC_TEMPLATES, npcTemplates } from './templates.ts';
import { CHECK_RULES, DEFAULT_CAPABILITIES, STOCK_SERVER, capabilitiesSchema } from './capabilities.ts';

/**
 * The contract in words, generated from the declarations: `docs/bridge-contract.md` and the action table between
 * the `contract:actions` markers of `bridge-native/README.md`. `contract/docs.test.ts` fails when either is stale
 * and rewrites them with `UPDATE_CONTRACT=1`.
 */

type Json = { type?: string | string[]; properties?: Record<string, Json>; required?: string[]; items?: Json; anyOf?: Json[]; enum?: unknown[]; minimum?: number; maximum?: number; exclusiveMinimum?: number; minLength?: number; maxLength?: number; minItems?: number; maxItems?: number; additionalProperties?: Json | boolean };

const SAFE = Number.MAX_SAFE_INTEGER;
function range(lo?: number, hi?: number): string {
  const l = lo !== undefined && lo > -SAFE ? lo : undefined;
  const h = hi !== undefined && hi < SAFE ? hi : undefined;
  return l !== undefined && h !== undefined ? ` ${l}–${h}` : l !== undefined ? ` ≥ ${l}` : h !== undefined ? ` ≤ ${h}` : '';
}

/** One JSON-schema node as a short phrase: `integer 0–1023`, `string ≤ 24`, `'open' | 'closed'`. */
function typeOf(s: Json): string {
  if (s.enum) return s.enum.map((v) => `'${String(v)}'`).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'integer' || s.type === 'number') return `${s.type}${range(s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : s.minimum, s.maximum)}`;
  if (s.type === 'string') return `string${s.maxLength !== undefined ? ` ≤ ${s.maxLength}` : ''}`;
  if (s.type === 'array') return `[${s.items ? typeOf(s.items) : ''}]${s.minItems !== undefined || s.maxItems !== undefined ? ` (${s.minItems ?? 0}–${s.maxItems ?? '…'})` : ''}`;
  if (s.type === 'object' && s.properties) return `{${fields(s)}}`;
  if (s.type === 'object') return `{key: ${typeof s.additionalProperties === 'object' ? typeOf(s.additionalProperties) : 'any'}}`;
  return String(s.type ?? 'any');
}

/** The fields of an object schema: `map: string ≤ 15, x: integer 0–1023, sprite?: …`. */
function fields(s: Json): string {
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {})
    .map(([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${typeOf(v)}`)
    .join(', ');
}
const jsonOf = (schema: z.ZodType): Json => z.toJSONSchema(schema, { unrepresentable: 'any' }) as Json;

/** The table of action types: type, payload fields, meaning. */
export function actionsTable(): string {
  const rows = actionTypes.map((t) => `| \`${t}\` | ${fields(jsonOf(ACTION_TYPES[t].payload))} | ${ACTION_TYPES[t].meaning} |`);
  return ['| action_type | payload (all keys; no others accepted) | meaning |', '|---|---|---|', ...rows].join('\n');
}

function eventsTable(): string {
  const rows = eventTypes.map((t) => {
    const e = EVENT_TYPES[t];
    return `| \`${t}\` | ${e.needsPlayer ? 'yes' : 'no'} | ${fields(jsonOf(e.payload)) || '—'} | ${e.meaning} |`;
  });
  return ['| event_type | player_id | payload (known keys; others pass through) | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

function templatesTable(): string {
  return ['| template (`spawn_npc` `script`) | sprite | what it does |', '|---|---|---|', ...npcTemplates.map((t) => `| \`${t}\` | ${NPC_TEMPLATES[t].sprite} | ${NPC_TEMPLATES[t].meaning} |`)].join('\n');
}

export const README_START = '<!-- contract:actions:start -->';
export const README_END = '<!-- contract:actions:end -->';

/** The block for `bridge-native/README.md` (markers included). */
export function readmeBlock(): string {
  return `${README_START}\n<!-- generated from contract/actions.ts by contract/docs.ts: do not edit by hand -->\n${actionsTable()}\n${README_END}`;
}

/** `readme` with its marked block replaced (or appended at the end when the markers are missing). */
export function withReadmeBlock(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end === -1 || end < start) return `${readme.trimEnd()}\n\n${readmeBlock()}\n`;
  return readme.slice(0, start) + readmeBlock() + readme.slice(end + README_END.length);
}

/** `docs/bridge-contract.md`. */
export function contractDoc(): string {
  const caps = jsonOf(capabilitiesSchema);
  return `<!-- generated from contract/ by contract/docs.ts (UPDATE_CONTRACT=1 npx vitest run contract/docs.test.ts): do not edit by hand -->
# The rAthena bridge contract

Midgard's gateway speaks this contract exactly, so that an existing rAthena bridge built for the original
"AI autonomous world" service can point at Midgard unchanged; Midgard's own bridge (\`bridge-native/\`) speaks it
too, plus the streaming extension and the capabilities handshake. Every table below is generated from
\`contract/\` (events.ts, actions.ts, templates.ts, capabilities.ts), the one declaration the gateway, the
machines, the anti-cheat, storage and the C++ bridge's tests derive from.

## Events: game → Midgard
\`POST /api/v1/events/dispatch\`, \`Content-Type: application/json\`

\`\`\`json
{"events": [
  {"event_type": "player_login", "player_id": 150001, "map": "prontera",
   "timestamp": 1732628400000, "priority": "normal", "payload": {"action": "login"}}
]}
\`\`\`

${eventsTable()}

- \`player_id\` is the character id (char_id). The original bridge **omits it when 0** (server events such as
  \`daily_reset\` and most \`custom\` events) and omits \`map\` when empty. \`timestamp\` is epoch milliseconds.
- \`priority\`: ${PRIORITIES.map((p) => `\`${p}\``).join(' | ')} (default \`normal\`); \`urgent\` events jump the original's
  queue, so they share batches with whatever else is waiting.
- A batch holds up to ${MAX_EVENTS_PER_BATCH} events (the original flushes at 50 events or after 1 s). The original reads only the
  status code: 2xx means delivered; a 4xx is not retried and the whole batch goes to its dead-letter file; a
  connection error, 5xx or empty reply is retried (1 s, 2 s, 4 s), then dead-lettered. Five failures in a row open
  its breaker for 60 s. So a batch with one bad event is answered 2xx for its good events, and the refused ones are
  reported in the body.
- The original sends no event id and no auth header; Midgard makes a retried batch a no-op without merging two
  real identical events (two kills in one millisecond are two kills), and accepts key-less bridges only from a
  configured trusted address list. Midgard's own bridge sends \`X-API-Key\` and an \`event_id\` per event.
  \`npc_interaction\` from the original carries \`npc_id\`; Midgard's template NPCs report their \`npc_name\`.

## Actions: Midgard → game
\`GET /api/v1/actions/pending\` leases actions:

\`\`\`json
{"actions": [
  {"action_id": "a-123", "action_type": "spawn_monster", "target_map": "prontera", "target_player_id": 150001,
   "priority": 1, "payload": {"map": "prontera", "x": 150, "y": 180, "monster_id": 1002, "amount": 3}}
]}
\`\`\`

Every action: \`action_id\` (string ≤ 200) and \`action_type\` required; \`target_map\`, \`target_player_id\` (a
message with one goes to that player only), \`priority\` (0–10) optional; \`payload\` as below. Storage refuses
an action outside this table, so nothing unparseable ever waits in the outbox.

${actionsTable()}

- Map flags are rAthena's own (\`src/map/map.hpp\`, \`mf_\` dropped): on/off flags take \`true\`/\`false\`; the rate
  flags ${RATE_MAP_FLAGS.map((f) => `\`${f}\``).join(', ')} take a percent (100 = normal, 75 = 25% less). Weather is
  \`snow\`, \`fog\`, \`clouds\`, \`clouds2\`, \`sakura\`, \`leaves\`, \`fireworks\`. World concepts rAthena has no flag for
  (a faction's hold on a field, a dungeon's layout, a hazard's name) are Midgard's state, told through messages.
- An action returned by \`/pending\` is not offered again while it is in flight (leased; re-offered only after the
  lease times out): the original bridge does not deduplicate.
- \`POST /api/v1/actions/complete\` \`{"action_id": "a-123", "status": "completed", "message": "spawned 3",
  "timestamp": 1732628401000}\`; \`status\` is \`completed\` or \`failed\`; completing twice is harmless.
- What the original bridge's executor did with each type (observed): \`spawn_monster\`, \`broadcast_message\`,
  \`give_reward\` ran; \`set_map_flag\` read \`value\` as a boolean; \`create_quest\` needed an online player;
  \`update_economy\` read shop fields; \`spawn_npc\`, \`remove_npc\` were not implemented and \`move_npc\` failed its
  own success check. Midgard's bridge (\`bridge-native/\`) runs every type above.

## Template NPCs
\`spawn_npc\` copies a template NPC the bridge's script ships (a script cannot be compiled at run time without
reloading every script). NPC names are \`Shown#unique\` (≤ 24 characters; the part after \`#\` is hidden in game),
and \`move_npc\`/\`remove_npc\` name the NPC exactly as it was spawned.

${templatesTable()}

## Capabilities: what the game server can run
\`PUT /api/v1/bridge/capabilities\` (bridge auth) — the bridge's handshake when it starts; the latest one is in
force, stored in Midgard's database: the world and every gateway node apply it, whichever node the bridge told,
and it outlives a restart. Fields: ${fields(caps)}.

Every action is checked against the capabilities in force before the outbox; one the game cannot run is refused
with a rule and a reason, counted in \`midgard_actions_refused_total{action_type, rule}\` and listed at
\`GET /api/v1/admin/actions/refused\` (and in the dashboard). Rules: ${CHECK_RULES.map((r) => `\`${r}\``).join(', ')}.

Without a handshake (the original bridge) the default set applies: a stock ${DEFAULT_CAPABILITIES.renewal ? 'renewal' : 'pre-renewal'}
server — the ${DEFAULT_CAPABILITIES.maps.length} maps \`conf/maps_athena.conf\` loads, with their sizes, the
${DEFAULT_CAPABILITIES.map_flags.length} map flags of \`src/map/map.hpp\`, and every template above
(\`contract/stock-server.json\`: ${STOCK_SERVER.source}).

## Streaming extension (Midgard's own)
Polling every second adds up to a second of latency. Midgard adds a long-lived stream of actions (server-sent
events or a WebSocket) that its own bridge consumes, with the same action objects, resumable from the last
acknowledged action, falling back to polling when the stream is down.
`;
}
