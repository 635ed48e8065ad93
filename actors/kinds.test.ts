import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { npcTemplates } from '../contract/index.ts';
import { acceptedEvents, acceptsEvent, sampleIdOf } from '../machines/kit/kind.ts';
import { parseActorId } from '../runtime/actorId.ts';
import { bootMessages, DIGEST_READERS, KINDS, REWARD_BOUNDS, SCHEDULE } from './kinds.ts';
import { TEMPLATE_CLICKS } from './routeGameEvent.ts';

const MACHINES = new URL('../machines/', import.meta.url);
const files = readdirSync(MACHINES).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const names = KINDS.map((k) => k.name);
const isLogic = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as { transition?: unknown }).transition === 'function' && typeof (v as { getInitialSnapshot?: unknown }).getInitialSnapshot === 'function';
/** Kinds whose logic is an @xstate/store (no event table to read) until they become reducers or machines. */
const STORES = ['memory'];

describe('the list of kinds: nothing forgotten', () => {
  it('registers every declaration file, named like its kind and its logic file', () => {
    const declared = files.filter((f) => f.endsWith('.kind.ts')).map((f) => f.slice(0, -'.kind.ts'.length));
    expect([...names].sort()).toEqual(declared.sort());
    for (const name of names) expect(files, name).toContain(`${name}.ts`);
  });

  it('declares every machine file that exports actor logic', async () => {
    for (const file of files.filter((f) => !f.endsWith('.kind.ts'))) {
      const exported = Object.values(await import(new URL(file, MACHINES).href));
      if (exported.some(isLogic)) expect(names, `machines/${file} exports actor logic but no kind declares it`).toContain(file.slice(0, -3));
    }
  });

  it('gives every kind a diagram (a machine) or an event table (a reducer), and accepted events from it', () => {
    for (const k of KINDS) {
      const table = acceptedEvents(k.logic);
      if (STORES.includes(k.name)) expect(table, `${k.name} exposes its events now: drop it from STORES`).toBeNull();
      else expect(table?.length, k.name).toBeGreaterThan(0);
      expect(k.accepts.length, k.name).toBeGreaterThan(0);
      if (table) expect(k.accepts).toEqual(table);
    }
  });

  it('gives every kind examples its logic accepts, one kind of id each, and ids that parse to it', () => {
    for (const k of KINDS) {
      expect(k.examples.length, k.name).toBeGreaterThan(0);
      for (const e of k.examples) expect(acceptsEvent(k.accepts, e.type), `${k.name} example ${e.type}`).toBe(true);
      expect(parseActorId(sampleIdOf(k))?.kind).toBe(k.name);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('schedules each daily slot once, at a singleton, by time of day', () => {
    expect(SCHEDULE.map((s) => `${s.at} ${s.slot}`)).toEqual([...SCHEDULE.map((s) => `${s.at} ${s.slot}`)].sort());
    for (const s of SCHEDULE) expect(s.to).toBe(`${s.slot}:main`);
    expect(SCHEDULE.map((s) => s.slot)).toEqual(['problem', 'dungeon', 'hazard', 'treasure', 'archaeology', 'visitor', 'social']);
  });

  it('sends the digest to exactly the kinds whose logic reads it', () => {
    const readers = KINDS.filter((k) => k.accepts.includes('world.digest')).map((k) => `${k.name}:main`);
    expect([...DIGEST_READERS].sort()).toEqual(readers.sort());
    expect([...DIGEST_READERS].sort()).toEqual(['arc:main', 'boss:main', 'dungeon:main', 'hazard:main', 'problem:main', 'quest:main', 'treasure:main']);
  });

  it('bounds every reward source a machine grants, and only those', () => {
    const sources = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(fileURLToPath(new URL(file, MACHINES)), 'utf8').matchAll(/reward\(.*?,\s*'(\w+)',\s*[`']/g)) sources.add(m[1]!);
    }
    expect([...sources].sort()).toEqual(Object.keys(REWARD_BOUNDS).sort());
  });

  it('addresses only singleton kinds of the list with SYSTEM.<name>', () => {
    const singletons = KINDS.filter((k) => k.ids === 'singleton').map((k) => k.name);
    const roots = ['machines', 'actors', 'world', 'app', 'gateway', 'ai', 'cli', 'test', 'bench'];
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|js)$/.test(entry.name)) for (const m of readFileSync(path, 'utf8').matchAll(/\bSYSTEM\.(\w+)/g)) used.add(m[1]!);
      }
    };
    for (const root of roots) walk(fileURLToPath(new URL(`../${root}`, import.meta.url)));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(singletons, `SYSTEM.${name}`).toContain(name);
  });

  it('knows who settles a click on every template of the contract', () => {
    expect(Object.keys(TEMPLATE_CLICKS).sort()).toEqual([...npcTemplates].sort());
    const claimed = Object.entries(TEMPLATE_CLICKS).filter(([, t]) => t?.click).map(([template, t]) => [template, t!.kind]);
    expect(claimed).toEqual([['midgard_treasure', 'treasure'], ['midgard_digsite', 'archaeology']]);
  });

  it('starts the timekeepers, then the NPC population', () => {
    const boot = bootMessages(3);
    expect(boot.map((b) => b.to)).toEqual([
      'world:main', 'economy:main', 'pipeline:main', 'weather:main', 'worldevent:main', 'boss:main', 'arc:main',
      'faction:prontera_guard', 'faction:geffen_magi', 'faction:payon_archers', 'faction:morocc_thieves', 'npc:0', 'npc:1', 'npc:2',
    ]);
    expect(boot.at(-1)!.event).toEqual({ type: 'npc.spawn', population: 3 });
  });
});
