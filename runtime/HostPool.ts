import { MessageChannel, type MessagePort, type Transferable } from 'node:worker_threads';
import type { ActorKind } from './ActorKind.ts';
import type { HostCommand, HostReport, HostSetup, Row } from './hostProtocol.ts';
import type { FromHost, ToHost } from './worker.ts';
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

export class HostLost extends Error {}

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

interface Link {
  call(command: HostCommand, transfer?: Transferable[]): Promise<HostReport>;
  /** answering snapshot requests from the last collection's copy (while a rebuilt host replays) */
  baseline: boolean;
  /** a remote host: resolves once one serves the link */
  open?(): Promise<void>;
}

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
  private readonly journals: { command: HostCommand; done: boolean }[][];
  private readonly recovering: (Promise<void> | null)[];
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
      try {
        const reply = await this.links[slot]!.call(command, transfer);
        if (entry) {
          entry.done = true;
          // a collection: what came before is in the conductor's copy now
          if (reply.rows) journal.splice(0, journal.indexOf(entry) + 1);
        }
        return reply;
      } catch (err) {
        if (!(err instanceof HostLost) || this.stopping || attempt >= 3) throw err;
        await this.recover(slot);
      }
    }
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
    const { port1, port2 } = new MessageChannel();
    const pending = new Map<number, { resolve: (r: HostReport) => void; reject: (e: Error) => void }>();
    let lost: Error | null = null;
    let next = 0;
    const link: Link = {
      baseline: false,
      call: (command, transfer = []) => {
        if (lost) return Promise.reject(lost);
        return new Promise((resolve, reject) => {
          pending.set(++next, { resolve, reject });
          port1.postMessage({ id: next, command } satisfies ToHost, transfer as never);
        });
      },
    };
    const fail = (why: unknown) => {
      if (lost) return;
      lost = new HostLost(`worker for host ${slot} lost: ${why instanceof Error ? why.message : String(why)}`);
      for (const p of pending.values()) p.reject(lost);
      pending.clear();
      port1.close();
    };
    port1.on('message', (message: FromHost) => {
      if ('load' in message) {
        void this.hooks.load(message.ids, link.baseline).then((snapshots) => port1.postMessage({ loaded: message.load, snapshots } satisfies ToHost));
        return;
      }
      const p = pending.get(message.id);
      pending.delete(message.id);
      if ('error' in message) p?.reject(new Error(`host ${slot}: ${message.error}`));
      else p?.resolve(message.reply as HostReport);
    });
    port1.on('close', () => fail('control port closed'));
    const peers = ports.filter((p): p is MessagePort => !!p);
    this.pool!.host(slot, { setup: this.setupFor(slot), control: port2, peers: ports }, [port2, ...peers]).then(
      () => fail('host stopped'),
      (err: unknown) => fail(err),
    );
    return link;
  }

  /**
   * A fresh worker for a lost host: fresh ports to every other host (which hand back what they sent the lost
   * one since the last collection), the last collection's rows, then the journal re-run muted.
   */
  private recover(slot: number): Promise<void> {
    const started = performance.now();
    this.recovering[slot] ??= (async () => {
      this.hooks.rebuilding(slot);
      const journal = this.journals[slot]!.filter((e) => e.done);
      this.journals[slot] = journal;
      if (this.remote) return this.rebuild(slot, (this.fresh[slot] = this.connect(slot, this.remoteLinks[slot])), journal);
      const ports: (MessagePort | null)[] = [];
      const adoptions: Promise<HostReport>[] = [];
      for (let peer = 0; peer < this.count; peer++) {
        if (peer === slot) {
          ports.push(null);
          continue;
        }
        const { port1, port2 } = new MessageChannel();
        ports.push(port1);
        adoptions.push(this.links[peer]!.call({ op: 'adopt', peer: slot, port: port2 }, [port2]));
      }
      await this.rebuild(slot, this.start(slot, ports), journal, adoptions);
    })()
      .then(() => this.hooks.rebuilt(slot, Math.round(performance.now() - started)))
      .finally(() => (this.recovering[slot] = null));
    return this.recovering[slot]!;
  }

  /**
   * Load the last collection's rows into a fresh host and re-run the journal with the batches its peers sent the
   * lost one. A remote host is open before its peers are asked: a batch sent after they answered reaches it. A
   * remote peer lost too is asked through its own fresh host: what that one replayed so far (the rest comes).
   */
  private async rebuild(slot: number, link: Link, journal: { command: HostCommand }[], adoptions?: Promise<Pick<HostReport, 'batches'>>[]): Promise<void> {
    await link.open?.();
    adoptions ??= this.links.flatMap((peer, index) => (index === slot ? [] : [(this.fresh[index] ?? peer).call({ op: 'adopt', peer: slot }).catch(() => ({ batches: [] }))]));
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
