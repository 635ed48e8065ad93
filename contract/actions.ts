import { z } from 'zod';

/**
 * Every game action Midgard can ask of rAthena — declared once. The builders machines use
 * (`machines/kit/actions.ts`), the anti-cheat, storage validation, the gateway's OpenAPI enums, the tables in
 * `bridge-native/README.md`, `docs/bridge-contract.md` and the C++ golden corpus all derive from this table, so
 * adding an action touches this file and forgetting a derivation fails a test.
 *
 * Payload keys are facts of the original bridge's wire where it had them (`spawn_monster`, `spawn_npc`,
 * `give_reward`, `broadcast_message`); the rest are Midgard's, chosen so that each maps to a real rAthena call.
 */

const mapName = z.string().min(1).max(15).regex(/^[a-z0-9_@-]+$/, 'map names are lower-case letters, digits, _ @ -');
const cell = z.number().int().min(0).max(1023);
const positiveId = z.number().int().positive().max(2_147_483_647);
/** rAthena's NPC_NAME_LENGTH is 24; `Shown#unique`: the part after `#` is hidden in game and makes the name unique. */
const npcName = z.string().min(1).max(24).regex(/^[^"\\\n]+$/, 'npc names carry no quotes, backslashes or newlines');

export const ACTION_TYPES = {
  spawn_monster: {
    meaning: 'Spawn `amount` monsters of `monster_id` on `map` around (x, y); (0, 0) lets the server pick free cells.',
    payload: z.strictObject({ map: mapName, x: cell, y: cell, monster_id: positiveId, amount: z.number().int().min(1).max(50) }),
  },
  spawn_npc: {
    meaning: 'Place a copy of the template NPC `script` (one the bridge ships) named `npc_name` at (x, y) on `map`.',
    payload: z.strictObject({
      map: mapName,
      x: cell,
      y: cell,
      npc_name: npcName,
      script: z.string().min(1).max(24),
      sprite: z.number().int().min(-1).max(32_767).optional(),
      dir: z.number().int().min(0).max(7).optional(),
      /** small per-NPC facts the template script reads back (e.g. a caravan's item) */
      data: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,23}$/), z.union([z.number().int(), z.string().max(64)])).optional(),
    }),
  },
  move_npc: {
    meaning: 'Move an NPC Midgard spawned, by the `npc_name` it was spawned with, to (x, y) on its map.',
    payload: z.strictObject({ map: mapName, npc_name: npcName, x: cell, y: cell }),
  },
  remove_npc: {
    meaning: 'Remove an NPC Midgard spawned, by the `npc_name` it was spawned with.',
    payload: z.strictObject({ map: mapName, npc_name: npcName }),
  },
  give_reward: {
    meaning: 'Give one online player (char id) items, zeny and experience for one thing they did (`source_event`).',
    payload: z.strictObject({
      player_id: positiveId,
      item_id: z.number().int().min(0).max(2_147_483_647),
      quantity: z.number().int().min(0).max(30_000),
      zeny: z.number().int().min(0).max(1_000_000_000),
      base_exp: z.number().int().min(0).max(2_000_000_000),
      job_exp: z.number().int().min(0).max(2_000_000_000),
      source: z.string().min(1).max(32),
      source_event: z.string().min(1).max(120),
    }),
  },
  broadcast_message: {
    meaning: 'Say `message` to everyone, to the players on `target_map`, or to `target_player_id` alone.',
    payload: z.strictObject({ message: z.string().min(1).max(255) }),
  },
  create_quest: {
    meaning: 'Post (`open`) or take down (`closed`) a world quest on the quest board NPCs players can read.',
    payload: z.strictObject({
      quest_id: positiveId,
      state: z.enum(['open', 'closed']),
      title: z.string().min(1).max(100).optional(),
      map: mapName.optional(),
      monster_id: positiveId.optional(),
      count: z.number().int().min(1).max(500).optional(),
    }),
  },
  set_map_flag: {
    meaning: 'Turn a real rAthena map flag on or off (`value` true/false), or set a rate flag such as `bexp` (percent).',
    payload: z.strictObject({ map: mapName, flag: z.string().min(1).max(32).regex(/^[a-z0-9_]+$/), value: z.union([z.boolean(), z.number().int().min(0).max(10_000)]) }),
  },
  update_economy: {
    meaning: "Publish the economy's prices: scripts and Midgard's shops read `$aiworld_price[item_id]`.",
    payload: z.strictObject({ prices: z.array(z.strictObject({ item_id: positiveId, price: z.number().int().min(1).max(1_000_000_000) })).min(1).max(200) }),
  },
} as const;

export type ActionType = keyof typeof ACTION_TYPES;
export const actionTypes = Object.keys(ACTION_TYPES) as ActionType[];
export type ActionPayload<T extends ActionType> = z.infer<(typeof ACTION_TYPES)[T]['payload']>;

/** Map flags that take a number instead of on/off (rAthena's `setmapflag <map>, mf_bexp, <rate>`). */
export const RATE_MAP_FLAGS = ['bexp', 'jexp'] as const;

/** The routing part of an action: who or where it is for. */
export const actionTargetSchema = z.strictObject({
  target_map: mapName.optional(),
  target_player_id: positiveId.optional(),
  priority: z.number().int().min(0).max(10).optional(),
});
export type ActionTarget = z.infer<typeof actionTargetSchema>;

/** One action as it leaves Midgard (the outbox row, `/actions/pending`, the stream). */
export const bridgeActionSchema = z.discriminatedUnion(
  'action_type',
  actionTypes.map((type) =>
    actionTargetSchema.extend({ action_id: z.string().min(1).max(200), action_type: z.literal(type), payload: ACTION_TYPES[type].payload }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);
