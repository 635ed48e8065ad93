import { describe, expect, it } from 'vitest';
import { MemoryPubSub } from './MemoryPubSub.ts';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('MemoryPubSub', () => {
  it('delivers to every subscriber of the channel, after publish returns, in order', async () => {
    const bus = new MemoryPubSub();
    const a: string[] = [];
    const b: string[] = [];
    const other: string[] = [];
    await bus.subscribe('dash', (m) => a.push(m));
    await bus.subscribe('dash', (m) => b.push(m));
    await bus.subscribe('elsewhere', (m) => other.push(m));
    await bus.publish('dash', '1');
    expect(a).toEqual([]); // asynchronous, like Redis
    await bus.publish('dash', '2');
    await settle();
    expect(a).toEqual(['1', '2']);
    expect(b).toEqual(['1', '2']);
    expect(other).toEqual([]);
  });

  it('stops delivering after unsubscribe and forgets empty channels', async () => {
    const bus = new MemoryPubSub();
    const got: string[] = [];
    const off = await bus.subscribe('c', (m) => got.push(m));
    const same = (m: string) => got.push(`again:${m}`);
    const off2 = await bus.subscribe('c', same);
    await off();
    await bus.publish('c', 'x');
    await settle();
    expect(got).toEqual(['again:x']);
    await off2();
    expect(bus.subscribers('c')).toBe(0);
    await bus.publish('c', 'y');
    await settle();
    expect(got).toEqual(['again:x']);
  });

  it('keeps delivering to others when one subscriber throws', async () => {
    const bus = new MemoryPubSub();
    const got: string[] = [];
    await bus.subscribe('c', () => {
      throw new Error('boom');
    });
    await bus.subscribe('c', (m) => got.push(m));
    await bus.publish('c', 'x');
    await settle();
    expect(got).toEqual(['x']);
  });

  it('refuses empty channels and non-string messages', async () => {
    const bus = new MemoryPubSub();
    await expect(bus.publish('', 'x')).rejects.toThrow(/channel/);
    await expect(bus.publish('c', { a: 1 } as unknown as string)).rejects.toThrow(/message/);
    await expect(bus.subscribe('', () => {})).rejects.toThrow(/channel/);
  });
});
