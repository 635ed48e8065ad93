import { dialogueFacts } from '../../machines/dialogue.ts';
import { FACTION_HOME, FACTIONS, factionOfVillage, villageOf } from '../../machines/kit/ids.ts';
import { nameFrom, personalityFrom, type Personality } from '../../machines/kit/personality.ts';
import { nextRandom, pick, randomInt, seedFor } from '../../machines/kit/random.ts';
import { recall, remember, type MemoryEntry } from '../../machines/memory.ts';
import type { AiDecision, AiRequest, JsonValue } from '../types.ts';

/**
 * A synthetic AI workload shaped like the Midgard world (`midgard sim` does not exist yet to record a real
 * one): NPCs built with the world's own personality, name, memory and dialogue-facts functions, players
 * talking to them (more in the evening, popular NPCs far more than others), NPC wake-up decisions every 3–5
 * virtual hours, and a daily quest and story per village. Answers feed back into NPC state (mood, goods,
 * memories), so contexts evolve the way they would in the world. Deterministic for a seed.
 *
 * @example
 * const world = new WorldWorkload({ npcs: 1000, players: 500, seed: 42 });
 * for (const second of world.seconds(7 * 86_400)) { … second.requests … world.apply(request, decision) }
 */

export interface WorkloadOptions {
  npcs?: number;
  players?: number;
  seed?: number;
  /** player conversations per virtual hour at the quietest time; the evening peak is 2.5× */
  dialoguesPerHour?: number;
}

interface Npc {
  id: string;
  n: number;
  name: string;
  personality: Personality;
  map: string;
  mood: number;
  goods: number;
  danger: number;
  hp: number;
  memories: MemoryEntry[];
  nextWake: number;
}

export interface WorkloadSecond {
  /** virtual epoch ms */
  now: number;
  requests: AiRequest[];
}

const DAY_S = 86_400;
const WEATHER = ['clear', 'clear', 'rain', 'fog', 'storm'] as const;
const RUMOURS = [
  'an Orc Lord was seen near Geffen', 'the Kafra prices will rise', 'a Baphomet stirs under the Glast Heim',
  'pirates raid the Alberta docks', 'the king is ill', 'a merchant sold a cursed ring', 'Porings swarm the wheat fields',
  'an assassin guild recruits in Morroc',
];
export const DECISION_OPTIONS = ['chat', 'trade', 'work', 'rest', 'patrol'];

export class WorldWorkload {
  readonly npcs: Npc[] = [];
  private rng: number;
  private readonly players: number;
  private readonly dialoguesPerHour: number;
  private readonly start = Date.UTC(2026, 0, 1);
  private seq = 0;
  private readonly byRequest = new Map<string, { npc: Npc; playerId?: number }>();

  constructor(options: WorkloadOptions = {}) {
    const seed = options.seed ?? 42;
    this.rng = seedFor(seed, 'workload');
    this.players = options.players ?? 500;
    this.dialoguesPerHour = options.dialoguesPerHour ?? 150;
    for (let n = 0; n < (options.npcs ?? 1000); n++) {
      const [personality, r1] = personalityFrom(seedFor(seed, `npc:${n}`));
      const [name] = nameFrom(r1);
      const [firstWake] = randomInt(r1, 1, 240);
      this.npcs.push({
        id: `npc:${n}`, n, name, personality, map: FACTION_HOME[factionOfVillage(villageOf(n))],
        mood: 0.5, goods: 2, danger: 0, hp: 1, memories: [], nextWake: firstWake * 60,
      });
    }
  }

  /** The requests of each virtual second that has any, in order. */
  *seconds(durationS: number): Generator<WorkloadSecond> {
    for (let minute = 0; minute * 60 < durationS; minute++) {
      const t0 = minute * 60;
      const bySecond = new Map<number, AiRequest[]>();
      const at = (s: number, r: AiRequest) => (bySecond.get(s) ?? bySecond.set(s, []).get(s)!).push(r);
      // NPC timers fire on whole minutes (the world schedules wakes in minutes)
      for (const npc of this.npcs) if (npc.nextWake === t0) at(t0, this.wakeDecision(npc, t0));
      for (const r of this.dialogues(t0)) at(r[0], r[1]);
      if (t0 % DAY_S === 6 * 3600) for (const r of this.dailyPipeline(t0)) at(t0, r);
      for (const s of [...bySecond.keys()].sort((a, b) => a - b)) yield { now: this.start + s * 1000, requests: bySecond.get(s)! };
    }
  }

  /** Feed an answer back into the NPC that asked, as the world's machines would. */
  apply(request: AiRequest, decision: AiDecision, now: number): void {
    const origin = this.byRequest.get(request.requestId);
    this.byRequest.delete(request.requestId);
    if (!origin) return;
    const { npc, playerId } = origin;
    if (playerId !== undefined) {
      npc.memories = remember(npc.memories, { text: `talked with player ${playerId}`, importance: 0.4, tags: [`player:${playerId}`] }, now, 12);
      npc.mood = Math.min(1, npc.mood + 0.05);
      return;
    }
    switch (decision.choice) {
      case 'rest': npc.mood = Math.min(1, npc.mood + 0.1); npc.hp = Math.min(1, npc.hp + 0.3); break;
      case 'work': npc.goods = Math.min(10, npc.goods + 1); npc.mood = Math.max(0, npc.mood - 0.05); break;
      case 'trade': npc.goods = Math.max(0, npc.goods - 1); break;
      case 'patrol': npc.danger = Math.max(0, npc.danger - 0.2); break;
      case 'chat': npc.mood = Math.min(1, npc.mood + 0.05); break;
    }
  }

