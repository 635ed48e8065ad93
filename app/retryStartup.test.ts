import { describe, expect, it } from 'vitest';
import { retryStartup } from './retryStartup.ts';

const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

/** A fake clock: sleeping advances it, so the backoff is checked without waiting. */
function fakeTime() {
  let t = 0;
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (slept.push(ms), (t += ms)), slept };
}

describe('retryStartup', () => {
  it('retries while the database is unreachable, with growing pauses, and returns once it answers', async () => {
    const time = fakeTime();
    let calls = 0;
    const reasons: string[] = [];
    const value = await retryStartup('open', async () => (++calls < 5 ? Promise.reject(refused()) : 'db'), { maxWaitMs: 60_000, ...time, onWait: (r) => reasons.push(r) });
    expect(value).toBe('db');
    expect(time.slept).toEqual([250, 500, 1000, 2000]);
    expect(reasons.at(-1)).toMatch(/waiting for the database \(ECONNREFUSED\), attempt 4/);
  });

  it('gives up after maxWaitMs with the last error', async () => {
    const time = fakeTime();
    await expect(retryStartup('open', async () => Promise.reject(refused()), { maxWaitMs: 3_000, ...time })).rejects.toThrow(/ECONNREFUSED/);
    expect(time.slept.reduce((a, b) => a + b, 0)).toBe(3_000);
  });

  it('does not retry a failure waiting cannot fix', async () => {
    const time = fakeTime();
    let calls = 0;
    await expect(retryStartup('migrate', async () => (calls++, Promise.reject(new Error('checksum mismatch'))), { maxWaitMs: 60_000, ...time })).rejects.toThrow(/checksum/);
    expect(calls).toBe(1);
  });
});
