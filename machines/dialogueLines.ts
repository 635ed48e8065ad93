import { nextRandom, pick } from './kit/random.ts';

/**
 * The offline voice of an NPC: a spoken line composed from the dialogue facts (persona, archetype, place, time of
 * day, weather, rumours, memories of the player, the player's deeds and class, the NPC's trade and purse) by a
 * seeded generator. A line is an opening (by time of day and whether they have met), a way of addressing the
 * player (name, class or a word fitting the archetype), one or two topics picked by weight from what the NPC
 * actually knows (news first for the talkative, trade for the greedy, danger for guards…), and sometimes a
 * closing in the archetype's voice. Pure: the same facts and seed give the same line, so replays stay exact.
 *
 * @example
 * composeLine({ npc: 'Sten', archetype: 'guard', place: 'Prontera', timeOfDay: 'evening', rumours: ['orcs march'] }, 7);
 * // 'Evening, traveller. Word at the gate is that orcs march. Keep your blade sheathed inside the walls.'
 */

type Facts = Record<string, unknown>;
type Topic = (f: Facts, r: number) => [string | null, number];

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x.trim()) : []);
const fill = (t: string, slots: Record<string, string>) => t.replace(/\{(\w+)\}/g, (_, k: string) => slots[k] ?? '');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const stop = (s: string) => (/[.!?…]$/.test(s) ? s : `${s}.`);

const OPENINGS: Record<string, string[]> = {
  dawn: ['Up before the sun, {who}?', 'Early, {who}. The mist has not lifted yet.', 'Dawn already, {who}?', 'You are about early, {who}.'],
  morning: ['Good morning, {who}.', 'Morning, {who}!', 'A fine morning to you, {who}.', 'Ah, {who}. Morning.'],
  midday: ['Good day, {who}.', 'Noon already, {who}?', 'Hot one today, {who}.', 'Well met at midday, {who}.'],
  afternoon: ['Good afternoon, {who}.', 'Afternoon, {who}.', 'Ah, {who}, come out of the sun.', 'Still on your feet this afternoon, {who}?'],
  evening: ['Good evening, {who}.', 'Evening, {who}.', 'The lamps are lit, {who}.', 'Long day, {who}?'],
  night: ['Late to be wandering, {who}.', 'You keep night hours, {who}.', 'Quiet, {who}, folk are sleeping.', 'Still awake, {who}?'],
};
const AGAIN = ['Back again, {who}?', 'You again, {who}. Good.', 'There you are, {who}.', 'I hoped you would come by, {who}.', '{who}! Twice in a row, people will talk.'];

const ADDRESS: Record<string, string[]> = {
  merchant: ['friend', 'my good customer', 'traveller'], guard: ['citizen', 'traveller', 'adventurer'],
  scholar: ['young seeker', 'traveller', 'my friend'], gossip: ['dear', 'love', 'friend'],
  farmer: ['stranger', 'friend', 'traveller'], priest: ['child', 'pilgrim', 'traveller'],
  adventurer: ['comrade', 'friend', 'fellow wanderer'], hermit: ['stranger', 'you', 'wanderer'],
};

const CLOSINGS: Record<string, string[]> = {
  merchant: ['Prices are fair, for you.', 'Gold talks, friend.', 'Come back when your purse is heavier.', 'I never forget a good customer.'],
  guard: ['Keep your blade sheathed inside the walls.', 'Report anything strange to the captain.', 'Stay out of trouble.', 'Move along now, safely.'],
  scholar: ['Knowledge is the only treasure that lasts.', 'Write it down, or it is lost.', 'The old tablets have more to say, I am sure of it.', 'Curious, is it not?'],
  gossip: ['But you did not hear it from me!', 'Oh, I could talk all day.', 'Tell me if you hear more, promise?', 'Mark my words.'],
  farmer: ['The harvest will not bring itself in.', 'Mind the Porings in the wheat.', 'Rain or shine, the work waits.', 'Good soil, this.'],
  priest: ['May Odin watch over you.', 'Rest here a while.', 'Go in peace.', 'Light a candle before you leave.'],
  adventurer: ['Need a party? I might join.', 'See you out there.', 'Keep your potions close.', 'Fortune favours the bold.'],
  hermit: ['Now leave me be.', 'Hm.', 'That is all.', 'Go on, then.'],
};

