import type { NatsConnection } from '@nats-io/transport-node';
import type { ActorKind, Catalogue } from '../runtime/ActorKind.ts';
import { log } from '../runtime/log.ts';
import { ConductorFence } from './ConductorFence.ts';
import { LeaseKeeper } from './LeaseKeeper.ts';
import { MailStream } from './MailStream.ts';
import { MailMesh } from './NatsPeerTransport.ts';
import { NatsHosts } from './NatsHosts.ts';
import { natsName } from './nats.ts';
import { CONDUCTOR, ShardLeases, type Lease } from './ShardLeases.ts';
import { SlotServer } from './SlotServer.ts';

export interface WorldNodeOptions {
  nc: NatsConnection;
  world: string;
  /** this node's name, unique among the world's nodes */
  node: string;
  /** host slots of the world: the unit nodes lease and serve (fixed for the life of the world) */
  slots: number;
  /** how long a lease lives without renewal: a dead node's slots (and conductor role) move after about this */
  ttlMs: number;
  /** see NatsHostsOptions.callTimeoutMs */
  callTimeoutMs?: number;
  /** see NatsHostsOptions.maxWaits */
  maxWaits?: number;
  /** a host's catalogue (kinds) from the URL its conductor sends; default: import it */
  kindsOf?: (catalogueUrl: string) => Promise<ActorKind[]>;
}

/** Called when this node becomes the world's conductor; `lost` resolves if it stops being it. */
export type ConductorStart = (epoch: number, lost: Promise<void>) => void | Promise<void>;

const importKinds = async (url: string) => ((await import(url)) as Catalogue).kinds;

/**
 * One world node: a process that serves a fair share of the world's host slots (leased, kept in balance with the
 * other live nodes by LeaseKeeper) and, while it holds the world's conductor lease, runs the world's clock.
 * "A node is a bigger peer": each slot it holds is a ShardHost like a worker's, answering the conductor over
 * NATS (SlotServer) and exchanging mail with the other slots in memory when they are here, through JetStream
 * when they are elsewhere (MailMesh).
 *
 * @example
 * const node = await WorldNode.join({ nc, world: 'main', node: 'n1', slots: 6, ttlMs: 3_000 });
 * node.onConductor(async (epoch, lost) => {
 *   const runtime = await Runtime.create({ catalogue, hosts: node.remoteHosts(), restore: true });
 *   runtime.start();
 *   await lost; await runtime.stop();
 * });
 */
export class WorldNode {
  private readonly servers = new Map<number, SlotServer>();
  private keeper!: LeaseKeeper;
  private conductor: { lease: Lease; gone: Promise<void>; lost: () => void } | null = null;
  private onStart: ConductorStart | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private round: Promise<void> | null = null;
  private readonly kinds = new Map<string, Promise<ActorKind[]>>();

  private constructor(
    readonly options: WorldNodeOptions,
    readonly leases: ShardLeases,
    private readonly mesh: MailMesh,
  ) {}

  /** Join the world: lease a fair share of its slots and serve them; compete for the conductor lease. */
  static async join(options: WorldNodeOptions): Promise<WorldNode> {
    natsName('world', options.world);
    if (!Number.isInteger(options.slots) || options.slots < 1 || options.slots > 65_535) throw new Error(`slots must be an integer from 1 to 65535, got ${options.slots}`);
    const leases = await ShardLeases.open(options.nc, { world: options.world, node: options.node, ttlMs: options.ttlMs });
    const node = new WorldNode(options, leases, new MailMesh(await MailStream.open(options.nc, options.world), options.nc.info?.max_payload));
    node.keeper = new LeaseKeeper(leases, options.slots, { gained: (slot, epoch) => node.gain(slot, epoch), lost: (slot) => node.lose(slot) });
    node.keeper.start();
    node.timer = setInterval(() => void node.conductorRound(), Math.max(100, Math.floor(options.ttlMs / 3)));
    node.timer.unref?.();
    return node;
  }

  /** Remove everything a world keeps in NATS — its lease buckets and its mail stream (tests, benchmarks, a world deleted). */
  static async forget(nc: NatsConnection, world: string): Promise<void> {
    await ShardLeases.destroy(nc, world);
    await (await MailStream.open(nc, world)).destroy();
  }

  /** The slots this node serves now. */
  get slots(): number[] {
    return [...this.servers.keys()].sort((a, b) => a - b);
  }

