import type { MessagePort } from 'node:worker_threads';

/**
 * How one host hands a tick's mail to another. Batches are opaque bytes (wire.ts): in-process MessagePorts
 * between worker threads today; the same batches can travel between machines (issue #18: NATS JetStream, a
 * subject per host) behind this interface. A transport delivers each batch once and in order per peer; the
 * host tolerates duplicates (a rebuilt peer resends).
 */
export interface PeerTransport {
  /** `tick`: the tick the batch belongs to (a transport that deduplicates keys on it) */
  send(peer: number, batch: Uint8Array, tick: number): void;
  /** every batch that arrives, from any peer */
  onBatch(listener: (batch: Uint8Array) => void): void;
  close(): void;
}

/** Worker-to-worker MessageChannels, set up by the conductor at start (a port per pair of hosts). */
export class PortTransport implements PeerTransport {
  private listener: (batch: Uint8Array) => void = () => {};

  constructor(private readonly ports: (MessagePort | null)[]) {
    for (const port of ports) if (port) this.listen(port);
  }

  send(peer: number, batch: Uint8Array): void {
    // copied (not transferred): the host keeps its own copy in the log a rebuilt peer is replayed from
    this.ports[peer]?.postMessage(batch);
  }

  onBatch(listener: (batch: Uint8Array) => void): void {
    this.listener = listener;
  }

  /** The peer was rebuilt: its batches travel over a fresh port. */
  replace(peer: number, port: MessagePort): void {
    this.ports[peer]?.close();
    this.ports[peer] = port;
    this.listen(port);
  }

  close(): void {
    for (const port of this.ports) port?.close();
  }

  private listen(port: MessagePort): void {
    port.on('message', (batch: Uint8Array) => this.listener(batch));
  }
}
