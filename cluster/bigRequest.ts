import { randomInt } from 'node:crypto';
import type { Msg, NatsConnection } from '@nats-io/transport-node';

/**
 * NATS request/reply for payloads above the server's `max_payload` (1 MB by default): a host's rows at a
 * collection, a restore's `load`, a batch of snapshots can be tens of MB. A large request goes as numbered parts
 * (each acknowledged, the last one answered); a large reply comes back as a descriptor the requester then fetches
 * part by part. Small messages pay one byte. Errors of the underlying request (timeout, no responders) pass
 * through unchanged.
 *
 * Request: [0] payload | [1] id, i, of, chunk | [2] id, i (fetch a part of a large reply)
 * Reply:   [0] payload | [3] id, of (a large reply, fetch it) | [4] (a part received)
 */
const WHOLE = 0;
const PART = 1;
const FETCH = 2;
const LARGE = 3;
const RECEIVED = 4;
/** a large reply nobody fetched is dropped after this long */
const KEEP_MS = 60_000;

const limitOf = (nc: NatsConnection) => Math.max(1024, (nc.info?.max_payload ?? 1_048_576) - 256);

function frame(kind: number, numbers: number[], body?: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + 4 * numbers.length + (body?.length ?? 0));
  const view = new DataView(out.buffer);
  out[0] = kind;
  numbers.forEach((n, i) => view.setUint32(1 + 4 * i, n));
  if (body) out.set(body, 1 + 4 * numbers.length);
  return out;
}

function read(bytes: Uint8Array, count: number): { kind: number; numbers: number[]; body: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numbers = Array.from({ length: count }, (_, i) => view.getUint32(1 + 4 * i));
  return { kind: bytes[0]!, numbers, body: bytes.subarray(1 + 4 * count) };
}

const NUMBERS: Record<number, number> = { [WHOLE]: 0, [PART]: 3, [FETCH]: 2, [LARGE]: 2, [RECEIVED]: 0 };
const parse = (bytes: Uint8Array) => read(bytes, NUMBERS[bytes[0]!] ?? 0);

export async function requestBig(nc: NatsConnection, subject: string, payload: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
  const limit = limitOf(nc);
  let reply: Msg;
  if (payload.length <= limit) reply = await nc.request(subject, frame(WHOLE, [], payload), { timeout: timeoutMs });
  else {
    const id = randomInt(2 ** 32);
    const of = Math.ceil(payload.length / limit);
    for (let i = 0; ; i++) {
      reply = await nc.request(subject, frame(PART, [id, i, of], payload.subarray(i * limit, (i + 1) * limit)), { timeout: timeoutMs });
      if (i === of - 1) break;
    }
  }
  const answer = parse(reply.data);
  if (answer.kind === WHOLE) return answer.body;
  if (answer.kind !== LARGE) throw new Error(`${subject}: unexpected reply kind ${answer.kind}`);
  const [id, of] = answer.numbers as [number, number];
  const parts: Uint8Array[] = [];
  for (let i = 0; i < of; i++) {
    const part = parse((await nc.request(subject, frame(FETCH, [id, i]), { timeout: timeoutMs })).data);
    if (part.kind !== WHOLE) throw new Error(`${subject}: part ${i} of a large reply is gone (fetched after ${KEEP_MS} ms, or twice)`);
    parts.push(part.body);
  }
  return concat(parts);
}

/** A subscription callback answering `requestBig`: `handle` sees whole requests and returns whole replies. */
export function serveBig(nc: NatsConnection, handle: (payload: Uint8Array) => Promise<Uint8Array>): (err: Error | null, msg: Msg) => void {
  const assembling = new Map<number, Uint8Array[]>();
  const large = new Map<number, Uint8Array[]>();
  const answer = (msg: Msg, payload: Uint8Array) =>
    void handle(payload)
      .then((reply) => {
      const limit = limitOf(nc);
      if (reply.length <= limit) return msg.respond(frame(WHOLE, [], reply));
      const id = randomInt(2 ** 32);
      const parts = Array.from({ length: Math.ceil(reply.length / limit) }, (_, i) => reply.subarray(i * limit, (i + 1) * limit));
      large.set(id, parts);
      setTimeout(() => large.delete(id), KEEP_MS).unref();
      msg.respond(frame(LARGE, [id, parts.length]));
      })
      .catch(() => {}); // no answer: the requester's timeout says it
  return (err, msg) => {
    if (err) return;
    const { kind, numbers, body } = parse(msg.data);
    if (kind === WHOLE) return answer(msg, body);
    if (kind === PART) {
      const [id, i, of] = numbers as [number, number, number];
      const parts = assembling.get(id) ?? [];
      assembling.set(id, parts);
      parts[i] = body.slice();
      if (i < of - 1) return msg.respond(frame(RECEIVED, []));
      assembling.delete(id);
      return answer(msg, concat(parts));
    }
    if (kind === FETCH) {
      const [id, i] = numbers as [number, number];
      const parts = large.get(id);
      if (!parts?.[i]) return msg.respond(frame(RECEIVED, []));
      if (i === parts.length - 1) large.delete(id);
      return msg.respond(frame(WHOLE, [], parts[i]));
    }
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
