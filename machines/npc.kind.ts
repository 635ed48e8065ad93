import { defineKind } from './kit/kind.ts';
import { npcMachine } from './npc.ts';

/**
 * The NPCs (`npc:<n>`), created at boot with the population's size (they only reach out to neighbours once
 * they know it). A click routes to the NPC of the click's `npc_id` (the original bridge sends only that).
 * Examples are events an admin may send without a dead letter: a chat that is a reply (a first chat answers its
 * sender) and no trade offer (it always answers its sender).
 */
export const kind = defineKind({
  name: 'npc',
  ids: 'npc',
  logic: npcMachine,
  boot: (population) => ({ type: 'npc.spawn', population }),
  routes: {
    npc_interaction: (e) => {
      const n = Number(e.payload.npc_id);
      return e.payload.npc_id !== undefined && Number.isInteger(n) && n >= 0 && n;
    },
  },
  examples: [
    { type: 'npc.spawn', population: 10_000 },
    { type: 'npc.wake' },
    { type: 'rumour.seed', text: 'an Orc Lord was seen near Geffen' },
    { type: 'npc.chat', rumours: [{ id: 'orc-lord', text: 'an Orc Lord was seen near Geffen', origin: 'npc:0', hops: 1 }], reply: true },
    { type: 'npc.danger', level: 0.8 },
    { type: 'npc_interaction', player_id: 150001, map: 'prontera', payload: {} },
  ],
});
