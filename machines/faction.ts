import { createMachine, emit } from 'xstate';
import { run, update } from './kit/run.ts';
import type { ActorInput } from './kit/input.ts';
import { message, timer, type Delivered, type Output } from './kit/outputs.ts';
import { announce } from './kit/actions.ts';
import { isLoadedMap } from './kit/stockMaps.ts';
import { randomInt } from './kit/random.ts';
import { FACTIONS, FACTION_HOME, SYSTEM, VILLAGE_SIZE, factionName, npcId } from './kit/ids.ts';
import { placeName } from '../facts/places.ts';
import { facts } from '../facts/index.ts';

/**
 * The Faction agent (`faction:<name>`): a power that grows when players fight on its lands (with diminishing
 * returns: 10 × log10(1 + kills) a day) and when agents support it, and relaxes 30% of the way back to 100
 * each day, so a busy faction leads without every faction pinning at the cap. At 23:00 it reports to the world and sends its news to its own
 * village elders, who gossip it onward; at CLAIM_AT power it claims one of its fields, falling under LOSE_BELOW
 * it loses its claims. Who holds a field is Midgard's own state (rAthena has no such flag): it lives here and is
 * told to the players on the field (`broadcast_message` to the map) and to the world.
 *
 * Modes, changed only by the daily report: `landless` (holds no field) and `holding` (holds one or more); a
 * report at CLAIM_AT power claims one more field while any is left, one under LOSE_BELOW gives them all up. Kills
 * and support move power in either mode.
 *
 * @example
 * runtime.send('faction:geffen_magi', { type: 'faction.support', delta: 5 });
 */
export interface FactionContext {
  name: string;
  rng: number;
  power: number;
  killsToday: number;
  lastReported: number;
  claims: string[];
  reports: number;
}

export const CLAIM_AT = 150;
export const LOSE_BELOW = 80;

const territories = new Map<string, readonly string[]>();
/** A faction's fields: the loaded non-town maps of its home region (kept once per region: every kill asks). */
export const territoryOf = (faction: string): readonly string[] => {
  const home = FACTION_HOME[faction as keyof typeof FACTION_HOME] ?? 'prontera';
  let land = territories.get(home);
  if (!land) {
    land = facts.maps.filter((m) => m.region === home && m.kind !== 'town' && isLoadedMap(m.name)).map((m) => m.name);
    territories.set(home, land);
  }
  return land;
};

/** The first three villages of this faction (villages are assigned round-robin) — always the lowest ids. */
export const heraldsOf = (faction: string): string[] => {
  const i = Math.max(0, FACTIONS.indexOf(faction as never));
  return [i, i + FACTIONS.length, i + 2 * FACTIONS.length].map((v) => npcId(v * VILLAGE_SIZE));
};

type Ev = Delivered & Record<string, any>;

/** The day's new power: 30% back toward 100, the day's kills (diminishing), a little drift. */
function reportedPower(ctx: FactionContext): [power: number, rng: number] {
  const [drift, rng] = randomInt(ctx.rng, -5, 5);
  const raw = 100 + (ctx.power - 100) * 0.7 + 10 * Math.log10(1 + ctx.killsToday) + drift;
  return [Math.max(0, Math.min(300, Math.round(raw * 10) / 10)), rng];
}

// Guards on what the report is about to find (the same pure computation the report makes).
const willClaim = ({ context }: { context: FactionContext }) => reportedPower(context)[0] >= CLAIM_AT && context.claims.length < territoryOf(context.name).length;
const willLose = ({ context }: { context: FactionContext }) => reportedPower(context)[0] < LOSE_BELOW;

/** The report itself: the world and the elders hear the news; `claim`/`lose` add what changes on the land. */
function report(ctx: FactionContext, ev: Ev, land: 'claim' | 'lose' | 'hold'): { ctx: FactionContext; out: Output[] } {
  const [power, rng] = reportedPower(ctx);
  const change = power - ctx.lastReported;
  const pretty = factionName(ctx.name);
  const news = change > 3 ? `the ${pretty} grow stronger` : change < -3 ? `the ${pretty} are weakening` : `the ${pretty} hold steady`;
  const out: Output[] = [
    message(SYSTEM.world, { type: 'faction.power', faction: ctx.name, power }),
    ...heraldsOf(ctx.name).map((to) => message(to, { type: 'rumour.seed', id: `faction-${ctx.name}-${ev.meta.tick}`, text: news })),
  ];
  const next = { ...ctx, rng, power, killsToday: 0, lastReported: power, reports: ctx.reports + 1 };
  if (land === 'claim') {
    const territory = territoryOf(ctx.name);
    const [i, r] = randomInt(rng, 0, territory.length - 1);
    const map = territory.filter((m) => !ctx.claims.includes(m))[i % (territory.length - ctx.claims.length)]!;
    out.push(announce(`These lands now answer to the ${pretty}.`, { target_map: map }), announce(`The ${pretty} claim ${placeName(map)}.`));
    return { ctx: { ...next, rng: r, claims: [...ctx.claims, map] }, out };
  }
  if (land === 'lose') {
    out.push(...ctx.claims.map((m) => announce(`The ${pretty} no longer hold these lands.`, { target_map: m })), announce(`The ${pretty} lose their hold on their lands.`));
    return { ctx: { ...next, claims: [] }, out };
  }
  return { ctx: next, out };
}

export const factionMachine = createMachine({
  id: 'faction',
  types: {} as { context: FactionContext; events: Ev; input: ActorInput },
  context: ({ input }) => ({ name: input.key, rng: input.seed, power: 100, killsToday: 0, lastReported: 100, claims: [], reports: 0 }),
  // on creation only: a restored actor keeps its timer in the runtime
  entry: emit(() => timer({ id: 'report', daily: '23:00', event: { type: 'faction.report' } }) as never),
  on: {
    monster_kill: {
      guard: ({ context, event }) => territoryOf(context.name).includes(String(event.map)),
      actions: update((ctx: FactionContext) => ({ ...ctx, killsToday: ctx.killsToday + 1 })),
    },
    'faction.support': { actions: update((ctx: FactionContext, ev) => ({ ...ctx, power: Math.max(0, Math.min(300, ctx.power + (Number(ev.delta) || 0))) })) },
  },
  initial: 'landless',
  states: {
    landless: {
      on: {
        'faction.report': [
          { guard: willClaim, target: 'holding', actions: run((ctx: FactionContext, ev) => report(ctx, ev, 'claim')) },
          { actions: run((ctx: FactionContext, ev) => report(ctx, ev, 'hold')) },
        ],
      },
    },
    holding: {
      on: {
        'faction.report': [
          { guard: willClaim, actions: run((ctx: FactionContext, ev) => report(ctx, ev, 'claim')) },
          { guard: willLose, target: 'landless', actions: run((ctx: FactionContext, ev) => report(ctx, ev, 'lose')) },
          { actions: run((ctx: FactionContext, ev) => report(ctx, ev, 'hold')) },
        ],
      },
    },
  },
});
