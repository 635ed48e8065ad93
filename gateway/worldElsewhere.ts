import type { WorldControl } from '../runtime/control.ts';
import { ApiError } from './errors.ts';

/** Seconds a client is told to wait: asking this node again will not help, but a balancer may route elsewhere. */
const RETRY_AFTER_S = '30';

/** The one answer for a question only the world can answer, asked of a gateway node: 503 naming the role. */
export function worldNotHere(): ApiError {
  return new ApiError(
    503,
    'world_not_here',
    "this node runs role 'gateway': it journals events and serves actions, and the world runs in another process; ask a node started with --role all",
    { 'Retry-After': RETRY_AFTER_S },
  );
}

/**
 * The runtime of a gateway node, which has none: the world runs in another process. Every question for it —
 * admin actors, pause, step, the visualizer, the live feed — is answered 503 naming the role, through the one
 * error mapping (gateway/errors.ts), instead of a 500 or a hang. Flushing is a no-op: there is nothing here to
 * checkpoint.
 *
 * @example
 * createGateway({ ...deps, role: 'gateway', runtime: worldElsewhere() });
 */
export function worldElsewhere(): WorldControl {
  const refuse = (): never => {
    throw worldNotHere();
  };
  return {
    clock: refuse,
    stats: refuse,
    setSpeed: refuse,
    send: refuse,
    publish: refuse,
    pause: refuse,
    resume: refuse,
    isPaused: refuse,
    step: async () => refuse(),
    stepWorld: async () => refuse(),
    listActors: refuse,
    getActor: async () => refuse(),
    watch: refuse,
    onEffect: refuse,
    deadLetters: refuse,
    flush: async () => {},
  };
}
