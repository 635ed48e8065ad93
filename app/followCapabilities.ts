import type { ActionGate } from '../actors/effects/ActionGate.ts';
import type { WakeSource } from '../persistence/pg/wakeups.ts';
import type { CapabilityStore } from '../persistence/types.ts';
import { log } from '../runtime/log.ts';

export interface FollowCapabilitiesOptions {
  store: Pick<CapabilityStore, 'latest'>;
  gate: ActionGate;
  /** "a bridge sent a new handshake" from other processes (Postgres LISTEN on the capabilities channel) */
  wake?: WakeSource;
}

/**
 * Keeps a process's `ActionGate` on the handshake the bridge last sent to any node of the world: loads the stored
 * one before the process serves or emits anything, then reloads it on each wake-up. Whoever wrote it, the gate
 * adopts only a newer version, so reloads racing each other or this node's own save settle on the latest.
 *
 * @example
 * const stop = await followCapabilities({ store, gate, wake: pgWakeSource(db.sql, wakeChannel('capabilities', db.schema)) });
 */
export async function followCapabilities(options: FollowCapabilitiesOptions): Promise<() => Promise<void>> {
  const { store, gate } = options;
  const reload = async () => {
    const stored = await store.latest();
    if (stored) gate.adopt(stored);
  };
  await reload().catch((err: unknown) => log.error({ err }, 'the stored capabilities handshake could not be applied; the defaults stay until the next one'));
  if (!options.wake) return async () => {};
  return options.wake.subscribe(() => {
    reload().catch((err: unknown) => log.warn({ err }, 'reloading the capabilities handshake failed; the one in force stays'));
  });
}
