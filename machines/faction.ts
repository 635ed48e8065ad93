import { reducerLogic, step } from './kit/reducer.ts';
import { message, timer, type Output } from './kit/outputs.ts';
import { announce } from './kit/actions.ts';
import { isLoadedMap } from './kit/stockMaps.ts';
import { randomInt } from './kit/random.ts';
import { FACTIONS, FACTION_HOME, SYSTEM, VILLAGE_SIZE, npcId } from './kit/ids.ts';
import { facts } from '../facts/index.ts';

/**
 * The Faction agent (`faction:<name>`): a power that grows when players fight on its lands (with diminishing
 * returns: 10 × log10(1 + kills) a day) and when agents support it, and relaxes 30% of the way back to 100
 * each day, so a busy faction leads without every faction pinning at the cap. At 23:00 it reports to the world and sends its news to its own
 * village elders, who gossip it onward; at CLAIM_AT power it claims one of its fields, falling under LOSE_BELOW
 * it loses its claims. Who holds a field is Midgard's own state (rAthena has no such flag): it lives here and is
 * told to the players on the field (`broadcast_message` to the map) and to the world.
 *
 * @example
 * runtime.send('faction:geffen_magi', { type: 'faction.support', delta: 5 });
 */
export interface FactionContext extends Record<string, unknown> {
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

export const territoryOf = (faction: string): string[] => {
  const home = FACTION_HOME[faction as keyof typeof FACTION_HOME] ?? 'prontera';
  return facts.maps.filter((m) => m.region === home && m.kind !== 'town' && isLoadedMap(m.name)).map((m) => m.name);
};

/** The first three villages of this faction (villages are assigned round-robin) — always the lowest ids. */
export const heraldsOf = (faction: string): string[] => {
  const i = Math.max(0, FACTIONS.indexOf(faction as never));
  return [i, i + FACTIONS.length, i + 2 * FACTIONS.length].map((v) => npcId(v * VILLAGE_SIZE));
};

export const factionMachine = reducerLogic<FactionContext>({
  id: 'faction',
  context: (input) => ({ name: input.key, rng: input.seed, power: 100, killsToday: 0, lastReported: 100, claims: [], reports: 0 }),
  start: (ctx) => step(ctx, [timer({ id: 'report', daily: '23:00', event: { type: 'faction.report' } })]),
  on: {
    monster_kill: (ctx, ev) => (territoryOf(ctx.name).includes(String(ev.map)) ? step({ ...ctx, killsToday: ctx.killsToday + 1 }) : undefined),
    'faction.support': (ctx, ev) => step({ ...ctx, power: Math.max(0, Math.min(300, ctx.power + (Number(ev.delta) || 0))) }),
    'faction.report': (ctx, ev) => {
      const [drift, rng] = randomInt(ctx.rng, -5, 5);
      const raw = 100 + (ctx.power - 100) * 0.7 + 10 * Math.log10(1 + ctx.killsToday) + drift;
      const power = Math.max(0, Math.min(300, Math.round(raw * 10) / 10));
      const change = power - ctx.lastReported;
      const pretty = ctx.name.replace('_', ' ');
      const news = change > 3 ? `the ${pretty} grow stronger` : change < -3 ? `the ${pretty} are weakening` : `the ${pretty} hold steady`;
      const out: Output[] = [
        message(SYSTEM.world, { type: 'faction.power', faction: ctx.name, power }),
        ...heraldsOf(ctx.name).map((to) => message(to, { type: 'rumour.seed', id: `faction-${ctx.name}-${ev.meta.tick}`, text: news })),
      ];
      let claims = ctx.claims;
      const territory = territoryOf(ctx.name);
      if (power >= CLAIM_AT && claims.length < territory.length) {
        const [i, r] = randomInt(rng, 0, territory.length - 1);
        const map = territory.filter((m) => !claims.includes(m))[i % (territory.length - claims.length)]!;
        claims = [...claims, map];
        out.push(announce(`These lands now answer to the ${pretty}.`, { target_map: map }), announce(`The ${pretty} claim ${map}.`));
        return step({ ...ctx, rng: r, power, killsToday: 0, lastReported: power, claims, reports: ctx.reports + 1 }, out);
      }
      if (power < LOSE_BELOW && claims.length) {
        out.push(...claims.map((m) => announce(`The ${pretty} no longer hold these lands.`, { target_map: m })), announce(`The ${pretty} lose their hold on their lands.`));
        claims = [];
      }
      return step({ ...ctx, rng, power, killsToday: 0, lastReported: power, claims, reports: ctx.reports + 1 }, out);
    },
  },
});
