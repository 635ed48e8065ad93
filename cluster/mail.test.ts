import { describe, expect, it } from 'vitest';
import { MailStream } from './MailStream.ts';
import { natsUnavailable } from './nats.ts';
import { natsPair } from '../test/cluster/fixtures/natsPair.ts';

const unavailable = await natsUnavailable();
if (unavailable) console.warn(`cluster/mail.test.ts skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('mail between nodes on JetStream', () => {
  const pair = natsPair();
  const { world } = pair;

  it('delivers a tick\'s batches in sender order, drops a re-sent batch, and replays what no checkpoint covered to the next owner', async () => {
    const [a, b] = [pair.a(), pair.b()];
    const sender = await MailStream.open(a, world);
    expect(await sender.send({ from: 5, to: 1, tick: 10, mail: ['e'] })).toEqual({ duplicate: false });
    await sender.send({ from: 2, to: 1, tick: 10, mail: ['c', 'd'] });
    // a sender replaying after a crash sends the same batch again: the stream keeps one
    expect(await sender.send({ from: 2, to: 1, tick: 10, mail: ['c', 'd'] })).toEqual({ duplicate: true });
    await sender.send({ from: 2, to: 1, tick: 11, mail: ['f'] });

    const owner = await (await MailStream.open(b, world)).receiver<string>(1);
    expect((await owner.take(10, 2)).map((x) => [x.from, x.mail])).toEqual([[2, ['c', 'd']], [5, ['e']]]);
    owner.ackThrough(10); // a checkpoint after tick 10
    expect((await owner.take(11, 1)).map((x) => x.mail)).toEqual([['f']]);
    // the owner dies before checkpointing tick 11: the next owner of shard 1 gets tick 11 again, not tick 10
    await owner.close();
    await b.close();
    const started = Date.now();
    const next = await (await MailStream.open(a, world)).receiver<string>(1, { takeover: true });
    expect((await next.take(11, 1)).map((x) => x.mail)).toEqual([['f']]);
    expect(Date.now() - started).toBeLessThan(5_000);
    await next.close();
  }, 30_000);
});
