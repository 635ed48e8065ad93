import { createHash } from 'node:crypto';
import type { Envelope } from './control.ts';
import type { World } from './World.ts';

/**
 * SHA-256 over every actor's snapshot, timers and mailbox, in id order: equal worlds hash equal. Reads the
 * conductor's copy, so the caller collects from every host first; `waiting` is mail held for the next tick.
 */
export async function hashWorld({ table, rows, store }: World, waiting: Map<string, Envelope[]>): Promise<string> {
  const hash = createHash('sha256');
  const ids = [...table.records.keys()].sort();
  const stored = new Map((await store.load(ids.filter((id) => table.get(id)!.snapshot === undefined))).map((a) => [a.id, a.snapshot]));
  for (const id of ids) {
    const r = table.get(id)!;
    const row = rows.get(id);
    const due = (row?.[2] ?? []).map(({ id: t, due, event }) => [t, due, event]);
    const mail = [...(row?.[3] ?? []), ...(waiting.get(id) ?? [])].map((e) => [e.from, e.event]);
    hash.update(JSON.stringify([id, r.snapshot === undefined ? (stored.get(id) ?? null) : r.snapshot, due, mail]));
  }
  return hash.digest('hex');
}
