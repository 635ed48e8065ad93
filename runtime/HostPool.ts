import { MessageChannel, type MessagePort, type Transferable } from 'node:worker_threads';
import type { ActorKind } from './ActorKind.ts';
import type { HostCommand, HostReport, HostSetup, Row } from './hostProtocol.ts';
import { HostLost, workerLink, type Link } from './hostLink.ts';
import { ShardHost } from './ShardHost.ts';
import { createShardPool, type ShardPool } from './ShardPool.ts';

/** What the pool needs from the conductor: snapshots, and what a lost host is rebuilt from. */
export interface PoolHooks {
  /** snapshot (or null) per id; `baseline`: as of the last collection (a rebuilt host replaying) */
  load(ids: string[], baseline: boolean): Promise<Record<string, unknown>>;
  /** the slot's actors as of the last collection, and the order their mail was in */
  baseline(slot: number): { rows: Row[]; ready: string[] };
  rebuilding(slot: number): void;
  /** the slot's host answers again, `ms` after it was found lost (its shards tick from the next command) */
  rebuilt(slot: number, ms: number): void;
}

/**
 * Hosts served elsewhere (other processes, other machines: cluster/NatsHosts.ts): `count` slots, each reached
 * through a link that fails with HostLost when the host behind it is gone.
 */
export interface RemoteHosts {
  readonly count: number;
  /**
   * A link to a fresh host for `slot`, set up with `setup`; its snapshot requests are answered by `load`. With
   * `after`, a host newer than that link's (the slot's next holder): the link's calls wait until one serves it.
   */
  link(slot: number, setup: HostSetup, load: (ids: string[]) => Promise<Record<string, unknown>>, after?: RemoteLink): RemoteLink;
  close(): Promise<void>;
}

export interface RemoteLink {
  call(command: HostCommand): Promise<HostReport>;
  /** resolves once a host serves the link (and receives its peers' mail) */
  open(): Promise<void>;
}

type Journal = { command: HostCommand; done: boolean }[];
/** what a peer hands back for a lost host: the batches it sent it since the collection before last */
type Adopted = Pick<HostReport, 'batches'>;

/** Commands that change a host's state: a rebuilt host re-runs those sent since the last collection. */
const JOURNALED = new Set<HostCommand['op']>(['tick', 'step', 'collect', 'control']);

/**
 * The shard hosts as the conductor sees them: `count` hosts, each reached through a link — a direct call for the
 * in-process host (0 workers), a control port to a worker thread, or a remote link to a host slot on a world node
 * (`RemoteHosts`). Every command that changes a worker or remote host is kept until the next collection; when
 * one is lost, a fresh one (a new worker, or the slot's next holder) is given the last collection's rows, re-runs
 * those commands muted (peers hand back the batches they sent it), and the commands in flight are sent again —
 * the world goes on as if nothing had happened.
 */
export class HostPool {
  private readonly links: Link[];
  /** per slot, the remote link behind `links` (remote hosts only) */
  private readonly remoteLinks: RemoteLink[] = [];
  /** per slot, the link to its fresh host while it is rebuilt (remote hosts only) */
  private readonly fresh: (Link | null)[] = [];
  private readonly journals: Journal[];
  /** per slot, the journal's entry whose reply was a collection, until the conductor has applied it */
  private readonly collections: (Journal[number] | null)[];
  /** the rebuild of lost workers under way (or the last one, settled): one at a time */
  private workerRecovery: Promise<unknown> = Promise.resolve();
  private readonly recovering: (Promise<void> | null)[];
  /** per slot, how many rebuilds began: a command sent before one is sent again after it */
  private readonly generations: number[];
  private stopping = false;

