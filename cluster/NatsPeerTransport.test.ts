import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MailStream } from './MailStream.ts';
import { MailMesh } from './NatsPeerTransport.ts';
import { natsUnavailable } from './nats.ts';
import { natsPair } from '../test/cluster/fixtures/natsPair.ts';

const unavailable = await natsUnavailable();
if (unavailable) console.warn(`cluster/NatsPeerTransport.test.ts skipped: ${unavailable}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(unavailable !== null)('mail between slots on two nodes', () => {
  const pair = natsPair();
  const { world } = pair;

  it('carries batches whole (even above max_payload), in memory on one node, and drops stale senders', async () => {
    const [a, b] = [pair.a(), pair.b()];
    const [meshA, meshB] = [new MailMesh(await MailStream.open(a, world), a.info!.max_payload), new MailMesh(await MailStream.open(b, world), b.info!.max_payload)];
    await meshA.serve(0);
    await meshA.serve(2);
    await meshB.serve(1);
    const got: string[] = [];
    const early = Buffer.from('sent before the host opened');
    const sender = meshA.transport(0, 1, 5, 3); // slot 0, era 1, lease epoch 5
    sender.send(1, early, 1);
    await sender.flushed();
    await sleep(50);
    const receiver = meshB.transport(1, 1, 1, 3);
    receiver.onBatch((batch) => got.push(batch.length > 100 ? `big:${batch.length}:${Buffer.from(batch).equals(big)}` : Buffer.from(batch).toString()));
    const big = randomBytes(2.5 * 1024 * 1024);
    sender.send(1, big, 2);
    await sender.flushed();
    // slot 0's older holder (epoch 4) and another era: both dropped
    meshA.transport(0, 1, 4, 3).send(1, Buffer.from('stale holder'), 3);
    meshA.transport(0, 0, 9, 3).send(1, Buffer.from('old era'), 3);
    const local: string[] = [];
    meshA.transport(2, 1, 1, 3).onBatch((batch) => local.push(Buffer.from(batch).toString()));
    const onA = meshA.transport(0, 1, 5, 3);
    onA.send(2, Buffer.from('next door'), 3);
    await onA.flushed();
    await sleep(300);
    expect(got).toEqual([early.toString(), `big:${big.length}:true`]);
    expect(local).toEqual(['next door']);
    expect(meshA.counts.local).toBe(1);
    expect(meshB.counts.fenced).toBe(2);
    expect(meshA.counts.published).toBeGreaterThanOrEqual(5); // the big batch went in parts
    await meshA.close();
    await meshB.close();
  }, 30_000);
});
