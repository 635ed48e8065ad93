/** The Postgres backends (real Postgres or embedded PGlite, through the same postgres.js code). */
export { PgSnapshotStore } from './PgSnapshotStore.ts';
export { PgJournal } from './PgJournal.ts';
export { PgOutbox } from './PgOutbox.ts';
export { PgAuditLog } from './PgAuditLog.ts';
export { PgRefusedEvents } from './PgRefusedEvents.ts';
export { PgCapabilityStore } from './PgCapabilityStore.ts';