const FLAVOUR: Record<string, string[]> = {
  merchant: ['My stall has {stock} today.', 'Business in {place} has been {trade}.', 'A sharp eye and an honest scale, that is my trade.'],
  guard: ['All quiet on my watch in {place}.', 'I have walked these walls since before you were born.', 'The captain wants every gate watched tonight.'],
  scholar: ['I have been reading about the old kingdoms again.', 'The libraries of {place} hold less than they claim.', 'Have you seen the old tablets near the ruins?'],
  gossip: ['Oh, you will not believe what happened in {place}!', 'Sit, sit, I have news.', 'Nobody tells me anything, and yet I know everything.'],
  farmer: ['The wheat is coming in well this year.', 'The soil around {place} is tired.', 'Hard work, the fields, but honest.'],
  priest: ['The chapel of {place} is open to all who need it.', 'I prayed for the travellers this {time}.', 'Odin\u2019s blessing on the road you walk.'],
  adventurer: ['I was in a dungeon just yesterday!', 'My sword arm is itching for a fight.', 'I have seen half the world and {place} is still home.'],
  hermit: ['...', 'Too many people in {place} these days.', 'I came here for quiet.'],
};

const RUMOUR = ['They say {rumour}.', 'Word is that {rumour}.', 'Have you heard? {Rumour}.', 'Folk keep saying {rumour}.', 'I heard at the inn that {rumour}.', 'Between us, {rumour}.'];
const DEED = ['I heard {deed}. Was that you?', 'So you are the one who {deed}!', 'People talk about you: {deed}.', 'Not everyone {deed}. Well done.'];
const MEMORY = ['We last spoke {when}, did we not?', 'I remember you. We spoke {when}.', 'Since we spoke {when}, I have been thinking.', 'You were here {when}, I recall.'];
const MET_OFTEN = ['You are becoming a regular.', 'You keep coming back to old {npc}.', 'People will think we are friends.'];
const JOB = ['A {job}, are you? {jobLine}', 'Not many {job}s pass through {place}.', 'Level {level} already. You have been busy.', 'You carry yourself like a true {job}.'];
const JOB_LINE = ['Useful folk, in a pinch.', 'I knew one once.', 'The road suits you.', 'We could use more like you.'];
const DANGER: Record<string, string[]> = {
  dangerous: ['Something is wrong out there; the guards look worried.', 'Do not go out past {place} alone, not now.', 'Monsters walk closer than they should these days.'],
  uneasy: ['The roads feel uneasy lately.', 'I keep hearing noises past the gate at night.', 'Be careful beyond {place}.'],
  peaceful: ['Peaceful, these days. Too peaceful, maybe.', 'Not a monster in sight all day.', 'A calm {time} in {place}.'],
};
const WEATHER: Record<string, string[]> = {
  rain: ['Stay dry out there.', 'This rain will not let up.'], storm: ['Best wait out the storm here.', 'Hear that thunder?'],
  snow: ['Cold enough to freeze a Poring.', 'Snow again, can you believe it?'], clear: ['Lovely weather for an adventure.', 'Not a cloud in the sky.'],
  fog: ['Watch your step in this fog.', 'I can barely see the gate in this fog.'],
};
const MOOD: Record<string, string[]> = {
  gloomy: ['Forgive me, I am not myself today.', 'It has been a hard week.', 'Nothing goes right lately.'],
  cheerful: ['What a day!', 'I am in fine spirits.', 'Things are looking up, I tell you.'],
  calm: ['', '', ''],
};
const PURSE: Record<string, string[]> = {
  poor: ['Coin is short this week.', 'I could do with a few zeny myself.'],
  rich: ['Trade has been kind to me.', 'My purse has never been heavier.'],
  comfortable: ['I get by.', 'Enough to eat, enough to trade.'],
};
const ACTIVITY = ['I {activity} this morning.', 'Just {activity}, as it happens.', 'Busy day: I {activity}.'];