  private wakeDecision(npc: Npc, t: number): AiRequest {
    const hour = Math.floor((t % DAY_S) / 3600);
    // raids: each village has a dangerous stretch of a few hours on some days
    const raid = this.roll() < 0.03;
    if (raid) {
      npc.danger = Math.min(1, npc.danger + 0.6);
      npc.hp = Math.max(0.05, npc.hp - this.roll() * 0.9);
    }
    let gap: number;
    [gap, this.rng] = randomInt(this.rng, 180, 300);
    npc.nextWake = t + gap * 60;
    const request: AiRequest = {
      requestId: `${npc.id}/wake/${this.seq++}`, actorId: npc.id, purpose: 'decision', complexity: 'low',
      facts: {
        archetype: npc.personality.archetype,
        mood: bucket(npc.mood, ['gloomy', 'calm', 'cheerful']),
        danger: bucket(npc.danger, ['none', 'some', 'high']),
        goods: npc.goods === 0 ? 'none' : npc.goods < 5 ? 'some' : 'plenty',
        hpRatio: Math.round(npc.hp * 10) / 10,
        timeOfDay: hour < 6 ? 'night' : hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening',
        weather: this.weather(npc.map, t),
      },
      options: DECISION_OPTIONS,
    };
    this.byRequest.set(request.requestId, { npc });
    return request;
  }

  private *dialogues(t0: number): Generator<[number, AiRequest]> {
    const hour = Math.floor((t0 % DAY_S) / 3600);
    const rate = this.dialoguesPerHour * (hour >= 18 && hour < 23 ? 2.5 : hour < 6 ? 0.4 : 1) / 60;
    let remaining = rate;
    while (remaining > 0) {
      if (this.roll() >= Math.min(1, remaining)) break;
      remaining -= 1;
      const npc = this.npcs[this.zipf(this.npcs.length)]!;
      const playerId = 150_000 + this.zipf(this.players);
      const [second] = randomInt(this.rng, 0, 59);
      this.rng = nextRandom(this.rng)[1];
      const rumour = this.rumourOf(npc, t0);
      const memories = recall(npc.memories, (t0 + second) * 1000, [`player:${playerId}`], 3);
      const facts: Record<string, JsonValue> =
        dialogueFacts({ ...npc, rumours: rumour ? [{ text: rumour }] : [] }, { playerId }, memories.filter((m) => m.tags.includes(`player:${playerId}`)), [], (t0 + second) * 1000) as Record<string, JsonValue>;
      const request: AiRequest = { requestId: `${npc.id}/talk/${this.seq++}`, actorId: npc.id, purpose: 'dialogue', complexity: 'low', facts };
      this.byRequest.set(request.requestId, { npc, playerId });
      yield [t0 + second, request];
    }
  }

  private dailyPipeline(t: number): AiRequest[] {
    return FACTIONS.flatMap((faction): AiRequest[] => {
      const map = FACTION_HOME[faction];
      const [monster] = pick(this.rng, ['Poring', 'Orc Warrior', 'Hornet', 'Wolf', 'Skeleton']);
      this.rng = nextRandom(this.rng)[1];
      const day = Math.floor(t / DAY_S);
      return [
        { requestId: `quest/${faction}/${day}`, actorId: `faction:${faction}`, purpose: 'quest', facts: { map, monster, faction, weather: this.weather(map, t) } },
        { requestId: `story/${faction}/${day}`, actorId: `faction:${faction}`, purpose: 'story', facts: { map, rumour: RUMOURS[day % RUMOURS.length]!, faction } },
      ];
    });
  }

  /** Rumours change daily per village; NPCs know the village's current one (gossip spreads within a day). */
  private rumourOf(npc: Npc, t: number): string | undefined {
    const day = Math.floor(t / DAY_S);
    const village = villageOf(npc.n);
    return (day + village) % 3 === 0 ? undefined : RUMOURS[(day * 3 + village) % RUMOURS.length];
  }

  private weather(map: string, t: number): string {
    const block = Math.floor(t / (6 * 3600));
    return WEATHER[seedFor(block, map) % WEATHER.length]!;
  }

  private roll(): number {
    const [r, next] = nextRandom(this.rng);
    this.rng = next;
    return r;
  }

  /** Zipf-like index (s ≈ 1): a few popular NPCs and regular players account for most conversations. */
  private zipf(n: number): number {
    const r = this.roll();
    return Math.min(n - 1, Math.floor(Math.exp(r * Math.log(n + 1)) - 1));
  }
}

function bucket(value: number, names: [string, string, string]): string {
  return value < 0.35 ? names[0] : value > 0.7 ? names[2] : names[1];
}
