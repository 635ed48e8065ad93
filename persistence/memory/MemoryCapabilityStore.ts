import type { Capabilities } from '../../contract/capabilities.ts';
import type { CapabilityStore, StoredCapabilities } from '../types.ts';

/**
 * The capabilities handshake kept in process memory: one process, tests, and a gateway with no database. Same
 * contract as `PgCapabilityStore`: each save replaces the handshake and gets the next version.
 *
 * @example
 * const store = new MemoryCapabilityStore();
 * (await store.save(caps, Date.now())).version; // 1
 */
export class MemoryCapabilityStore implements CapabilityStore {
  #latest: StoredCapabilities | null = null;

  async save(capabilities: Capabilities, receivedAt: number): Promise<StoredCapabilities> {
    this.#latest = { version: (this.#latest?.version ?? 0) + 1, capabilities: structuredClone(capabilities), receivedAt };
    return structuredClone(this.#latest);
  }

  async latest(): Promise<StoredCapabilities | null> {
    return structuredClone(this.#latest);
  }
}
