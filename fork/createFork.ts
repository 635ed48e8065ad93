import type { Sql } from 'postgres';
import type { StoredActor } from '../persistence/types.ts';
import { ForkPlace, type ForkLocation } from './ForkPlace.ts';
import { replayToTime, type ReplayedTo } from './replayToTime.ts';

/**
 * Fork: copy the live world at a checkpoint into a place of its own (fork/ForkPlace.ts). What is copied: every
 * actor row and the world document of the checkpoint, the journal up to the fork point (events after the
 * checkpoint are routed when the fork first runs, exactly as a restart of the live world would route them),
 * and the AI decisions the live world recorded (a fork answers from them where it asks the same question).
 * The live world is only read: one repeatable-read transaction, so a checkpoint written meanwhile is not mixed in.
 *
 * @example
 * const fork = await createFork(liveSql, { from: 'latest' }, { url: process.env.DATABASE_URL });
 */
export type ForkFrom = 'latest' | { checkpoint: number } | { time: string };

export interface ForkInfo {
  id: string;
  engine: 'postgres' | 'pglite';
  /** as asked: "latest", a checkpoint id, an ISO time */
  from: string;
  /** the checkpoint copied: its tick (= archive id) and virtual time */
  checkpoint: { tick: number; now: number; journalSeq: number; archived: boolean };
  /** journal events copied (all ≤ journalUpTo); those after the checkpoint are routed on the first run */
  journal: { copied: number; upTo: number; afterCheckpoint: number };
  /** for a fork from a time: where the checkpoint was replayed to through the live input log (fork/replayToTime.ts) */
  replayedTo?: ReplayedTo;
  actors: number;
  aiDecisions: number;
  /** world seed of the live world (new actors in the fork draw from it) */
  seed: number;
  createdAt: string;
  /** wall seconds the copy took */
  seconds: number;
}

export interface CreateForkOptions {
  from: ForkFrom;
  /** the live world's seed (MIDGARD_SEED) */
  seed?: number;
  id?: string;
}

const PAGE = 5_000;

/** Parse `--from`: latest, a checkpoint id (digits), or an ISO time. */
export function parseFrom(raw: string | undefined): ForkFrom {
  if (raw === undefined || raw === 'latest') return 'latest';
  if (/^\d+$/.test(raw)) return { checkpoint: Number(raw) };
  if (!Number.isNaN(Date.parse(raw)) && /^\d{4}-\d{2}-\d{2}/.test(raw)) return { time: new Date(raw).toISOString() };
  throw new Error(`--from must be 'latest', a checkpoint id or an ISO time (2026-01-03T18:00Z), got '${raw}'`);
}

export const describeFrom = (from: ForkFrom): string => (from === 'latest' ? 'latest' : 'checkpoint' in from ? `checkpoint ${from.checkpoint}` : from.time);

interface Chosen {
  world: { tick: number; now: number; extras?: { journalSeq?: number } } & Record<string, unknown>;
  archived: boolean;
  /** rows of the chosen checkpoint, paged by id */
  page(tx: Sql, after: string | null): Promise<StoredActor[]>;
}

/** Pick the checkpoint: the current one, an archived one by id, or the newest one at or before a virtual time. */
async function choose(tx: Sql, from: ForkFrom): Promise<Chosen> {
  const [live] = await tx<{ state: Chosen['world'] }[]>`select state from world_state where id = 'world'`;
  const current: Chosen | null = live
    ? { world: live.state, archived: false, page: (sql, after) => actorPage(sql, null, after) }
    : null;
  if (from === 'latest') {
    if (!current) throw new Error('the live world has no checkpoint yet: nothing to fork');
    return current;
  }
  const archived = async (id: number): Promise<Chosen> => {
    const [row] = await tx<{ world: Chosen['world'] }[]>`select world from checkpoint_archive where id = ${id}`;
    if (!row) throw new Error(`no archived checkpoint ${id} (list them with \`midgard fork checkpoints\`)`);
    return { world: row.world, archived: true, page: (sql, after) => actorPage(sql, id, after) };
  };
  if ('checkpoint' in from) {
    if (current && current.world.tick === from.checkpoint) return current;
    return archived(from.checkpoint);
  }
  const at = Date.parse(from.time);
  if (current && current.world.now <= at) return current;
  const [row] = await tx<{ id: number }[]>`select id from checkpoint_archive where now <= ${at} order by now desc limit 1`;
  if (!row) throw new Error(`no checkpoint at or before ${from.time} (archive checkpoints with \`midgard fork checkpoints --archive\`)`);
  return archived(row.id);
}

async function actorPage(sql: Sql, checkpoint: number | null, after: string | null): Promise<StoredActor[]> {
  const rows =
    checkpoint === null
      ? await sql<any[]>`select id, kind, version, snapshot::text as snapshot, timers, mailbox, paused, updated_at from actor_snapshots
          where ${after === null ? sql`true` : sql`id > ${after}`} order by id limit ${PAGE}`
      : await sql<any[]>`select id, kind, version, snapshot::text as snapshot, timers, mailbox, paused, updated_at from checkpoint_archive_actors
          where checkpoint = ${checkpoint} and ${after === null ? sql`true` : sql`id > ${after}`} order by id limit ${PAGE}`;
  // the snapshot text goes across verbatim (snapshotJson): parsing 10k snapshots only to write them back costs
  return rows.map((r) => ({ id: r.id, kind: r.kind, version: r.version, snapshot: null, snapshotJson: r.snapshot, timers: r.timers, mailbox: r.mailbox, paused: r.paused, updatedAt: r.updated_at }));
}

