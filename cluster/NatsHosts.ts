import { errors, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { RemoteHosts, RemoteLink } from '../runtime/HostPool.ts';
import { HostLost } from '../runtime/hostLink.ts';
import type { HostCommand, HostReport, HostSetup } from '../runtime/hostProtocol.ts';
import { decode, encode } from '../runtime/wire.ts';
import { log } from '../runtime/log.ts';
import type { ShardLeases } from './ShardLeases.ts';
import { requestBig, serveBig } from './bigRequest.ts';
import { hostSubject, loadSubject, type LoadRequest, type SlotReply, type SlotRequest } from './slotProtocol.ts';

export interface NatsHostsOptions {
  nc: NatsConnection;
  world: string;
  /** the conductor lease's epoch: the hosts serve this era */
  era: number;
  /** host slots of the world */
  slots: number;
  /** the lease bucket: who holds each slot, under which epoch */
  leases: ShardLeases;
  /** a command still unanswered after this long makes the conductor look at the slot's lease (default 5 s) */
  callTimeoutMs?: number;
  /**
   * a command still unanswered after this many waits of `callTimeoutMs` (the lease unchanged) counts its host as
   * lost all the same: the pool rebuilds the slot — on the same holder if it still holds it — so a host stuck for
   * any reason heals instead of stalling the world silently (default 6)
   */
  maxWaits?: number;
  /** how often a rebuild looks for the slot's next holder (default 100 ms) */
  pollMs?: number;
}

type Load = (ids: string[]) => Promise<Record<string, unknown>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The conductor's side of a clustered world: its HostPool reaches each host slot by NATS request on
 * `midgard.<world>.host.<slot>.<epoch>`, the epoch read from the slot's lease. "No responders" means the holder
 * is gone (HostLost: the pool rebuilds the slot on its next holder, which this waits for); a timeout looks at the
 * lease: still the same holder ⇒ it is only slow and the same numbered request is sent again (answered once),
 * else HostLost. Snapshot loads from the hosts are answered on the era's load subject.
 */
export class NatsHosts implements RemoteHosts {
  readonly count: number;
  /** per slot, the newest lease epoch a link reached (sent with every request: older holders' mail is dropped) */
  readonly epochs: number[];
  /** per slot, the newest epoch seen in the lease bucket: a link to an older one is stale (HostLost) */
  readonly latest: number[];
  /** per slot, the current link's snapshot loader */
  readonly loaders: (Load | null)[];
  private readonly sub: Subscription;
  private readonly first: NatsLink[] = [];
  private allOpen: Promise<void> | null = null;
  /** requests are numbered across links: a slot's rebuilt link may reach the same server as the one before */
  private requests = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(readonly options: NatsHostsOptions) {
    this.count = options.slots;
    this.epochs = Array.from({ length: options.slots }, () => 0);
    this.latest = Array.from({ length: options.slots }, () => 0);
    this.loaders = Array.from({ length: options.slots }, () => null);
    this.timer = setInterval(() => void this.refresh().catch(() => {}), Math.max(100, Math.floor(options.leases.options.ttlMs / 3)));
    this.timer.unref?.();
    this.sub = options.nc.subscribe(loadSubject(options.world, options.era), {
      callback: serveBig(options.nc, async (payload) => {
        const { slot, ids } = decode<LoadRequest>(payload);
        const load = this.loaders[slot];
        if (!load) throw new Error(`no link to slot ${slot}`); // not answered: the host's request times out
        return encode(await load(ids));
      }),
    });
  }

  link(slot: number, setup: HostSetup, load: Load, after?: RemoteLink): RemoteLink {
    const before = after instanceof NatsLink ? after : null;
    const link = new NatsLink(this, slot, setup, load, before?.epoch ?? 0, before?.stuck ?? false, !after);
    if (!after) this.first[slot] = link;
    return link;
  }

  /**
   * Every slot's first host open before any of them runs a command: a host follows its mail from its open on, so
   * no batch may be sent before every receiver listens.
   */
  opened(): Promise<void> {
    this.allOpen ??= Promise.all(this.first.map((link) => link.open())).then(() => undefined);
    return this.allOpen;
  }

  /** Read every slot's lease now: links to a holder older than the slot's newest are stale from now on. */
  async refresh(): Promise<void> {
    for (const [slot, { epoch }] of await this.options.leases.holders(this.count)) this.latest[slot] = Math.max(this.latest[slot]!, epoch);
  }

  /** @internal the next request number */
  nextRequest(): number {
    return ++this.requests;
  }

  /** closed: links stop waiting for holders */
  closed = false;

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.sub.unsubscribe();
  }
}

