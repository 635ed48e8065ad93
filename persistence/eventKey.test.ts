import { describe, expect, it } from 'vitest';
import { batchEventKeys, eventKey, stableStringify } from './eventKey.ts';

describe('stableStringify', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(stableStringify({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(stableStringify([1, undefined, 'x'])).toBe('[1,null,"x"]');
  });
});

describe('eventKey', () => {
  const base = { event_type: 'monster_kill', player_id: 1, timestamp: 5, priority: 'normal' as const, payload: { monster_id: 1002 } };
  it('is the event id when there is one', () => {
    expect(eventKey({ ...base, event_id: 'evt-9' })).toBe('evt-9');
  });
  it('is a content hash otherwise: same happening, same key; any identifying field changes it', () => {
    const key = eventKey(base);
    expect(key).toMatch(/^c:[0-9a-f]{64}$/);
    expect(eventKey({ ...base, priority: 'urgent' })).toBe(key);
    expect(eventKey({ ...base, map: 'prontera' })).not.toBe(key);
    expect(eventKey({ ...base, payload: { monster_id: 1003 } })).not.toBe(key);
  });
});

describe('batchEventKeys', () => {
  const kill = { event_type: 'monster_kill', player_id: 150001, map: 'prt_fild08', payload: { monster_id: 1002 }, priority: 'normal' as const, timestamp: 1732628400000 };
  it('keys two identical events of one batch apart, and a retried batch onto the same keys', () => {
    const keys = batchEventKeys([kill, kill]);
    expect(keys[0]).toMatch(/^b:[0-9a-f]{64}:0$/);
    expect(keys[1]).toBe(keys[0]!.replace(/:0$/, ':1'));
    expect(batchEventKeys([{ ...kill }, { ...kill }])).toEqual(keys); // the retry
    expect(batchEventKeys([kill])[0]).not.toBe(keys[0]); // another batch: other keys
  });
  it('keeps an event_id as the key, and a caller-set key wins over both', () => {
    expect(batchEventKeys([{ ...kill, event_id: 'evt-7' }, 'junk'])).toEqual(['evt-7', expect.stringMatching(/^b:.*:1$/)]);
    expect(eventKey({ ...kill, event_id: 'evt-9', key: 'b:x:0' })).toBe('b:x:0');
  });
});
