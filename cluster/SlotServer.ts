import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { ActorKind } from '../runtime/ActorKind.ts';
import { ShardHost } from '../runtime/ShardHost.ts';
import { decode, encode } from '../runtime/wire.ts';
import type { MailMesh, NatsPeerTransport } from './NatsPeerTransport.ts';
import { requestBig, serveBig } from './bigRequest.ts';
import { hostSubject, loadSubject, type LoadRequest, type SlotReply, type SlotRequest } from './slotProtocol.ts';

/** How long a host waits for the conductor's snapshots (they may come from the store). */
const LOAD_TIMEOUT_MS = 30_000;
/** Replies kept for commands re-sent after a timeout. */
const KEPT_REPLIES = 16;

/**
 * One host slot served by this world node under one lease epoch: answers the conductor's requests on
 * `midgard.<world>.host.<slot>.<epoch>` with a ShardHost of the conductor's era (a newer era's `setup` replaces
 * it with a fresh one: a new conductor restores the world from its checkpoint). Closed when the lease is lost or
 * given up; the conductor then gets "no responders" and rebuilds the slot on its next holder.
 */
export class SlotServer {
  private host: { era: number; shard: ShardHost; transport: NatsPeerTransport } | null = null;
  private readonly replies = new Map<string, Promise<SlotReply>>();
  private sub: Subscription | null = null;
  private closed!: () => void;
  /** resolves when the slot leaves this node: commands still running are answered "lost" */
  private readonly closing = new Promise<void>((resolve) => (this.closed = resolve));

  constructor(
    private readonly nc: NatsConnection,
    private readonly world: string,
    readonly slot: number,
    readonly epoch: number,
    private readonly mesh: MailMesh,
    private readonly kindsOf: (catalogueUrl: string) => Promise<ActorKind[]>,
  ) {}

  /** Subscribed and known to the server: the conductor's next request reaches this host. */
  async start(): Promise<void> {
    this.sub = this.nc.subscribe(hostSubject(this.world, this.slot, this.epoch), {
      callback: serveBig(this.nc, async (payload) => {
        const request = decode<SlotRequest>(payload);
        const key = `${request.era}.${request.n}`;
        let reply = this.replies.get(key);
        if (!reply) {
          reply = this.answer(request).catch((e: unknown) => ({ epoch: this.epoch, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
          this.replies.set(key, reply);
          if (this.replies.size > KEPT_REPLIES) this.replies.delete(this.replies.keys().next().value!);
        }
        return encode(await reply);
      }),
    });
    await this.nc.flush();
  }

  close(): void {
    this.closed();
    this.sub?.unsubscribe();
    this.sub = null;
    this.host?.transport.close();
    this.host = null;
  }

  private async answer({ era, epochs, setup, fresh, command }: SlotRequest): Promise<SlotReply> {
    const host = this.host;
    if (host && era < host.era) return { epoch: this.epoch, error: `era ${era} is over: this host serves era ${host.era} (a newer conductor)` };
    if (setup) {
      if (host?.era !== era || fresh) await this.open(era, setup);
      this.host!.transport.fence(epochs);
      return { epoch: this.epoch, report: null };
    }
    if (!host || host.era !== era || !command) return { epoch: this.epoch, error: `slot ${this.slot} has no host open for era ${era}` };
    host.transport.fence(epochs);
    const report = await Promise.race([host.shard.handle(command), this.closing.then(() => null)]);
    if (!report) return { epoch: this.epoch, error: `slot ${this.slot} left this node`, lost: true };
    await host.transport.flushed(); // the batches of a reported tick are stored: a peer never waits for one that is lost
    if (command.op === 'stop' && this.host === host) {
      host.transport.close();
      this.host = null;
    }
    return { epoch: this.epoch, report };
  }

  private async open(era: number, setup: NonNullable<SlotRequest['setup']>): Promise<void> {
    if (setup.index !== this.slot) throw new Error(`slot ${this.slot} was sent the setup of host ${setup.index}`);
    const kinds = await this.kindsOf(setup.catalogueUrl);
    this.host?.transport.close();
    const transport = this.mesh.transport(this.slot, era, this.epoch, setup.hosts);
    const load = async (ids: string[]) => {
      const reply = await requestBig(this.nc, loadSubject(this.world, era), encode({ slot: this.slot, ids } satisfies LoadRequest), LOAD_TIMEOUT_MS);
      return decode<Record<string, unknown>>(reply);
    };
    this.host = { era, shard: new ShardHost(kinds, setup, setup.hosts > 1 ? transport : null, load), transport };
  }
}
