/** What the prototype conductor and its shard workers say to each other (bench/peer.ts). */
export interface PeerSetup {
  index: number;
  workers: number;
  shards: number;
  worldSeed: number;
}

/** One message: [to, event, from, sender shard (-1: external), sequence within that shard's tick (or external seq)] */
export type Mail = [string, Record<string, unknown>, string, number, number];

export interface TickOrder {
  tick: number;
  /** external mail for this worker's shards, msgpackr-encoded, or null */
  external: Uint8Array | null;
}
