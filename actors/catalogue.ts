import type { ActorKind } from '../runtime/ActorKind.ts';
import { npcMachine } from '../machines/npc.ts';
import { worldMachine } from '../machines/world.ts';
import { economyMachine, TRACKED_ITEMS } from '../machines/economy.ts';
import { pipelineMachine } from '../machines/pipeline.ts';
import { questMachine } from '../machines/quest.ts';
import { problemMachine } from '../machines/problem.ts';
import { dungeonMachine } from '../machines/dungeon.ts';
import { hazardMachine } from '../machines/hazard.ts';
import { treasureMachine } from '../machines/treasure.ts';
import { archaeologyMachine } from '../machines/archaeology.ts';
import { visitorMachine } from '../machines/visitor.ts';
import { socialMachine } from '../machines/social.ts';
import { worldEventMachine } from '../machines/worldevent.ts';
import { bossMachine } from '../machines/boss.ts';
import { weatherMachine } from '../machines/weather.ts';
import { caravanMachine } from '../machines/caravan.ts';
import { chainMachine } from '../machines/chain.ts';
import { arcMachine } from '../machines/arc.ts';
import { factionMachine } from '../machines/faction.ts';
import { karmaMachine } from '../machines/karma.ts';
import { reputationStore } from '../machines/reputation.ts';
import { playerMemoryStore } from '../machines/memory.ts';
import { FACTIONS } from '../machines/kit/ids.ts';

/**
 * The world's actor kinds. Each behaviour is its own kind, so admin forms, pausing by kind and topics are per
 * behaviour; singletons use the key `main` (see machines/kit/ids.ts). Workers import this module by URL.
 *
 * @example
 * const runtime = await Runtime.create({ catalogue: new URL('../actors/catalogue.ts', import.meta.url) });
 * runtime.send('npc:1042', { type: 'rumour.seed', text: 'the Orc Lord walks again' });
 */
const pipelineRun = (slot: string) => ({ type: 'pipeline.run', slot, day: 0 });

