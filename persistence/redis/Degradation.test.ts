import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../validate.ts';
import { Degradation, redisFallbacks } from './Degradation.ts';

const count = async () => (await redisFallbacks.get()).values.filter((v) => v.labels.store === 'cache').reduce((s, v) => s + v.value, 0);

describe('Degradation', () => {
  it('answers from the fallback when the primary fails, skips the primary for a while, then tries it again', async () => {
    let now = 0;
    const degradation = new Degradation('cache', 1_000, () => now);
    let primaryCalls = 0;
    let healthy = false;
    const primary = async () => {
      primaryCalls++;
      if (!healthy) throw new Error('ECONNREFUSED');
      return 'redis';
    };
    const before = await count();
    expect(await degradation.run('get', primary, async () => 'memory')).toBe('memory');
    expect(degradation.degraded).toBe(true);
    now = 500;
    healthy = true;
    expect(await degradation.run('get', primary, async () => 'memory')).toBe('memory'); // within the back-off
    expect(primaryCalls).toBe(1);
    now = 1_000;
    expect(await degradation.run('get', primary, async () => 'memory')).toBe('redis');
    expect(degradation.degraded).toBe(false);
    expect(await count()).toBe(before + 2);
  });

  it('rethrows refused input instead of hiding it behind the fallback', async () => {
    const degradation = new Degradation('cache');
    await expect(
      degradation.run('set', async () => {
        throw new InvalidRecordError('ttlMs must be an integer');
      }, async () => 'memory'),
    ).rejects.toThrow(/ttlMs/);
    expect(degradation.degraded).toBe(false);
  });
});
