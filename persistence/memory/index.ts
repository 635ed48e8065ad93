/** The in-memory backends: simulation, tests, and the fallback when Redis is away. */
export { MemorySnapshotStore } from './MemorySnapshotStore.ts';
export { MemoryJournal } from './MemoryJournal.ts';
export { MemoryOutbox, type OutboxOptions } from './MemoryOutbox.ts';
export { MemoryAuditLog } from './MemoryAuditLog.ts';
export { MemoryCache, type MemoryCacheOptions } from './MemoryCache.ts';
export { MemoryPubSub } from './MemoryPubSub.ts';
export { MemoryRateLimitStore } from './MemoryRateLimitStore.ts';
export { MemoryRefusedEvents } from './MemoryRefusedEvents.ts';
export { MemoryCapabilityStore } from './MemoryCapabilityStore.ts';
