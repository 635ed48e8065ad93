import { appendFileSync, closeSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PendingEffect } from './EffectBus.ts';

/**
 * The overflow of the effect retry queue: un-landed effects past the in-memory bound, appended to a JSON-lines
 * file and read back first-in first-out. It is a memory overflow, not a durable record: the checkpoint still
 * carries every un-landed effect (EffectBus.pending() reads this file), so each process starts its own file and
 * deletes it once drained or closed. Appends are synchronous so that the file order is the dispatch order.
 */
export class EffectSpill {
  private readonly path: string;
  /** byte offset of the first line not taken yet */
  private readOffset = 0;
  private writeOffset = 0;
  private ids = new Set<string>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `effects-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.jsonl`);
  }

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  append(saved: PendingEffect): void {
    const line = `${JSON.stringify(saved)}\n`;
    appendFileSync(this.path, line);
    this.writeOffset += Buffer.byteLength(line);
    this.ids.add(saved.id);
  }

  /** Removes and returns the oldest `n` spilled effects; the file is deleted once everything was taken. */
  take(n: number): PendingEffect[] {
    const { items, end } = this.read(this.readOffset, n);
    this.readOffset = end;
    for (const item of items) this.ids.delete(item.id);
    if (!this.ids.size) this.clear();
    return items;
  }

  /** Every spilled effect, oldest first, without taking them (what a checkpoint stores). */
  peekAll(): PendingEffect[] {
    return this.read(this.readOffset, Infinity).items;
  }

  /** Drops the file (shutdown: whatever it held is in the last checkpoint). */
  clear(): void {
    rmSync(this.path, { force: true });
    this.readOffset = this.writeOffset = 0;
    this.ids = new Set();
  }

  private read(from: number, n: number): { items: PendingEffect[]; end: number } {
    const items: PendingEffect[] = [];
    if (from >= this.writeOffset || n <= 0) return { items, end: from };
    const fd = openSync(this.path, 'r');
    try {
      const chunk = Buffer.alloc(64 * 1024);
      let carry = Buffer.alloc(0);
      let pos = from;
      let end = from;
      while (items.length < n && pos < this.writeOffset) {
        const got = readSync(fd, chunk, 0, Math.min(chunk.length, this.writeOffset - pos), pos);
        if (!got) break;
        pos += got;
        let buf = Buffer.concat([carry, chunk.subarray(0, got)]);
        let nl: number;
        while (items.length < n && (nl = buf.indexOf(10)) >= 0) {
          items.push(JSON.parse(buf.subarray(0, nl).toString('utf8')) as PendingEffect);
          end += nl + 1;
          buf = buf.subarray(nl + 1);
        }
        carry = Buffer.from(buf);
      }
      return { items, end };
    } finally {
      closeSync(fd);
    }
  }
}
