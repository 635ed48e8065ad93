import { z } from 'zod';
import { EVENT_TYPES, eventTypes, type EventType } from '../contract/events.ts';
import { DAY, HOUR, MINUTE } from '../machines/kit/time.ts';

/**
 * What a fork changes, declared once: the JSON file, the `--set key=value` flags, the admin API body and the
 * report's "what changed" line all read this schema. Each override acts from outside the machines (a fork may
 * not edit machines): on the game events the fork's players send, on the fork's own copy of stored state, or
 * through the runtime's pause. What each one touches is said on its field.
 */
const factor = (what: string) => z.number({ error: `${what} must be a number` }).positive(`${what} must be > 0`).max(100, `${what} must be at most 100`);

/** "20:00" (every fork day at that time), "+1d20:00" (day 1 after the fork point, at 20:00), or an ISO time. */
const WHEN = /^(?:\+(\d{1,3})d)?([01]\d|2[0-3]):([0-5]\d)$/;

export const injectionSchema = z.strictObject({
  /** when: "20:00" (every day at 20:00), "+2d20:00" (once, on day 2 after the fork point) or an ISO time */
  at: z.string().refine((s) => WHEN.test(s) || !Number.isNaN(Date.parse(s)), 'at must be "HH:MM", "+Nd HH:MM" written "+NdHH:MM", or an ISO time'),
  /** a contract event type (contract/events.ts) */
  event_type: z.enum(eventTypes as [EventType, ...EventType[]], { error: `event_type must be one of ${eventTypes.join(', ')}` }),
  /** how many events: each from its own player (ids from 900001 up, apart from the fork's synthetic players) */
  count: z.number().int().min(1).max(100_000).default(1),
  map: z.string().max(15).optional(),
  payload: z.record(z.string(), z.unknown()).default({}),
});

export const overridesSchema = z.strictObject({
  economy: z
    .strictObject({
      /** items found in monster drops ×f: the quantity of every `item_drop` event the fork's players send */
      dropFactor: factor('economy.dropFactor').default(1),
      /** every tracked item's base (shop) price ×f, in the fork's copy of `economy:main` (prices move around it) */
      priceFactor: factor('economy.priceFactor').default(1),
    })
    .default({ dropFactor: 1, priceFactor: 1 }),
  /** monsters on the maps ×f: players find and kill ×f as many (`monster_kill` events thinned or repeated) */
  spawnRate: factor('spawnRate').default(1),
  /** story arcs ×f as fast: the arc timers in the fork's copy (next arc, next chapter) come f× sooner and repeat f× as often */
  arcPacing: factor('arcPacing').default(1),
  /** actor kinds (e.g. "boss") or actor ids (e.g. "faction:geffen_magi") held paused for the whole run */
  pause: z.array(z.string().regex(/^[a-z][a-z0-9_-]*(?::.+)?$/, 'pause entries are kinds ("boss") or actor ids ("faction:geffen_magi")')).default([]),
  /** extra game events: "500 players log in at 20:00" is {at: "20:00", event_type: "player_login", count: 500} */
  inject: z.array(injectionSchema).max(100).default([]),
  /** synthetic players sending game events during the run (default: the fork's NPCs / 20, at least 20) */
  players: z.number().int().min(0).max(1_000_000).optional(),
});

export type Overrides = z.infer<typeof overridesSchema>;
export type Injection = z.infer<typeof injectionSchema>;

/** No change at all: what a baseline fork runs with. */
export const NO_OVERRIDES: Overrides = overridesSchema.parse({});

/** A bad override: the message names the field and what is wrong; nothing has been changed. */
export class OverrideError extends Error {}

/** Validate overrides from JSON (a file, an API body): all or nothing. */
export function parseOverrides(raw: unknown, source = 'overrides'): Overrides {
  const parsed = overridesSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
    throw new OverrideError(`${source}: ${issues.join('; ')}`);
  }
  for (const [i, inj] of parsed.data.inject.entries()) {
    const spec = EVENT_TYPES[inj.event_type];
    const payload = spec.payload.safeParse(inj.payload);
    if (!payload.success) throw new OverrideError(`${source}: inject.${i}.payload: ${payload.error.issues[0]!.message}`);
  }
  return parsed.data;
}

/** Read a JSON overrides file's text: a parse error names the file. */
export function parseOverridesText(text: string, file: string): Overrides {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new OverrideError(`${file}: not JSON (${(err as Error).message})`);
  }
  return parseOverrides(raw, file);
}

/**
 * `--set economy.dropFactor=2 --set pause=boss,chain` on top of a base (a file's overrides, or none). Values are
 * JSON when they parse as JSON, else strings; `pause` takes a comma list. Validated as a whole afterwards.
 */
export function applySetFlags(base: unknown, sets: string[]): Overrides {
  const out = structuredClone((base ?? {}) as Record<string, unknown>);
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new OverrideError(`--set ${set}: expected key=value, e.g. --set economy.dropFactor=2`);
    const path = set.slice(0, eq).split('.');
    const text = set.slice(eq + 1);
    let value: unknown;
    if (path.join('.') === 'pause' && !text.startsWith('[')) value = text.split(',').filter(Boolean);
    else {
      try {
        value = JSON.parse(text);
      } catch {
        value = text;
      }
    }
    let at = out;
    for (const key of path.slice(0, -1)) {
      if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    at[path.at(-1)!] = value;
  }
  return parseOverrides(out, '--set');
}

/** Overrides that differ from none, as `key=value` lines (the report's "what changed"). */
export function describeOverrides(o: Overrides): string[] {
  const lines: string[] = [];
  if (o.economy.dropFactor !== 1) lines.push(`economy.dropFactor=${o.economy.dropFactor}`);
  if (o.economy.priceFactor !== 1) lines.push(`economy.priceFactor=${o.economy.priceFactor}`);
  if (o.spawnRate !== 1) lines.push(`spawnRate=${o.spawnRate}`);
  if (o.arcPacing !== 1) lines.push(`arcPacing=${o.arcPacing}`);
  if (o.pause.length) lines.push(`pause=${o.pause.join(',')}`);
  for (const i of o.inject) lines.push(`inject ${i.count}× ${i.event_type} at ${i.at}${i.map ? ` on ${i.map}` : ''}`);
  if (o.players !== undefined) lines.push(`players=${o.players}`);
  return lines;
}

/**
 * The virtual times an injection fires in [from, to): daily for "HH:MM", once for "+NdHH:MM" (day N after
 * `origin`, the fork point's day) or an ISO time.
 */
export function injectionTimes(at: string, origin: number, from: number, to: number): number[] {
  const m = WHEN.exec(at);
  if (!m) {
    const t = Date.parse(at);
    return t >= from && t < to ? [t] : [];
  }
  const offset = Number(m[2]) * HOUR + Number(m[3]) * MINUTE;
  const day0 = Math.floor(origin / DAY) * DAY;
  if (m[1] !== undefined) {
    const t = day0 + Number(m[1]) * DAY + offset;
    return t >= from && t < to ? [t] : [];
  }
  const out: number[] = [];
  for (let t = Math.floor(from / DAY) * DAY + offset; t < to; t += DAY) if (t >= from) out.push(t);
  return out;
}
