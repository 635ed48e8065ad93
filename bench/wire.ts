import { MessageChannel, Worker, type MessagePort as WorkerPort } from 'node:worker_threads';
import { deserialize, serialize } from 'node:v8';
import { Packr } from 'msgpackr';

/**
 * How one tick's mail for one peer should cross a thread boundary. The runtime's mail is many small objects
 * (`{ to, from, order, event }`); a batch of them can travel as structured clone (what `postMessage` does with
 * plain objects), or encoded once into a buffer that is *transferred* (no copy): JSON, or MessagePack (msgpackr
 * with record structures, which writes each object shape once per batch). Two figures per format:
 * - codec: encode + decode on one thread (the CPU a worker spends per message);
 * - channel: the same batches posted through a real MessageChannel to another thread that decodes them and
 *   acknowledges (what a peer pays end to end, thread hop included).
 */
interface Mail {
  to: string;
  from: string;
  order: number;
  event: { type: string; to?: string; n?: number };
}

const batchOf = (n: number, salt: number): Mail[] =>
  Array.from({ length: n }, (_, k) => ({
    to: `npc:${(k * 7 + salt) % 100_000}`,
    from: `npc:${k + salt}`,
    order: k,
    event: k % 5 === 2 ? { type: 'chat', to: `npc:${k % 977}` } : { type: k % 5 === 4 ? 'rest' : 'work', n: k & 15 },
  }));

type Codec = { name: string; encode(b: Mail[]): Uint8Array | Mail[]; decode(x: Uint8Array | Mail[]): Mail[] };

const packr = new Packr({ structuredClone: false, useRecords: true });
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();
const codecs: Codec[] = [
  { name: 'structuredClone', encode: (b) => b, decode: (x) => x as Mail[] },
  { name: 'v8.serialize', encode: (b) => serialize(b), decode: (x) => deserialize(x as Uint8Array) as Mail[] },
  { name: 'json', encode: (b) => utf8.encode(JSON.stringify(b)), decode: (x) => JSON.parse(fromUtf8.decode(x as Uint8Array)) as Mail[] },
  { name: 'msgpackr', encode: (b) => packr.pack(b), decode: (x) => packr.unpack(x as Uint8Array) as Mail[] },
];

function codecRate(codec: Codec, batches: Mail[][]): number {
  let messages = 0;
  const started = performance.now();
  for (const b of batches) {
    const encoded = codec.name === 'structuredClone' ? structuredClone(b) : codec.encode(b);
    messages += codec.decode(encoded).length;
  }
  return Math.round(messages / ((performance.now() - started) / 1000));
}

/** A receiver thread: decodes each batch with the named codec and answers with the count. */
const receiverSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { deserialize } = require('node:v8');
const { Packr } = require(workerData.msgpackr);
const packr = new Packr({ structuredClone: false, useRecords: true });
const dec = new TextDecoder();
parentPort.once('message', (port) => {
  port.on('message', ({ codec, data }) => {
    const mail = codec === 'msgpackr' ? packr.unpack(data) : codec === 'json' ? JSON.parse(dec.decode(data)) : codec === 'v8.serialize' ? deserialize(data) : data;
    port.postMessage(mail.length);
  });
});`;

async function channelRate(codec: Codec, batches: Mail[][], port: WorkerPort): Promise<number> {
  let messages = 0;
  const started = performance.now();
  for (const b of batches) {
    const data = codec.encode(b);
    const done = new Promise<number>((resolve) => port.once('message', resolve));
    if (data instanceof Uint8Array) {
      // A transferred buffer must be the batch's own: msgpackr packs into a shared one, so copy that case.
      const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : Uint8Array.prototype.slice.call(data);
      port.postMessage({ codec: codec.name, data: own }, [own.buffer as ArrayBuffer]);
    } else port.postMessage({ codec: codec.name, data });
    messages += await done;
  }
  return Math.round(messages / ((performance.now() - started) / 1000));
}

export async function run(): Promise<object> {
  const perBatch = Number(process.env.BENCH_WIRE_BATCH ?? 2000); // one peer's mail in one tick
  const batches = Array.from({ length: 50 }, (_, i) => batchOf(perBatch, i));
  for (const c of codecs) codecRate(c, batches.slice(0, 10)); // warm up
  const codec = Object.fromEntries(codecs.map((c) => [c.name, codecRate(c, batches)]));

  const worker = new Worker(receiverSource, { eval: true, workerData: { msgpackr: import.meta.resolve('msgpackr').replace('file://', '') } });
  const { port1, port2 } = new MessageChannel();
  worker.postMessage(port2, [port2]);
  const channel: Record<string, number> = {};
  for (const c of codecs) await channelRate(c, batches.slice(0, 10), port1); // warm up
  for (const c of codecs) channel[c.name] = await channelRate(c, batches, port1);
  port1.close();
  await worker.terminate();

  const sizes = Object.fromEntries(codecs.filter((c) => c.name !== 'structuredClone').map((c) => [c.name, Math.round((c.encode(batches[0]!) as Uint8Array).byteLength / perBatch)]));
  const base = channel.structuredClone!;
  console.log(
    `wire (${perBatch} messages per batch), messages/s through a MessageChannel to a decoding thread: ` +
      codecs.map((c) => `${c.name} ${channel[c.name]} (×${(channel[c.name]! / base).toFixed(2)})`).join(', ') +
      `; codec only: ` + codecs.map((c) => `${c.name} ${codec[c.name]}`).join(', ') +
      `; bytes/message: ` + Object.entries(sizes).map(([k, v]) => `${k} ${v}`).join(', '),
  );
  return { perBatch, channelMessagesPerSec: channel, codecMessagesPerSec: codec, bytesPerMessage: sizes };
}