const TOPICS: Record<string, Topic> = {
  rumour: (f, r) => {
    const rumours = list(f.rumours ?? (f.rumour ? [f.rumour] : []));
    if (!rumours.length) return [null, r];
    const [text, r1] = pick(r, rumours);
    const [t, r2] = pick(r1, RUMOUR);
    return [fill(t, { rumour: text, Rumour: cap(text) }), r2];
  },
  deed: (f, r) => {
    const deeds = list(f.playerDeeds);
    if (!deeds.length) return [null, r];
    const [deed, r1] = pick(r, deeds);
    const [t, r2] = pick(r1, DEED);
    return [fill(t, { deed: deed.replace(/^completed/, 'finished').replace(/^you /, '') }), r2];
  },
  memory: (f, r) => {
    const memories = list(f.memories);
    const when = memories.find((m) => m.startsWith('we last spoke '))?.slice('we last spoke '.length);
    if (!when) return [null, r];
    if (memories.some((m) => /spoken \d+ times/.test(m))) {
      const [t, r1] = nextRandom(r);
      if (t < 0.4) { const [line, r2] = pick(r1, MET_OFTEN); return [fill(line, { npc: str(f.npc) ?? 'me' }), r2]; }
      r = r1;
    }
    const [t, r1] = pick(r, MEMORY);
    return [fill(t, { when }), r1];
  },
  job: (f, r) => {
    const player = (f.player ?? {}) as Record<string, unknown>;
    const job = str(player.job);
    const level = typeof player.level === 'number' ? String(player.level) : null;
    if (!job && !level) return [null, r];
    const usable = JOB.filter((t) => (!t.includes('{job}') || job) && (!t.includes('{level}') || level));
    const [t, r1] = pick(r, usable);
    const [jobLine, r2] = pick(r1, JOB_LINE);
    return [fill(t, { job: job ?? 'traveller', level: level ?? '', place: str(f.place) ?? 'here', jobLine }), r2];
  },
  danger: (f, r) => {
    const lines = DANGER[str(f.danger) ?? 'peaceful'] ?? DANGER.peaceful!;
    const [t, r1] = pick(r, lines);
    return [fill(t, { place: str(f.place) ?? 'town', time: str(f.timeOfDay) ?? 'day' }), r1];
  },
  weather: (f, r) => {
    const lines = WEATHER[str(f.weather)?.toLowerCase() ?? ''];
    return lines ? pick(r, lines) : [null, r];
  },
  mood: (f, r) => {
    const [t, r1] = pick(r, MOOD[str(f.mood) ?? 'calm'] ?? ['']);
    return [t || null, r1];
  },
  purse: (f, r) => {
    const lines = PURSE[str(f.purse) ?? ''];
    return lines ? pick(r, lines) : [null, r];
  },
  activity: (f, r) => {
    const activity = str(f.lastActivity);
    if (!activity) return [null, r];
    const [t, r1] = pick(r, ACTIVITY);
    return [fill(t, { activity }), r1];
  },
  flavour: (f, r) => {
    const [t, r1] = pick(r, FLAVOUR[str(f.archetype) ?? ''] ?? FLAVOUR.farmer!);
    const stock = str(f.stock) === 'plenty' ? 'plenty on it' : str(f.stock) === 'none' ? 'nothing left on it' : 'a few good things';
    const trade = str(f.purse) === 'poor' ? 'slow' : str(f.purse) === 'rich' ? 'brisk' : 'steady';
    return [fill(t, { place: str(f.place) ?? 'town', stock, trade, time: str(f.timeOfDay) ?? 'day' }), r1];
  },
};

