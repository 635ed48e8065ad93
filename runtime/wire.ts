import { Packr } from 'msgpackr';
import type { Mail, MailBatch } from './hostProtocol.ts';

/**
 * How mail crosses a thread: one msgpackr buffer per peer per tick, transferred. bench/wire.ts measured it
 * ×2–×12 faster than structured clone of the same small objects, at 30 B a message against 71–80 B.
 */
const packr = new Packr({ structuredClone: false, useRecords: true });

/** A tick's mail between two hosts. */
export interface PeerBatch {
  tick: number;
  from: number;
  mail: Mail[];
}

/** An owned copy: msgpackr packs into a shared buffer that the next pack overwrites. */
export function encode(value: unknown): Uint8Array {
  return Uint8Array.prototype.slice.call(packr.pack(value));
}

export function decode<T>(bytes: Uint8Array): T {
  return packr.unpack(bytes) as T;
}

export function mailOf(batch: MailBatch): Mail[] {
  if (!batch) return [];
  return Array.isArray(batch) ? batch : decode<Mail[]>(batch);
}
