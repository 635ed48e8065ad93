import { defineKind, MAIN } from './kit/kind.ts';
import { OBSERVED, worldMachine } from './world.ts';

/**
 * The world (`world:main`): hears every game event the world's activity is made of, once, and forwards events on
 * watched maps to their watchers; its daily digest goes to every singleton whose logic accepts `world.digest`.
 */
export const kind = defineKind({
  name: 'world',
  ids: 'singleton',
  logic: (world) => worldMachine(world.digestReaders),
  boot: true,
  // every game event it observes (what each counts is in world.ts)
  routes: Object.fromEntries(Object.keys(OBSERVED).map((type) => [type, MAIN])),
  examples: [
    { type: 'world.digest.tick' },
    { type: 'world.note', text: 'a comet crossed the sky' },
    { type: 'world.query', replyTo: 'npc:0', requestId: 'q1' },
    { type: 'world.watch', map: 'prt_fild08', until: 0 },
  ],
  summary: (c) => ({ digests: c.digests }),
});
