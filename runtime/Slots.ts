import type { ActorResult, WorkerReply, WorkerTask } from './protocol.ts';
import type { ShardPool } from './ShardPool.ts';
import type { World } from './World.ts';
import type { Activation, Planned } from './Activation.ts';
import { agentExecutionTime } from './metrics.ts';
import { log } from './log.ts';

/**
 * The main thread's side of the worker slots: one task per slot per tick, and the worker-loss protocol. Each
 * slot's worker has an incarnation id; a reply from a different one means the worker was replaced (Piscina
 * recreates dead workers with empty memory), so the slot's actors are rebuilt before anything is retried.
 */
export class Slots {
  private readonly incarnations: (string | null)[];

  constructor(
    private readonly pool: ShardPool,
    private readonly world: World,
    private readonly activation: Activation,
  ) {
    this.incarnations = Array.from({ length: pool.slots }, () => null);
  }

  get count(): number {
    return this.pool.slots;
  }

  /** A task for the worker now holding `slot`, as long as it is the incarnation the runtime knows. */
  run(slot: number, task: (incarnation: string | null) => WorkerTask): Promise<WorkerReply> {
    return this.pool.run(slot, task(this.incarnations[slot] ?? null));
  }

  /** Whether anything was ever delivered to the slot (a never-used slot has nothing to snapshot). */
  used(slot: number): boolean {
    return this.incarnations[slot] !== null;
  }

  /** Deliver a tick's plan: one task per worker slot (every slot on snapshot ticks). Results by plan order. */
  async execute(plan: Planned[], snapshot: boolean): Promise<ActorResult[]> {
    const bySlot = new Map<number, Planned[]>();
    for (const p of plan) {
      let list = bySlot.get(p.record.slot);
      if (!list) bySlot.set(p.record.slot, (list = []));
      list.push(p);
    }
    const slots = snapshot ? Array.from({ length: this.pool.slots }, (_, i) => i) : [...bySlot.keys()];
    const results: ActorResult[] = new Array(plan.length);
    await Promise.all(
      slots.map(async (slot) => {
        const planned = bySlot.get(slot) ?? [];
        const started = performance.now();
        const reply = await this.deliver(slot, planned, snapshot);
        if (planned.length) agentExecutionTime.observe({ kind: planned[0]!.record.kind }, (performance.now() - started) / 1000);
        for (const r of reply.results) results[r.order] = r;
        this.activation.takeSnapshots(reply.snapshots);
      }),
    );
    return results;
  }

  /** One slot's deliveries. A slot whose worker was replaced is rebuilt, then its deliveries retried. */
  async deliver(slot: number, planned: Planned[], snapshot: boolean): Promise<WorkerReply> {
    for (let attempt = 0; ; attempt++) {
      const task: WorkerTask = { op: 'deliver', incarnation: this.incarnations[slot] ?? null, tick: this.world.time.tick, batches: planned.map((p) => p.batch), snapshot };
      const reply = await this.pool.run(slot, task).catch((err: unknown) => ({ lost: err }) as const);
      if (!('lost' in reply) && !reply.mismatch) {
        this.incarnations[slot] = reply.incarnation;
        return reply;
      }
      if (attempt >= 3) throw new Error(`worker for slot ${slot} keeps failing: ${'lost' in reply ? String(reply.lost) : 'replaced'}`);
      log.warn({ slot }, 'worker lost; rebuilding its shards from snapshots');
      this.world.counters.workerRebuilds++;
      // The fresh worker's incarnation is learnt on its first reply; until then accept whoever answers.
      this.incarnations[slot] = 'lost' in reply ? null : reply.incarnation;
      await this.rebuild(slot, new Set(planned.map((p) => p.id)));
      for (const p of planned) p.batch.restore ??= this.activation.restoreInfo(p.record);
      await this.activation.loadStoredSnapshots(planned);
    }
  }

  /** Bring every actor that lived on a lost worker back, from its snapshot and the events it saw after it. */
  private async rebuild(slot: number, skip: Set<string>): Promise<void> {
    const planned: Planned[] = [];
    for (const [id, record] of this.world.table.records) {
      if (record.slot !== slot || record.status !== 'active') continue;
      record.status = 'lost';
      if (!skip.has(id)) planned.push(this.activation.plan(id, record, [], planned.length, false));
    }
    if (!planned.length) return;
    await this.activation.loadStoredSnapshots(planned);
    const batches = planned.map((p) => p.batch);
    const reply = await this.pool.run(slot, { op: 'deliver', incarnation: this.incarnations[slot] ?? null, tick: this.world.time.tick, batches, snapshot: false });
    this.incarnations[slot] = reply.incarnation;
    for (const r of reply.results) {
      const record = this.world.table.get(r.id)!;
      if (r.failure) this.activation.fail(r.id, record, r.failure.error, null);
      else record.status = 'active';
    }
  }

  /** Every dirty resident actor's snapshot, from every slot that was ever used. */
  async collectDirty(): Promise<void> {
    await Promise.all(
      Array.from({ length: this.pool.slots }, async (_, slot) => {
        if (!this.used(slot)) return;
        this.activation.takeSnapshots((await this.run(slot, (incarnation) => ({ op: 'snapshot', incarnation }))).snapshots);
      }),
    );
  }

  /** Passivate these actors: their workers hand over the snapshots and forget them. */
  async evict(bySlot: Map<number, string[]>): Promise<void> {
    await Promise.all(
      [...bySlot].map(async ([slot, ids]) => this.activation.passivated((await this.run(slot, (incarnation) => ({ op: 'evict', incarnation, ids }))).snapshots)),
    );
  }

  async stats(): Promise<{ slot: number; resident: number; live: number; dormant: number; heapUsed: number }[]> {
    return Promise.all(
      Array.from({ length: this.pool.slots }, async (_, slot) => {
        const reply = await this.pool.run(slot, { op: 'stats' });
        return { slot, resident: reply.resident ?? 0, live: reply.live ?? 0, dormant: reply.dormant ?? 0, heapUsed: reply.heapUsed ?? 0 };
      }),
    );
  }

  /** Kill the worker behind a slot (tests of worker loss). */
  terminate(slot: number): Promise<void> {
    return this.pool.terminate(slot);
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
