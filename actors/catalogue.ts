import type { ActorKind } from '../runtime/ActorKind.ts';
import { KINDS, residentIdsOf } from './kinds.ts';

/**
 * The world's actor kinds as the runtime takes them, derived from `actors/kinds.ts` (where each kind is listed;
 * declared in `machines/<kind>.kind.ts`). Workers import this module by URL. The dashboard reads `eventTypes`
 * (what the logic accepts, read from its own definition), `exampleEvents` (the declaration's examples) and
 * `panel` from here.
 *
 * @example
 * const runtime = await Runtime.create({ catalogue: new URL('../actors/catalogue.ts', import.meta.url) });
 * runtime.send('npc:1042', { type: 'rumour.seed', text: 'the Orc Lord walks again' });
 */
export const kinds: ActorKind[] = KINDS.map((k) => ({
  kind: k.name,
  logic: k.logic,
  ...(k.input ? { input: k.input } : {}),
  ...(k.topics ? { topics: k.topics } : {}),
  eventTypes: k.accepts,
  exampleEvents: k.examples,
  ...(k.panel ? { panel: { title: k.panel, ids: residentIdsOf(k) } } : {}),
}));
