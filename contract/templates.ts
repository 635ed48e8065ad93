/**
 * The template NPCs Midgard's bridge ships in `bridge-native/rathena/npc/custom/aiworld.txt` — declared once.
 * `spawn_npc` copies one of these (payload `script`); a test checks that the NPC script defines every template
 * and that what each template emits when clicked is a contract event Midgard routes.
 */
export const NPC_TEMPLATES = {
  midgard_treasure: { meaning: 'A treasure chest: a click claims it (npc_interaction by npc_name), Midgard rewards the first claimant and removes it.', sprite: 1324 /* the Treasure Chest monster's sprite (mob 1324), valid as an NPC view */ },
  midgard_digsite: { meaning: 'A dig site: a click digs (npc_interaction by npc_name), Midgard rewards finds and removes the site when exhausted.', sprite: 557 /* 4_SOIL */ },
  midgard_caravan: { meaning: "A travelling merchant: sells its `data.item_id` at the economy's price ($aiworld_price).", sprite: 58 /* 1_M_MERCHANT */ },
  midgard_dynamic: { meaning: 'A visiting NPC with its own voice: a click asks Midgard for dialogue (npc_interaction by npc_name).', sprite: 97 /* 4W_M_01 */ },
  midgard_questboard: { meaning: 'A quest board: lists the world quests Midgard posted with create_quest.', sprite: 857 /* 4_BOARD3 */ },
} as const;

export type NpcTemplate = keyof typeof NPC_TEMPLATES;
export const npcTemplates = Object.keys(NPC_TEMPLATES) as NpcTemplate[];
