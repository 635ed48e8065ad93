import { defineKind } from './kit/kind.ts';
import { weatherMachine } from './weather.ts';

/** The weather (`weather:main`): shifts on its own timer. */
export const kind = defineKind({
  name: 'weather',
  ids: 'singleton',
  logic: weatherMachine,
  boot: true,
  examples: [{ type: 'weather.shift' }],
  summary: (c) => ({ changes: c.changes }),
});
