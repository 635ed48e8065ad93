import { describe, expect, it } from 'vitest';
import { Batcher } from './Batcher.ts';

describe('Batcher', () => {
  it('dispatches requests of one group arriving within the window as one batch, in order', async () => {
    const batches: string[][] = [];
    const batcher = new Batcher<string, string>({
      windowMs: 20,
      groupOf: (item) => item.split(':')[0]!,
      dispatch: async (items) => {
        batches.push(items);
        return items.map((item) => item.toUpperCase());
      },
    });
    const results = await Promise.all(['a:1', 'b:1', 'a:2', 'a:3'].map((item) => batcher.submit(item)));
    expect(results).toEqual(['A:1', 'B:1', 'A:2', 'A:3']);
    expect(batches).toEqual([['a:1', 'a:2', 'a:3'], ['b:1']]);
    expect(batcher.stats()).toEqual({ batches: 2, items: 4, waiting: 0 });
  });

  it('sends a full batch at once without waiting for the window', async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>({
      windowMs: 60_000,
      maxBatch: 3,
      groupOf: () => 'g',
      dispatch: async (items) => (sizes.push(items.length), items),
    });
    const first = Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    await expect(first).resolves.toEqual([1, 2, 3]);
    const rest = batcher.submit(4);
    batcher.flush();
    await expect(rest).resolves.toBe(4);
    expect(sizes).toEqual([3, 1]);
  });

  it('rejects every caller of a batch whose dispatch fails or returns the wrong count', async () => {
    const failing = new Batcher<number, number>({ windowMs: 1, groupOf: () => 'g', dispatch: async () => { throw new Error('down'); } });
    await expect(Promise.all([failing.submit(1), failing.submit(2)])).rejects.toThrow('down');
    const short = new Batcher<number, number>({ windowMs: 1, groupOf: () => 'g', dispatch: async () => [1] });
    const results = await Promise.allSettled([short.submit(1), short.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('Batcher with a zero window', () => {
  it('batches everything submitted in the same event-loop turn, and nothing later', async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>({ windowMs: 0, groupOf: () => 'g', dispatch: async (items) => (sizes.push(items.length), items) });
    const turn = [1, 2, 3].map((n) => Promise.resolve().then(() => batcher.submit(n)));
    await Promise.all((await Promise.all(turn)));
    await batcher.submit(4);
    expect(sizes).toEqual([3, 1]);
  });
});
