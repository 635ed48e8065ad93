import type { AnyActorLogic } from 'xstate';
import type { PlainEvent } from './messages.ts';

/**
 * One entry of the catalogue (`actors/`): how an actor kind is created inside a worker.
 * Everything here must be importable in a worker thread and deterministic.
 */
export interface ActorKind {
  /** the `kind` part of `kind:key` ids, e.g. `npc`, `faction`, `system` */
  kind: string;
  /** an XState machine, or @xstate/store logic via `fromStore` */
  logic: AnyActorLogic;
  /** extra input fields beyond the runtime's ActorInput; a pure function of the key */
  input?: (key: string) => Record<string, unknown>;
  /** topics every actor of this kind hears */
  topics?: string[];
  /** the event types the kind's logic accepts (the catalogue reads them from the logic's own definition) */
  eventTypes?: string[];
  /** an example event per type, for forms */
  exampleEvents?: PlainEvent[];
  /** a dashboard panel drawn from these actors by the kind's renderer (gateway/ui/js/views/panels.js) */
  panel?: { title: string; ids: string[] };
}

/** A catalogue module's shape: `export const kinds: ActorKind[]`. Workers import it by URL. */
export interface Catalogue {
  kinds: ActorKind[];
}
