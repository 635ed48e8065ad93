import type { Sql } from 'postgres';

/**
 * Past checkpoints of the live world. The live world keeps one checkpoint (its snapshot rows, rewritten in
 * place): to fork or replay from an earlier moment, that checkpoint must be copied aside first. An archived
 * checkpoint is the world document and every actor row, copied inside the live database in one statement each
 * (no round trip through Node), under the checkpoint's tick as its id. The tables are the archive's own and are
 * created on first use; the journal and the outbox are never written.
 *
 * @example
 * const id = await archiveCheckpoint(liveSql);     // the live world's current checkpoint, kept as `id`
 * const all = await listArchived(liveSql);          // [{ id, now, journalSeq, actors, takenAt }]
 */
export interface ArchivedCheckpoint {
  /** the checkpoint's tick */
  id: number;
  /** its virtual time (epoch ms) */
  now: number;
  journalSeq: number;
  actors: number;
  takenAt: string;
}


/**
 * Copy the live world's current checkpoint aside. Repeatable read: a checkpoint the live world writes meanwhile
 * is either wholly in the copy or not at all. Archiving the same checkpoint twice is a no-op. Returns its id,
 * or null when the world has no checkpoint yet.
 */
export async function archiveCheckpoint(sql: Sql): Promise<number | null> {
  return sql.begin('isolation level repeatable read', async (tx) => {
    const [world] = await tx<{ state: { tick: number; now: number; extras?: { journalSeq?: number } } }[]>`select state from world_state where id = 'world'`;
    if (!world) return null;
    const { tick, now } = world.state;
    const inserted = await tx`
      insert into checkpoint_archive (id, now, journal_seq, world) values (${tick}, ${now}, ${world.state.extras?.journalSeq ?? 0}, ${JSON.stringify(world.state)}::text::jsonb)
      on conflict (id) do nothing returning id`;
    if (inserted.length) {
      await tx`
        insert into checkpoint_archive_actors (checkpoint, id, kind, version, snapshot, timers, mailbox, paused, updated_at)
        select ${tick}, id, kind, version, snapshot, timers, mailbox, paused, updated_at from actor_snapshots`;
    }
    return tick;
  }) as Promise<number | null>;
}

export async function listArchived(sql: Sql): Promise<ArchivedCheckpoint[]> {
  const rows = await sql<{ id: number; now: number; journal_seq: number; actors: number; taken_at: Date }[]>`
    select c.id, c.now, c.journal_seq, c.taken_at, (select count(*)::int from checkpoint_archive_actors a where a.checkpoint = c.id) as actors
    from checkpoint_archive c order by c.id`;
  return rows.map((r) => ({ id: r.id, now: r.now, journalSeq: r.journal_seq, actors: r.actors, takenAt: new Date(r.taken_at).toISOString() }));
}

/**
 * Forget archived checkpoints older than the newest `keep`, and the logged inputs before the oldest one left:
 * no replay can start before it, so they would only pile up (the input log lives in fork/InputLog.ts).
 */
export async function pruneArchive(sql: Sql, keep: number): Promise<number> {
  const gone = await sql`delete from checkpoint_archive where id not in (select id from checkpoint_archive order by id desc limit ${keep}) returning id`;
  const [oldest] = await sql<{ id: number | null }[]>`select min(id) as id from checkpoint_archive`;
  if (oldest?.id != null) await sql`delete from input_log where tick < ${oldest.id}`;
  return gone.length;
}