export const kinds: ActorKind[] = [
  {
    kind: 'npc',
    logic: npcMachine,
    eventTypes: ['npc.spawn', 'npc.wake', 'rumour.seed', 'npc.chat', 'npc.trade.offer', 'npc.danger', 'npc_interaction'],
    exampleEvents: [
      { type: 'npc.spawn', population: 10_000 },
      { type: 'npc.wake' },
      { type: 'rumour.seed', text: 'an Orc Lord was seen near Geffen' },
      { type: 'npc.chat', rumours: [], reply: false },
      { type: 'npc.trade.offer', item_id: 909, price: 10 },
      { type: 'npc.danger', level: 0.8 },
      { type: 'npc_interaction', player_id: 150001, map: 'prontera', payload: {} },
    ],
  },
  {
    kind: 'world',
    logic: worldMachine,
    eventTypes: ['world.digest.tick', 'world.note', 'world.query', 'world.watch'],
    exampleEvents: [{ type: 'world.digest.tick' }, { type: 'world.note', text: 'a comet crossed the sky' }, { type: 'world.query', replyTo: 'npc:0', requestId: 'q1' }, { type: 'world.watch', map: 'prt_fild08', until: 0 }],
  },
  {
    kind: 'economy',
    logic: economyMachine,
    eventTypes: ['market.trade', 'market.kills', 'economy.rebalance', 'economy.shock', 'economy.supply'],
    exampleEvents: [
      { type: 'market.trade', item_id: TRACKED_ITEMS[0], price: 10, quantity: 5 },
      { type: 'market.kills', count: 100 },
      { type: 'economy.rebalance' },
      { type: 'economy.shock', item_id: TRACKED_ITEMS[0], quantity: 100 },
      { type: 'economy.supply', item_id: TRACKED_ITEMS[0], quantity: 100 },
    ],
  },
  { kind: 'pipeline', logic: pipelineMachine, eventTypes: ['pipeline.fire'], exampleEvents: [{ type: 'pipeline.fire', slot: 'problem' }] },
  { kind: 'quest', logic: questMachine, eventTypes: ['quest_complete', 'quest.expire'], exampleEvents: [{ type: 'quest_complete', player_id: 150001, payload: { quest_id: 70001 } }, { type: 'quest.expire', quest_id: 70001 }] },
  { kind: 'problem', logic: problemMachine, eventTypes: ['pipeline.run'], exampleEvents: [pipelineRun('problem')] },
  { kind: 'dungeon', logic: dungeonMachine, eventTypes: ['pipeline.run'], exampleEvents: [pipelineRun('dungeon')] },
  { kind: 'hazard', logic: hazardMachine, eventTypes: ['pipeline.run'], exampleEvents: [pipelineRun('hazard')] },
  { kind: 'treasure', logic: treasureMachine, eventTypes: ['pipeline.run', 'treasure.claim'], exampleEvents: [pipelineRun('treasure'), { type: 'treasure.claim', chest: 't0_0', player_id: 150001 }] },
  { kind: 'archaeology', logic: archaeologyMachine, eventTypes: ['pipeline.run', 'archaeology.dig'], exampleEvents: [pipelineRun('archaeology'), { type: 'archaeology.dig', site: 'a0_0', player_id: 150001 }] },
  { kind: 'visitor', logic: visitorMachine, eventTypes: ['pipeline.run', 'visitor.wander', 'visitor.leave'], exampleEvents: [pipelineRun('visitor'), { type: 'visitor.wander' }, { type: 'visitor.leave' }] },
  { kind: 'social', logic: socialMachine, eventTypes: ['pipeline.run'], exampleEvents: [pipelineRun('social')] },
  { kind: 'worldevent', logic: worldEventMachine, eventTypes: ['worldevent.trigger', 'worldevent.end'], exampleEvents: [{ type: 'worldevent.trigger', event: 'festival' }, { type: 'worldevent.end' }] },
  { kind: 'boss', logic: bossMachine, eventTypes: ['boss.rise', 'mvp_kill'], exampleEvents: [{ type: 'boss.rise' }, { type: 'mvp_kill', player_id: 150001, map: 'gef_dun01', payload: { mvp_id: 1039 } }] },
  { kind: 'weather', logic: weatherMachine, eventTypes: ['weather.shift'], exampleEvents: [{ type: 'weather.shift' }] },
  { kind: 'caravan', logic: caravanMachine, eventTypes: ['market.spike'], exampleEvents: [{ type: 'market.spike', item_id: TRACKED_ITEMS[0], price: 100, base: 10 }] },
  { kind: 'chain', logic: chainMachine, eventTypes: ['chain.trigger'], exampleEvents: [{ type: 'chain.trigger', cause: 'boss_slain', map: 'gef_dun01' }] },
  { kind: 'arc', logic: arcMachine, eventTypes: ['arc.begin', 'arc.chapter'], exampleEvents: [{ type: 'arc.begin' }, { type: 'arc.chapter' }] },
  { kind: 'faction', logic: factionMachine, eventTypes: ['faction.support', 'faction.report'], exampleEvents: [{ type: 'faction.support', delta: 10 }, { type: 'faction.report' }] },
  { kind: 'karma', logic: karmaMachine, eventTypes: ['karma.deed'], exampleEvents: [{ type: 'karma.deed', delta: 5, reason: 'helped a traveller' }] },
  { kind: 'reputation', logic: reputationStore, eventTypes: ['reputation.change'], exampleEvents: [{ type: 'reputation.change', faction: FACTIONS[0], delta: 25 }] },
  { kind: 'memory', logic: playerMemoryStore, eventTypes: ['memory.remember', 'memory.recall'], exampleEvents: [{ type: 'memory.remember', text: 'saved a merchant', importance: 0.7, tags: ['hero'] }, { type: 'memory.recall', tags: ['hero'], k: 3, replyTo: 'npc:0', requestId: 'r1' }] },
];

/** Singletons that must exist from the start (their entry actions arm the daily timers). */
export const STARTUP_ACTORS = [
  'world:main', 'economy:main', 'pipeline:main', 'weather:main', 'worldevent:main', 'boss:main', 'arc:main',
  ...FACTIONS.map((f) => `faction:${f}`),
];