/** Check that `from` names a checkpoint there is (throws the reason otherwise); reads only. */
export async function checkFrom(live: Sql, from: ForkFrom): Promise<{ tick: number; now: number }> {
  const chosen = await live.begin('isolation level repeatable read', (tx) => choose(tx as unknown as Sql, from));
  return { tick: chosen.world.tick, now: chosen.world.now };
}

export async function createFork(live: Sql, options: CreateForkOptions, location: ForkLocation): Promise<{ place: ForkPlace; info: ForkInfo }> {
  const started = performance.now();
  await checkFrom(live, options.from); // first, so a bad --from creates nothing
  const place = await ForkPlace.create(location, options.id);
  try {
    const info = await live.begin('isolation level repeatable read', async (raw) => {
      const tx = raw as unknown as Sql;
      const chosen = await choose(tx, options.from);
      const store = place.store();
      let actors = 0;
      for (let after: string | null = null; ; ) {
        const page = await chosen.page(tx, after);
        if (!page.length) break;
        await store.save(page);
        actors += page.length;
        after = page.at(-1)!.id;
        if (page.length < PAGE) break;
      }
      await store.saveWorld(chosen.world);
      const journalSeq = chosen.world.extras?.journalSeq ?? 0;
      // the journal up to the fork point: for the live checkpoint everything journaled so far (a restart would
      // route it); for an archived one, up to the next checkpoint that was archived (its events are in no later copy)
      const [head] = await tx<{ value: number }[]>`select value from counters where name = 'event_journal'`;
      const upTo = chosen.archived ? await nextArchivedSeq(tx, chosen.world.tick, head!.value) : head!.value;
      let copied = 0;
      for (let seq = 0; ; ) {
        const rows = await tx<any[]>`select seq, key, event_id, event_type, player_id, map, "timestamp", priority, payload::text as payload, held
          from event_journal where seq > ${seq} and seq <= ${upTo} order by seq limit ${PAGE}`;
        if (!rows.length) break;
        await place.sql`insert into event_journal (seq, key, event_id, event_type, player_id, map, "timestamp", priority, payload, held)
          select seq, key, event_id, event_type, player_id, map, ts, priority, payload::jsonb, held::boolean
          from unnest(${rows.map((r) => r.seq)}::bigint[], ${rows.map((r) => r.key)}::text[], ${rows.map((r) => r.event_id)}::text[],
            ${rows.map((r) => r.event_type)}::text[], ${rows.map((r) => r.player_id)}::bigint[], ${rows.map((r) => r.map)}::text[],
            ${rows.map((r) => r.timestamp)}::bigint[], ${rows.map((r) => r.priority)}::text[], ${rows.map((r) => r.payload)}::text[], ${rows.map((r) => (r.held ? 't' : 'f'))}::text[])
            as x(seq, key, event_id, event_type, player_id, map, ts, priority, payload, held)`;
        copied += rows.length;
        seq = rows.at(-1)!.seq;
      }
      await place.sql`update counters set value = ${upTo} where name = 'event_journal'`;
      await place.sql`update counters set value = ${Math.min(journalSeq, upTo)} where name = 'journal_applied'`;
      let aiDecisions = 0;
      for (let after = ''; ; ) {
        const rows = await tx<{ effect_id: string; decision: string }[]>`select effect_id, decision::text as decision from ai_decisions where effect_id > ${after} order by effect_id limit ${PAGE}`;
        if (!rows.length) break;
        await place.sql`insert into ai_decisions (effect_id, decision)
          select id, decision::jsonb from unnest(${rows.map((r) => r.effect_id)}::text[], ${rows.map((r) => r.decision)}::text[]) as x(id, decision) on conflict do nothing`;
        aiDecisions += rows.length;
        after = rows.at(-1)!.effect_id;
      }
      const info: ForkInfo = {
        id: place.id, engine: place.engine, from: describeFrom(options.from),
        checkpoint: { tick: chosen.world.tick, now: chosen.world.now, journalSeq, archived: chosen.archived },
        journal: { copied, upTo, afterCheckpoint: Math.max(0, upTo - journalSeq) },
        actors, aiDecisions, seed: options.seed ?? 1, createdAt: new Date().toISOString(),
        seconds: Math.round((performance.now() - started) / 10) / 100,
      };
      return info;
    });
    // between two archived checkpoints: bring the earlier one forward to the moment asked for
    if (typeof options.from === 'object' && 'time' in options.from && info.checkpoint.archived) {
      const replayed = await replayToTime(live, place, Date.parse(options.from.time), info.seed);
      if (replayed) info.replayedTo = replayed;
    }
    await place.setInfo(info);
    return { place, info };
  } catch (err) {
    const id = place.id;
    await place.close().catch(() => {});
    await ForkPlace.drop(location, id).catch(() => {});
    throw err;
  }
}

async function nextArchivedSeq(tx: Sql, tick: number, head: number): Promise<number> {
  const [next] = await tx<{ journal_seq: number }[]>`select journal_seq from checkpoint_archive where id > ${tick} order by id limit 1`;
  const [live] = await tx<{ seq: number | null }[]>`select (state->'extras'->>'journalSeq')::bigint as seq from world_state where id = 'world' and (state->>'tick')::bigint > ${tick}`;
  return next?.journal_seq ?? live?.seq ?? head;
}
