import { describe, expect, it } from 'vitest';
import { ADMIN_READS_PER_WRITE } from '../app.ts';
import { makeHarness, tokenFor } from '../testing/harness.ts';

describe('admin rate limits', () => {
  it('reads have their own budget: browsing never uses up the writes, and a 429 says when to retry', async () => {
    const h = makeHarness();
    h.deps.config.settings.limits.adminPerMinute = 3;
    const auth = { authorization: `Bearer ${await tokenFor('gm')}` };
    const read = () => h.app.request('/api/v1/admin/world', { headers: auth });
    const write = () => h.app.request('/api/v1/admin/world/pause', { method: 'POST', headers: auth });
    for (let i = 0; i < 3 * ADMIN_READS_PER_WRITE; i++) expect((await read()).status).toBe(200);
    const refusedRead = await read();
    expect(refusedRead.status).toBe(429);
    expect(Number(refusedRead.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await write()).status).toBe(200); // the reads cost the writes nothing
    expect((await write()).status).toBe(429);
    h.clock.now += 60_000;
    expect((await read()).status).toBe(200);
  });
});
