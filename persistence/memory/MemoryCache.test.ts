import { describe, expect, it } from 'vitest';
import { MemoryCache } from './MemoryCache.ts';

describe('MemoryCache', () => {
  it('returns a value until its TTL has passed, then null', async () => {
    let now = 1_000;
    const cache = new MemoryCache({ clock: () => now });
    await cache.set('llm:a', 'reply', 3_600_000);
    now += 3_599_999;
    expect(await cache.get('llm:a')).toBe('reply');
    now += 1;
    expect(await cache.get('llm:a')).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('overwrites with a fresh TTL and deletes', async () => {
    let now = 0;
    const cache = new MemoryCache({ clock: () => now });
    await cache.set('k', 'v1', 10);
    now = 5;
    await cache.set('k', 'v2', 10);
    now = 12;
    expect(await cache.get('k')).toBe('v2');
    await cache.del('k');
    await cache.del('never-set');
    expect(await cache.get('k')).toBeNull();
  });

  it('stays within maxEntries, dropping expired then oldest-written entries', async () => {
    let now = 0;
    const cache = new MemoryCache({ clock: () => now, maxEntries: 3 });
    await cache.set('short', 's', 1);
    await cache.set('old', 'o', 100);
    await cache.set('mid', 'm', 100);
    now = 2;
    await cache.set('new', 'n', 100);
    expect(cache.size).toBe(3);
    expect(await cache.get('old')).toBe('o');
    await cache.set('newer', 'n2', 100);
    expect(cache.size).toBe(3);
    expect(await cache.get('old')).toBeNull();
    expect(await cache.get('newer')).toBe('n2');
  });

  it('refuses bad keys, values and TTLs', async () => {
    const cache = new MemoryCache();
    await expect(cache.set('', 'v', 10)).rejects.toThrow(/key/);
    await expect(cache.set('k', 42 as unknown as string, 10)).rejects.toThrow(/value/);
    await expect(cache.set('k', 'v', 0)).rejects.toThrow(/ttlMs/);
    expect(cache.size).toBe(0);
  });
});