  /** Batches this node's hosts exchanged: in memory, through JetStream, and dropped as stale (fencing). */
  get mail(): Readonly<MailMesh['counts']> {
    return this.mesh.counts;
  }

  /** The conductor lease's epoch while this node holds it, else null. */
  get conductorEpoch(): number | null {
    return this.conductor?.lease.epoch ?? null;
  }

  /**
   * Run `start` whenever this node becomes the conductor; only a node that set it competes for the role. `lost`
   * resolves when the lease is lost (or released): stop the world then. If `start` fails, the role is handed back.
   */
  onConductor(start: ConductorStart): void {
    this.onStart = start;
    void this.conductorRound();
  }

  /** The world's host slots as this node's Runtime reaches them (`Runtime.create({ hosts })`); conductor only. */
  remoteHosts(): NatsHosts {
    if (!this.conductor) throw new Error(`node ${this.options.node} is not the conductor of world ${this.options.world}`);
    const { nc, world, slots, callTimeoutMs, maxWaits } = this.options;
    return new NatsHosts({ nc, world, era: this.conductor.lease.epoch, slots, leases: this.leases, callTimeoutMs, maxWaits });
  }

  /** The conductor's writes fenced by its lease epoch, in place of persistence/WorldLock; conductor only. */
  conductorFence(): ConductorFence {
    const held = this.conductor;
    if (!held) throw new Error(`node ${this.options.node} is not the conductor of world ${this.options.world}`);
    return new ConductorFence(this.options.world, held.lease.epoch, held.gone, () => this.releaseConductor());
  }

  /** Leave cleanly: hand every slot and the conductor lease back at once. */
  async leave(): Promise<void> {
    this.halt();
    await this.keeper.stop({ release: true });
    await this.releaseConductor();
    await this.mesh.close();
  }

  /** Stop renewing anything, without handing it back (what a crash looks like to the others; tests). */
  halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    void this.keeper.stop();
  }

  /** One conductor-lease round now (tests; the timer runs them every ttl / 3). */
  conductorRound(): Promise<void> {
    this.round ??= this.doConductorRound()
      .catch((err: unknown) => log.warn({ err, node: this.options.node }, 'conductor lease round failed'))
      .finally(() => (this.round = null));
    return this.round;
  }

  private async doConductorRound(): Promise<void> {
    if (this.conductor) {
      const renewed = await this.leases.renew(this.conductor.lease);
      if (renewed) this.conductor.lease = renewed;
      else this.loseConductor();
      return;
    }
    if (!this.onStart || !this.timer) return; // nobody to start the world here: leave the role to a node that can
    const lease = await this.leases.acquire(CONDUCTOR);
    if (!lease) return;
    let lost!: () => void;
    const gone = new Promise<void>((resolve) => (lost = resolve));
    this.conductor = { lease, gone, lost };
    log.info({ node: this.options.node, epoch: lease.epoch }, 'this node is now the world\'s conductor');
    // not awaited: the world runs for as long as the lease is held, and the rounds must go on renewing it
    void Promise.resolve()
      .then(() => this.onStart!(lease.epoch, gone))
      .catch(async (err: unknown) => {
        log.error({ err, node: this.options.node }, 'starting the world as its conductor failed; handing the role back');
        if (this.conductor?.lease.epoch === lease.epoch) await this.releaseConductor();
      });
  }

  private loseConductor(): void {
    const held = this.conductor;
    this.conductor = null;
    if (!held) return;
    log.warn({ node: this.options.node, epoch: held.lease.epoch }, 'conductor lease lost');
    held.lost();
  }

  private async releaseConductor(): Promise<void> {
    const held = this.conductor;
    if (!held) return;
    this.loseConductor();
    await this.leases.release(held.lease);
  }

  private async gain(slot: number, epoch: number): Promise<void> {
    await this.mesh.serve(slot); // reading its mail before the conductor can open the host
    const kindsOf = this.options.kindsOf ?? importKinds;
    const server = new SlotServer(this.options.nc, this.options.world, slot, epoch, this.mesh, (url) => {
      if (!this.kinds.has(url)) this.kinds.set(url, kindsOf(url));
      return this.kinds.get(url)!;
    });
    await server.start();
    this.servers.get(slot)?.close();
    this.servers.set(slot, server);
  }

  private async lose(slot: number): Promise<void> {
    this.servers.get(slot)?.close();
    this.servers.delete(slot);
    await this.mesh.drop(slot);
  }
}
