import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requestBig, serveBig } from './bigRequest.ts';
import { connectNats, natsUnavailable } from './nats.ts';

const unavailable = await natsUnavailable();
if (unavailable) console.warn(`cluster/bigRequest.test.ts skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('request/reply above max_payload', () => {
  it('carries requests and replies of several MB whole, and small ones as before', async () => {
    const [a, b] = [await connectNats(), await connectNats()];
    const subject = `big.${randomBytes(4).toString('hex')}`;
    // the reply: the request reversed, then doubled (so a 3 MB request gets a 6 MB reply)
    b.subscribe(subject, { callback: serveBig(b, async (payload) => { const r = payload.slice().reverse(); const out = new Uint8Array(r.length * 2); out.set(r); out.set(r, r.length); return out; }) });
    await b.flush();
    for (const size of [10, 3 * 1024 * 1024 + 17]) {
      const payload = randomBytes(size);
      const reply = await requestBig(a, subject, payload, 5_000);
      const reversed = Buffer.from(payload).reverse();
      expect(reply.length).toBe(2 * size);
      expect(Buffer.from(reply.subarray(0, size)).equals(reversed)).toBe(true);
      expect(Buffer.from(reply.subarray(size)).equals(reversed)).toBe(true);
    }
    expect(a.info!.max_payload).toBeLessThan(3 * 1024 * 1024); // the large case really was split
    await a.close();
    await b.close();
  }, 30_000);
});
