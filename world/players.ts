import type { BridgeAction, GameEvent } from '../persistence/types.ts';
import { nextRandom, pick, randomInt, seedFor } from '../machines/kit/random.ts';
import { HOUR, MINUTE } from '../machines/kit/time.ts';
import { TRACKED_ITEMS } from '../machines/economy.ts';
import { fields, monsterById, monstersForMap, towns } from '../facts/index.ts';

/**
 * A synthetic player population for `midgard sim`: players log in more in the evening, hunt on fields of
 * their level, loot, trade and talk to NPCs, and react to what Midgard does — they open chests, dig at sites,
 * finish quests, hunt bosses and crowd maps where something happens. Deterministic for a seed: the generator
 * keeps one PRNG state and is only ever driven in a fixed order.
 *
 * @example
 * const players = new PlayerPopulation({ players: 500, npcs: 10_000, seed: 42 });
 * const events = players.eventsFor(t, t + 15 * MINUTE);   // contract GameEvents
 * players.observe(action, now);                            // Midgard's actions feed back
 */
export interface PopulationOptions {
  players: number;
  npcs: number;
  seed: number;
}

interface Player {
  id: number;
  home: string;
  online: boolean;
}

interface Scheduled {
  at: number;
  event: GameEvent;
}

/** Share of players online by hour of day: quiet at dawn, busiest around 20:00. */
export function onlineShare(hour: number): number {
  return 0.08 + 0.32 * Math.max(0, Math.cos(((hour - 20) / 24) * 2 * Math.PI));
}

export class PlayerPopulation {
  private rng: number;
  private readonly players: Player[];
  private scheduled: Scheduled[] = [];
  private attractions: { map: string; until: number }[] = [];
  generated = 0;

  constructor(private readonly options: PopulationOptions) {
    this.rng = seedFor(options.seed, 'players');
    this.players = Array.from({ length: options.players }, (_, i) => {
      const [home] = pick(seedFor(options.seed, `player:${i}`), fields);
      return { id: 150001 + i, home: home.name, online: false };
    });
  }

  private roll(): number {
    const [r, next] = nextRandom(this.rng);
    this.rng = next;
    return r;
  }

  private int(min: number, max: number): number {
    const [v, next] = randomInt(this.rng, min, max);
    this.rng = next;
    return v;
  }

  private choose<T>(items: readonly T[]): T {
    const [v, next] = pick(this.rng, items);
    this.rng = next;
    return v;
  }

  private event(event_type: string, player: number, at: number, map: string | undefined, payload: Record<string, unknown>): GameEvent {
    const e: GameEvent = { event_type, player_id: player, timestamp: at, priority: 'normal', payload };
    if (map) e.map = map;
    return e;
  }

  /** Every game event in [from, to), in time order (ties: generation order). */
  eventsFor(from: number, to: number): GameEvent[] {
    const out: GameEvent[] = [];
    const share = onlineShare(new Date(from).getUTCHours());
    this.attractions = this.attractions.filter((a) => a.until > from);
    const span = to - from;
    for (const p of this.players) {
      const online = this.roll() < share;
      const at = from + Math.floor(this.roll() * span);
      if (online && !p.online) out.push(this.event('player_login', p.id, at, p.home, { action: 'login' }));
      if (!online && p.online) out.push(this.event('player_logout', p.id, at, p.home, { action: 'logout' }));
      p.online = online;
      if (!online) continue;
      const map = this.attractions.length && this.roll() < 0.35 ? this.choose(this.attractions).map : p.home;
      const kills = this.int(0, 3);
      for (let k = 0; k < kills; k++) {
        const monsters = monstersForMap(map);
        if (monsters.length) out.push(this.event('monster_kill', p.id, at + k, map, { monster_id: this.choose(monsters).id }));
      }
      const r = this.roll();
      if (r < 0.2) out.push(this.event('item_drop', p.id, at, map, { item_id: this.choose(TRACKED_ITEMS), quantity: 1 }));
      else if (r < 0.28) out.push(this.event('npc_interaction', p.id, at, this.choose(towns).name, { npc_id: this.int(0, Math.max(0, this.options.npcs - 1)) }));
      else if (r < 0.32) out.push(this.event('trade_complete', p.id, at, map, { item_id: this.choose(TRACKED_ITEMS), quantity: this.int(1, 5) }));
      else if (r < 0.35) out.push(this.event('map_change', p.id, at, map, { from_map: p.home, to_map: map }));
      else if (r < 0.3508) out.push(this.event('custom', p.id, at, map, { kind: 'player_kill' }));
    }
    const due = this.scheduled.filter((s) => s.at < to);
    this.scheduled = this.scheduled.filter((s) => s.at >= to);
    for (const s of due) out.push(s.event);
    this.generated += out.length;
    return out.sort((a, b) => a.timestamp - b.timestamp);
  }

  private later(at: number, event_type: string, map: string | undefined, payload: Record<string, unknown>): void {
    if (this.players.length === 0) return; // an empty population (`midgard sim --npcs 0`) notices nothing
    this.scheduled.push({ at, event: this.event(event_type, this.choose(this.players).id, at, map, payload) });
  }

  private attract(map: string, until: number): void {
    this.attractions.push({ map, until });
  }

  /** Players notice what Midgard did and some of them act on it. */
  observe(action: Pick<BridgeAction, 'action_type' | 'payload'>, now: number): void {
    const p = action.payload ?? {};
    const map = typeof p.map === 'string' ? p.map : undefined;
    switch (action.action_type) {
      case 'spawn_npc': {
        const name = String(p.npc_name ?? '');
        if (name.startsWith('Treasure Chest#') && this.roll() < 0.6) {
          this.later(now + this.int(30, 12 * 60) * MINUTE, 'npc_interaction', map, { npc_name: name });
        } else if (name.startsWith('Dig Site#')) {
          const diggers = this.int(0, 3);
          for (let i = 0; i < diggers; i++) this.later(now + this.int(1, 40) * HOUR, 'npc_interaction', map, { npc_name: name });
        }
        return;
      }
      case 'spawn_monster': {
        if (!map) return;
        const monster = monsterById(Number(p.monster_id));
        if (monster?.mvp) {
          if (this.roll() < 0.6) this.later(now + this.int(10, 180) * MINUTE, 'mvp_kill', map, { mvp_id: monster.id });
        } else this.attract(map, now + 12 * HOUR);
        return;
      }
      case 'create_quest': {
        if (p.state !== 'open') return;
        if (map) this.attract(map, now + 24 * HOUR);
        const finishers = p.kind === 'guild_task' ? 0 : this.int(0, 4);
        for (let i = 0; i < finishers; i++) this.later(now + this.int(2, 60) * HOUR, 'quest_complete', map, { quest_id: p.quest_id });
        return;
      }
      case 'set_map_flag':
        if (map && p.flag === 'plague' && p.value === 1) this.attract(map, now + 12 * HOUR);
        return;
    }
  }
}