class NatsLink implements RemoteLink {
  /** the lease epoch of the host this link reaches; 0 until it reached one */
  epoch = 0;
  /** its host never answered a command (`maxWaits`): the next link may open a fresh host on the same holder */
  stuck = false;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly hosts: NatsHosts,
    private readonly slot: number,
    private readonly setup: HostSetup,
    private readonly load: Load,
    /** a rebuild: only a holder newer than this epoch will do */
    private readonly after: number,
    /** the link before gave up on a stuck host: the same holder will do, with a fresh host */
    private readonly replace: boolean,
    /** one of the world's first links: they all open before any runs a command */
    private readonly first: boolean,
  ) {}

  async call(command: HostCommand): Promise<HostReport> {
    await (this.first ? this.hosts.opened() : this.open());
    if (this.hosts.latest[this.slot]! > this.epoch) throw new HostLost(`host slot ${this.slot} (epoch ${this.epoch}) was leased again (epoch ${this.hosts.latest[this.slot]})`);
    return (await this.request({ command }))!;
  }

  open(): Promise<void> {
    return (this.ready ??= this.connect());
  }

  /** Wait for a holder of the slot (newer than `after`) and open a fresh host on it. */
  private async connect(): Promise<void> {
    const { leases, pollMs = 100 } = this.hosts.options;
    for (;;) {
      if (this.hosts.closed) throw new Error(`host slot ${this.slot}: the conductor's hosts are closed`);
      const holder = await leases.holder(this.slot);
      if (holder && (holder.epoch > this.after || (this.replace && holder.epoch === this.after))) {
        this.epoch = holder.epoch;
        this.hosts.epochs[this.slot] = Math.max(this.hosts.epochs[this.slot]!, holder.epoch);
        this.hosts.latest[this.slot] = Math.max(this.hosts.latest[this.slot]!, holder.epoch);
        this.hosts.loaders[this.slot] = this.load;
        try {
          await this.request({ setup: this.setup, ...(this.replace && holder.epoch === this.after ? { fresh: true as const } : {}) });
          return;
        } catch (err) {
          if (!(err instanceof HostLost)) throw err;
          // leased but not serving yet (or gone again): look again
        }
      }
      await sleep(pollMs);
    }
  }

  private async request(body: Pick<SlotRequest, 'setup' | 'command' | 'fresh'>): Promise<HostReport | null> {
    const { nc, world, era, leases, callTimeoutMs = 5_000, maxWaits = 6 } = this.hosts.options;
    const payload = encode({ n: this.hosts.nextRequest(), era, epochs: this.hosts.epochs, ...body } satisfies SlotRequest);
    const subject = hostSubject(world, this.slot, this.epoch);
    for (let waits = 1; ; waits++) {
      let reply: SlotReply;
      try {
        reply = decode<SlotReply>(await requestBig(nc, subject, payload, callTimeoutMs));
      } catch (err) {
        if (noResponders(err)) throw new HostLost(`host slot ${this.slot} (epoch ${this.epoch}) is gone`);
        if (!(err instanceof errors.TimeoutError || (err as Error).cause instanceof errors.TimeoutError)) throw err;
        const op = body.command?.op ?? 'setup';
        if ((await leases.holder(this.slot))?.epoch !== this.epoch) throw new HostLost(`host slot ${this.slot} (epoch ${this.epoch}) lost its lease`);
        if (waits >= maxWaits) {
          // still its holder, yet silent that long: stuck (waiting for mail no one sends again, say) — rebuild it
          this.stuck = true;
          log.error({ slot: this.slot, epoch: this.epoch, op, waitedMs: waits * callTimeoutMs }, 'host slot never answered; rebuilding it');
          throw new HostLost(`host slot ${this.slot} (epoch ${this.epoch}) did not answer ${op} in ${waits * callTimeoutMs} ms`);
        }
        log.warn({ slot: this.slot, epoch: this.epoch, op, waitedMs: callTimeoutMs, waits }, 'host slot slow to answer; asking again');
        continue; // slow, not gone: ask again (answered once)
      }
      if (reply.epoch !== this.epoch) throw new HostLost(`host slot ${this.slot}: a reply from epoch ${reply.epoch}, not ${this.epoch}`);
      if ('error' in reply) throw reply.lost ? new HostLost(`host slot ${this.slot}: ${reply.error}`) : new Error(`host slot ${this.slot}: ${reply.error}`);
      return reply.report;
    }
  }
}

function noResponders(err: unknown): boolean {
  return err instanceof errors.NoRespondersError || (err instanceof errors.RequestError && err.isNoResponders()) || (err as Error)?.cause instanceof errors.NoRespondersError;
}