  private constructor(
    readonly count: number,
    private readonly pool: ShardPool | null,
    private readonly setupFor: (index: number) => HostSetup,
    private readonly hooks: PoolHooks,
    kinds: ActorKind[],
    private readonly remote: RemoteHosts | null,
  ) {
    this.journals = Array.from({ length: count }, () => []);
    this.recovering = Array.from({ length: count }, () => null);
    this.collections = Array.from({ length: count }, () => null);
    this.generations = Array.from({ length: count }, () => 0);
    if (remote) {
      this.links = Array.from({ length: count }, (_, slot) => this.connect(slot));
      return;
    }
    if (!pool) {
      const link: Link = { baseline: false, call: (command) => host.handle(command) };
      const host = new ShardHost(kinds, setupFor(0), null, (ids) => hooks.load(ids, link.baseline));
      this.links = [link];
      return;
    }
    // a port pair per pair of hosts, handed over at start: afterwards mail never passes through this thread
    const peers: (MessagePort | null)[][] = Array.from({ length: count }, () => Array.from({ length: count }, () => null));
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b++) {
        const { port1, port2 } = new MessageChannel();
        peers[a]![b] = port1;
        peers[b]![a] = port2;
      }
    }
    this.links = peers.map((ports, slot) => this.start(slot, ports));
  }

  /** `remote`: the hosts live elsewhere (a cluster), and `workers` is ignored. */
  static create(workers: number, setupFor: (index: number) => HostSetup, hooks: PoolHooks, kinds: ActorKind[], remote?: RemoteHosts): HostPool {
    if (remote) return new HostPool(remote.count, null, setupFor, hooks, kinds, remote);
    return new HostPool(Math.max(1, workers), workers > 0 ? createShardPool(workers) : null, setupFor, hooks, kinds, null);
  }

  /** The one host runs in this thread (0 workers): mail is handed over as is, not encoded. */
  get inline(): boolean {
    return this.pool === null && this.remote === null;
  }

  /** Run a command on a host; a lost worker is rebuilt and the command sent again. */
  async call(slot: number, command: HostCommand, transfer?: Transferable[]): Promise<HostReport> {
    for (let attempt = 0; ; attempt++) {
      if (this.recovering[slot]) await this.recovering[slot];
      const journal = this.journals[slot]!;
      const entry = !this.inline && JOURNALED.has(command.op) ? { command, done: false } : null;
      if (entry) journal.push(entry);
      const generation = this.generations[slot]!;
      try {
        const reply = await this.links[slot]!.call(command, transfer);
        // the slot was rebuilt while this ran (a peer's rebuild found it lost): the fresh host has not run it
        if (this.generations[slot] !== generation) throw new HostLost(`host ${slot} was rebuilt while it ran ${command.op}`);
        if (entry) {
          entry.done = true;
          if (reply.rows) this.collections[slot] = entry;
        }
        return reply;
      } catch (err) {
        if (!(err instanceof HostLost) || this.stopping || attempt >= 3) throw err;
        // lost before a rebuild that began since it was sent: that rebuild is its answer (a second one would wait
        // for a holder newer than the fresh host, forever); it goes again to the fresh host
        if (this.generations[slot] === generation) await this.recover(slot);
      }
    }
  }

  /**
   * The conductor has applied the slot's last collection: what came before it is in the conductor's copy, so the
   * journal starts after it. Not when the reply arrives: until every host's report of a collecting tick is in,
   * the conductor's copy is the collection before, and a host lost then is rebuilt from that one.
   */
  collected(slot: number): void {
    const entry = this.collections[slot];
    if (!entry) return;
    this.collections[slot] = null;
    const journal = this.journals[slot]!;
    journal.splice(0, journal.indexOf(entry) + 1);
  }

  all(command: (slot: number) => HostCommand): Promise<HostReport[]> {
    return Promise.all(Array.from({ length: this.count }, (_, slot) => this.call(slot, command(slot))));
  }

  /** Kill the worker behind a slot (tests of worker loss). */
  async terminate(slot: number): Promise<void> {
    await this.pool?.terminate(slot);
  }

  async destroy(): Promise<void> {
    await Promise.all(this.recovering.filter(Boolean));
    this.stopping = true; // a host ending now is not a lost one
    await this.all(() => ({ op: 'stop' })).catch(() => undefined);
    await this.pool?.destroy();
    await this.remote?.close();
  }

  /** A link to the remote host of a slot (with `after`: to the slot's next holder, for a rebuild). */
  private connect(slot: number, after?: RemoteLink): Link {
    const link: Link = { baseline: false, call: (command) => remote.call(command), open: () => remote.open() };
    const remote = this.remote!.link(slot, this.setupFor(slot), (ids) => this.hooks.load(ids, link.baseline), after);
    this.remoteLinks[slot] = remote;
    return link;
  }

  private start(slot: number, ports: (MessagePort | null)[]): Link {
    return workerLink(this.pool!, slot, this.setupFor(slot), ports, this.hooks.load);
  }

  /** A slot's host is being rebuilt: commands sent before now go again; the journal keeps those it answered. */
  private lose(slot: number): Journal {
    this.generations[slot]!++;
    this.hooks.rebuilding(slot);
    const journal = this.journals[slot]!.filter((e) => e.done);
    this.journals[slot] = journal;
    return journal;
  }

  /** A fresh host for a lost one: the slot's next holder (remote), or a fresh worker (rebuildWorkers). */
  private recover(slot: number): Promise<void> {
    if (this.recovering[slot]) return this.recovering[slot]!;
    if (!this.remote) return this.recoverWorkers(slot);
    const started = performance.now();
    const recovery = (async () => {
      const journal = this.lose(slot);
      for (let attempt = 0; ; attempt++) {
        try {
          // after a fresh host lost (or stuck) in turn, the next is opened after it
          return await this.rebuild(slot, (this.fresh[slot] = this.connect(slot, this.remoteLinks[slot])), journal);
        } catch (err) {
          if (!(err instanceof HostLost) || this.stopping || attempt >= 3) throw err;
        }
      }
    })()
      .then(() => this.hooks.rebuilt(slot, Math.round(performance.now() - started)))
      .finally(() => {
        this.fresh[slot] = null; // a rebuild that failed leaves no half-open host to ask
      });
    return this.track(slot, recovery);
  }

  /** Callers of `slot` wait for `recovery` until it settles. */
  private track(slot: number, recovery: Promise<void>): Promise<void> {
    const tracked: Promise<void> = recovery.finally(() => {
      if (this.recovering[slot] === tracked) this.recovering[slot] = null;
    });
    tracked.catch(() => undefined); // a slot nobody calls again must not leave an unhandled rejection
    return (this.recovering[slot] = tracked);
  }

  /**
   * One rebuild of workers at a time: a slot found lost while one runs waits for it (which may have taken it in)
   * and is rebuilt after it only if it is still lost. Each slot's callers wait for their own fresh host only.
   */
  private recoverWorkers(slot: number): Promise<void> {
    const rebuilds = this.workerRecovery.then(() => (this.links[slot]!.lost?.() ? this.rebuildWorkers(slot) : new Map<number, Promise<void>>()));
    this.workerRecovery = rebuilds.then((all) => Promise.allSettled(all.values()), () => undefined);
    return this.track(slot, rebuilds.then((all) => all.get(slot)));
  }

  /**
   * Fresh workers for `first` and every worker found lost beside it (a peer that cannot hand back what it sent
   * is lost too: it joins, and the ports are made again). Each fresh worker gets ports to the survivors (which
   * hand back what they sent the lost one since the collection before last) and to the other fresh ones, and
   * they replay side by side, sending each other the batches they replay (a muted host still sends). Each is
   * released to its callers when its own replay is done: one may have answered a tick that another must still
   * run again, and its replay waits for that tick's batch. Resolves, once all are started, to each one's rebuild.
   */
  private async rebuildWorkers(first: number): Promise<Map<number, Promise<void>>> {
    const started = performance.now();
    const journals = new Map<number, Journal>();
    const joined = new Map<number, { resolve: () => void; reject: (err: unknown) => void }>();
    const join = (slot: number) => {
      journals.set(slot, this.lose(slot));
      if (slot !== first) this.track(slot, new Promise<void>((resolve, reject) => joined.set(slot, { resolve, reject })));
    };
    join(first);
    try {
      for (let attempt = 0; ; attempt++) {
        for (let slot = 0; slot < this.count; slot++) if (!journals.has(slot) && this.links[slot]!.lost?.()) join(slot);
        const group = [...journals.keys()];
        const ports: (MessagePort | null)[][] = Array.from({ length: this.count }, () => Array.from({ length: this.count }, () => null));
        const adoptions = group.map((slot) =>
          Array.from({ length: this.count }, (_, peer) => {
            if (peer === slot || (journals.has(peer) && peer < slot)) return null;
            const { port1, port2 } = new MessageChannel();
            ports[slot]![peer] = port1;
            if (journals.has(peer)) return void (ports[peer]![slot] = port2); // both fresh: a plain pair
            return this.links[peer]!.call({ op: 'adopt', peer: slot, port: port2 }, [port2]);
          }).filter((a): a is Promise<HostReport> => !!a),
        );
        let adopted: HostReport[][];
        try {
          adopted = await Promise.all(adoptions.map((a) => Promise.all(a)));
        } catch (err) {
          if (!(err instanceof HostLost) || this.stopping || attempt >= this.count) throw err;
          for (const row of ports) for (const port of row) port?.close();
          continue; // the peer that could not answer is lost too: the next attempt takes it in
        }
        const rebuilds = new Map<number, Promise<void>>();
        group.forEach((slot, i) => {
          const rebuild = this.rebuild(slot, this.start(slot, ports[slot]!), journals.get(slot)!, adopted[i]).then(() =>
            this.hooks.rebuilt(slot, Math.round(performance.now() - started)),
          );
          rebuilds.set(slot, rebuild);
          const waiting = joined.get(slot);
          if (waiting) rebuild.then(waiting.resolve, waiting.reject);
        });
        return rebuilds;
      }
    } catch (err) {
      for (const waiting of joined.values()) waiting.reject(err);
      throw err;
    }
  }

  /**
   * What remote peer `index` sent the lost `slot` since the collection before last. A peer found lost too (its
   * node let it go after it answered its last command, so nothing else would notice) is rebuilt now and asked
   * through its fresh host: what it replayed so far, and its replay sends the rest. Taking "lost" for "sent
   * nothing" would leave the slot waiting forever for a batch no one sends again.
   */
  private async adoptFrom(index: number, slot: number): Promise<Adopted> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await (this.fresh[index] ?? this.links[index]!).call({ op: 'adopt', peer: slot });
      } catch (err) {
        if (!(err instanceof HostLost) || this.stopping) throw err;
        // not HostLost: this slot's own fresh host is fine, a retry of its rebuild would wait for a newer one
        if (attempt >= 5) throw new Error(`host ${index} was lost again and again while host ${slot} was rebuilt: ${err.message}`);
        void this.recover(index).catch(() => {}); // its own callers see a failure; `fresh[index]` is set at once
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100 * attempt)); // its fresh host lost too: the next comes
      }
    }
  }

  /**
   * Load the last collection's rows into a fresh host and re-run the journal with the batches its peers sent the
   * lost one. A remote host is open before its peers are asked: a batch sent after they answered reaches it. A
   * remote peer lost too is asked through its own fresh host: what that one replayed so far (the rest comes).
   */
  private async rebuild(slot: number, link: Link, journal: Journal, adoptions?: (Adopted | Promise<Adopted>)[]): Promise<void> {
    await link.open?.();
    adoptions ??= this.links.flatMap((_, index) => (index === slot ? [] : [this.adoptFrom(index, slot)]));
    const batches = (await Promise.all(adoptions)).flatMap((r) => r.batches ?? []);
    const { rows, ready } = this.hooks.baseline(slot);
    await link.call({ op: 'load', rows, ready });
    link.baseline = true;
    await link.call({ op: 'replay', commands: journal.map((e) => e.command), batches });
    link.baseline = false;
    this.links[slot] = link;
    this.fresh[slot] = null;
  }
}
