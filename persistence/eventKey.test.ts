import { describe, expect, it } from 'vitest';
import { eventKey, stableStringify } from './eventKey.ts';

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
