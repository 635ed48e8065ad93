import type { HostCommand, HostReport, HostSetup } from '../runtime/hostProtocol.ts';

/**
 * What the conductor and a world node's slot hosts say over NATS request/reply (bytes: runtime/wire.ts).
 * The subject names the slot's lease epoch, so a host that lost its lease is never even asked: the conductor
 * only addresses the epoch it read from the lease bucket, and gets "no responders" once that holder is gone.
 */
export const hostSubject = (world: string, slot: number, epoch: number) => `midgard.${world}.host.${slot}.${epoch}`;

/** Snapshot loads go back to the conductor of one era (a stale conductor's subscription never answers a newer era). */
export const loadSubject = (world: string, era: number) => `midgard.${world}.conductor.${era}.load`;

export interface SlotRequest {
  /** numbered per conductor (across its links): a command re-sent after a timeout is answered once, from the first run */
  n: number;
  /** the conductor's lease epoch: a host serves one era; a newer era's `setup` replaces it with a fresh host */
  era: number;
  /** the conductor's view of every slot's lease epoch: batches from older holders are dropped */
  epochs: number[];
  /** open a fresh host (first call of a link) */
  setup?: HostSetup;
  /** with `setup`: replace the host this server has for the era (its predecessor link gave up on it as stuck) */
  fresh?: true;
  command?: HostCommand;
}

/**
 * `epoch`: the answering host's lease epoch (the conductor ignores an older one's report). `lost`: the slot left
 * this node while the command ran (rebalancing, shutdown): the conductor rebuilds it on its next holder at once.
 */
export type SlotReply = { epoch: number; report: HostReport | null } | { epoch: number; error: string; lost?: true };

export interface LoadRequest {
  slot: number;
  ids: string[];
}
