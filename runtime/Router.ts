import type { ActorKind } from './ActorKind.ts';
import type { ActorRecord, ActorTable } from './ActorTable.ts';
import { parseActorId, shardOf } from './actorId.ts';

export class RuntimeInputError extends Error {
  readonly code = 'bad_request';
}

/**
 * Where mail goes: an actor id to its record (registering any valid id of a known kind: actors are virtual),
 * its shard and so its worker slot; a topic to the actors whose kind hears it.
 */
export class Router {
  readonly kinds: Map<string, ActorKind>;
  private readonly topics = new Map<string, string[]>();

  constructor(
    kinds: ActorKind[],
    private readonly table: ActorTable,
    private readonly shards: number,
    private readonly slots: number,
  ) {
    this.kinds = new Map(kinds.map((k) => [k.kind, k]));
    for (const kind of kinds) for (const topic of kind.topics ?? []) this.topics.set(topic, [...(this.topics.get(topic) ?? []), kind.kind]);
  }

  /** The record for any valid id of a known kind (created on first sight); undefined for anything else. */
  recordFor(id: string): ActorRecord | undefined {
    const existing = this.table.get(id);
    if (existing) return existing;
    const parsed = typeof id === 'string' ? parseActorId(id) : null;
    if (!parsed || !this.kinds.has(parsed.kind)) return undefined;
    return this.table.add(id, parsed.kind, shardOf(id, this.shards) % this.slots);
  }

  subscribers(topic: string): string[] {
    const kinds = this.topics.get(topic);
    if (!kinds) return [];
    const out: string[] = [];
    for (const [id, r] of this.table.records) if (kinds.includes(r.kind)) out.push(id);
    return out;
  }

  /** An actor that exists already. */
  existing(id: string): ActorRecord {
    const record = this.table.get(id);
    if (!record) throw new RuntimeInputError(`no actor '${id}'`);
    return record;
  }

  /** Any valid id of a known kind (registering it): an actor can be paused before its first message. */
  known(id: string): ActorRecord {
    const record = this.recordFor(id);
    if (!record) throw new RuntimeInputError(`no actor '${id}' (expected kind:key with a known kind)`);
    return record;
  }

  knownKind(kind: string): string {
    if (!this.kinds.has(kind)) throw new RuntimeInputError(`unknown actor kind '${kind}'`);
    return kind;
  }
}
