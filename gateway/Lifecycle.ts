import { openStreams } from './metrics.ts';

/**
 * Long-lived connections (SSE streams, WebSockets) register here so a graceful shutdown can end them: an
 * HTTP server's close() waits for open connections, and a stream never finishes by itself.
 *
 * @example
 * const done = lifecycle.track(() => stream.abort());
 * stream.onAbort(done);
 */
export class Lifecycle {
  readonly #open = new Set<() => void>();
  readonly #onClose: (() => unknown)[] = [];
  #closing = false;

  get closing(): boolean {
    return this.#closing;
  }

  get openStreams(): number {
    return this.#open.size;
  }

  /** Register a stream's closer; call the returned function when the stream ends on its own. */
  track(close: () => void): () => void {
    if (this.#closing) {
      close();
      return () => {};
    }
    this.#open.add(close);
    openStreams.inc();
    return () => {
      if (this.#open.delete(close)) openStreams.dec();
    };
  }

  /** Run `fn` once when the gateway closes (after the streams are ended). */
  onClose(fn: () => unknown): void {
    this.#onClose.push(fn);
  }

  /** Refuse new streams and end every open one. */
  closeAll(): void {
    if (!this.#closing) queueMicrotask(() => this.#onClose.splice(0).forEach((fn) => void Promise.resolve().then(fn).catch(() => {})));
    this.#closing = true;
    for (const close of [...this.#open]) {
      this.#open.delete(close);
      openStreams.dec();
      try {
        close();
      } catch {
        // a stream already torn down by its peer has nothing left to close
      }
    }
  }
}
