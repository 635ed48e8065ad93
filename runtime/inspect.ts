import { createHash } from 'node:crypto';
import type { World } from './World.ts';

/** SHA-256 over every actor's snapshot, timers and mailbox, in id order: equal worlds hash equal. */
export async function hashWorld({ table, timers, store }: World): Promise<string> {
  const hash = createHash('sha256');
  const ids = [...table.records.keys()].sort();
  const stored = new Map((await store.load(ids.filter((id) => table.get(id)!.snapshot === undefined))).map((a) => [a.id, a.snapshot]));
  for (const id of ids) {
    const r = table.get(id)!;
    const due = timers.forActor(id).map(({ id: t, due, event }) => [t, due, event]);
    const mail = (r.mailbox ?? []).map((e) => [e.from, e.event]);
    hash.update(JSON.stringify([id, r.snapshot === undefined ? stored.get(id) ?? null : r.snapshot, due, mail]));
  }
  return hash.digest('hex');
}
