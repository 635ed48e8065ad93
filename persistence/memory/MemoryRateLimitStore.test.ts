import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from './MemoryRateLimitStore.ts';

describe('MemoryRateLimitStore', () => {
  it('allows `limit` hits per aligned window, then refuses until the next window', async () => {
    const limits = new MemoryRateLimitStore();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limits.hit('ip:1', 3, 1000, 5_200 + i));
    expect(results.map((r) => [r.allowed, r.remaining, r.resetAt])).toEqual([
      [true, 2, 6000],
      [true, 1, 6000],
      [true, 0, 6000],
      [false, 0, 6000],
    ]);
    expect(await limits.hit('ip:1', 3, 1000, 5_999)).toMatchObject({ allowed: false });
    expect(await limits.hit('ip:1', 3, 1000, 6_000)).toEqual({ allowed: true, remaining: 2, resetAt: 7000 });
  });

  it('counts each key on its own', async () => {
    const limits = new MemoryRateLimitStore();
    await limits.hit('a', 1, 1000, 0);
    expect((await limits.hit('a', 1, 1000, 1)).allowed).toBe(false);
    expect((await limits.hit('b', 1, 1000, 1)).allowed).toBe(true);
  });

  it('with limit 0 refuses everything', async () => {
    const limits = new MemoryRateLimitStore();
    expect(await limits.hit('k', 0, 1000, 0)).toEqual({ allowed: false, remaining: 0, resetAt: 1000 });
  });

  it('refuses bad arguments without counting', async () => {
    const limits = new MemoryRateLimitStore();
    await expect(limits.hit('', 1, 1000, 0)).rejects.toThrow(/key/);
    await expect(limits.hit('k', 1.5, 1000, 0)).rejects.toThrow(/limit/);
    await expect(limits.hit('k', 1, 0, 0)).rejects.toThrow(/windowMs/);
    await expect(limits.hit('k', 1, 1000, Number.NaN)).rejects.toThrow(/now/);
    expect(limits.size).toBe(0);
  });
});