/** How much each archetype likes to talk about each topic (1 = neutral). */
const TASTE: Record<string, Partial<Record<keyof typeof TOPICS, number>>> = {
  merchant: { purse: 2, flavour: 2, rumour: 1 }, guard: { danger: 3, deed: 2, rumour: 0.7 },
  scholar: { flavour: 2, rumour: 1.5, job: 1.5 }, gossip: { rumour: 4, deed: 2, memory: 1.5 },
  farmer: { weather: 2, flavour: 1.5, mood: 1.5 }, priest: { mood: 1.5, deed: 1.5, flavour: 1.5 },
  adventurer: { job: 2.5, deed: 2, danger: 1.5 }, hermit: { flavour: 1, rumour: 0.2 },
};

function chooseTopic(f: Facts, r: number, skip: Set<string>): [string | null, number] {
  const taste = TASTE[str(f.archetype) ?? ''] ?? {};
  const candidates: [string, string, number][] = [];
  for (const [name, topic] of Object.entries(TOPICS)) {
    if (skip.has(name)) continue;
    const [line, next] = topic(f, r);
    if (line) candidates.push([name, line, (taste[name as keyof typeof TOPICS] ?? 1) * (next % 7 === 0 ? 1.2 : 1)]);
    r = next;
  }
  if (!candidates.length) return [null, r];
  const total = candidates.reduce((s, c) => s + c[2], 0);
  let [roll, next] = nextRandom(r);
  roll *= total;
  for (const [name, line, w] of candidates) {
    roll -= w;
    if (roll < 0) { skip.add(name); return [line, next]; }
  }
  const last = candidates[candidates.length - 1]!;
  skip.add(last[0]);
  return [last[1], next];
}

/** The greeting: for the hour, or (sometimes) one for someone met before; `{who}` marks whom it addresses. */
export function openingOf(f: Facts, r: number): [string, number] {
  const met = f.metBefore === true || list(f.memories).length > 0;
  return pick(r, met && r % 2 === 0 ? AGAIN : OPENINGS[str(f.timeOfDay) ?? 'morning'] ?? OPENINGS.morning!);
}

/** What the NPC says of its last meeting with the player ("We last spoke yesterday, did we not?"), or null. */
export const memoryLine = (f: Facts, r: number): [string | null, number] => TOPICS.memory!(f, r);

export function composeLine(f: Facts, seed: number): string {
  let r = seed >>> 0;
  const archetype = str(f.archetype) ?? 'farmer';
  const player = (f.player ?? {}) as Record<string, unknown>;
  let who: string;
  [who, r] = pick(r, [str(player.name), str(player.name), str(player.job) && `young ${str(player.job)}`, ...(ADDRESS[archetype] ?? ADDRESS.farmer!)].filter((x): x is string => !!x));
  let opening: string;
  [opening, r] = openingOf(f, r);
  const parts = [fill(opening, { who })];
  const sociability = Number((f.traits as Record<string, unknown> | undefined)?.sociability ?? (str(f.temperament)?.includes('talkative') ? 0.8 : str(f.temperament)?.includes('reserved') ? 0.2 : 0.5));
  const skip = new Set<string>();
  const topics = archetype === 'hermit' || sociability < 0.3 ? 1 : 2;
  for (let i = 0; i < topics; i++) {
    let line: string | null;
    [line, r] = chooseTopic(f, r, skip);
    if (line) parts.push(stop(line));
  }
  let roll: number;
  [roll, r] = nextRandom(r);
  if (roll < 0.55) {
    let closing: string;
    [closing, r] = pick(r, CLOSINGS[archetype] ?? CLOSINGS.farmer!);
    parts.push(closing);
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
