import { describe, expect, it } from 'vitest';
import { TimerWheel, nextDue } from './TimerWheel.ts';

const DAY = 86_400_000;
const ev = { type: 'ring' };

describe('nextDue', () => {
  it('computes each kind of spec from now', () => {
    expect(nextDue({ at: 500 }, 100)).toBe(500);
    expect(nextDue({ delay: 50 }, 100)).toBe(150);
    expect(nextDue({ every: 30 }, 100)).toBe(130);
    expect(nextDue({ daily: '06:00' }, 0)).toBe(6 * 3_600_000);
    expect(nextDue({ daily: '06:00' }, 6 * 3_600_000)).toBe(DAY + 6 * 3_600_000); // strictly after now
  });

  it('rejects malformed specs', () => {
    expect(nextDue({ daily: '24:00' }, 0)).toBeNull();
    expect(nextDue({ daily: '6:00' }, 0)).toBeNull();
    expect(nextDue({ every: 0 }, 0)).toBeNull();
    expect(nextDue({ delay: -1 }, 0)).toBeNull();
    expect(nextDue({ at: Number.NaN }, 0)).toBeNull();
    expect(nextDue({}, 0)).toBeNull();
  });
});

describe('TimerWheel', () => {
  it('fires in (due, actor, id) order whatever the insertion order', () => {
    const wheel = new TimerWheel();
    wheel.set('b', { id: 'x', at: 10, event: ev }, 0);
    wheel.set('a', { id: 'y', at: 10, event: ev }, 0);
    wheel.set('a', { id: 'x', at: 10, event: ev }, 0);
    wheel.set('c', { id: 'z', at: 5, event: ev }, 0);
    wheel.set('d', { id: 'late', at: 11, event: ev }, 0);
    expect(wheel.takeDue(10).map((t) => `${t.actorId}/${t.id}`)).toEqual(['c/z', 'a/x', 'a/y', 'b/x']);
    expect(wheel.nextDueTime()).toBe(11);
  });

  it('replaces a timer set again under the same id, and cancels', () => {
    const wheel = new TimerWheel();
    wheel.set('a', { id: 't', at: 10, event: ev }, 0);
    wheel.set('a', { id: 't', at: 20, event: ev }, 0);
    expect(wheel.takeDue(15)).toEqual([]);
    expect(wheel.forActor('a').map((t) => t.due)).toEqual([20]);
    wheel.cancel('a', 't');
    expect(wheel.takeDue(100)).toEqual([]);
    expect(wheel.size).toBe(0);
  });

  it('reschedules repeating and daily timers after they fire', () => {
    const wheel = new TimerWheel();
    wheel.set('a', { id: 'beat', every: 100, event: ev }, 0);
    wheel.set('a', { id: 'dawn', daily: '06:00', event: ev }, 0);
    expect(wheel.takeDue(250).map((t) => t.id)).toEqual(['beat']); // one firing per take, then rescheduled after now
    expect(wheel.forActor('a').find((t) => t.id === 'beat')?.due).toBe(350);
    expect(wheel.takeDue(6 * 3_600_000).map((t) => t.id)).toEqual(['beat', 'dawn']);
    expect(wheel.forActor('a').find((t) => t.id === 'dawn')?.due).toBe(DAY + 6 * 3_600_000);
  });

  it('restores persisted timers with their due times intact', () => {
    const wheel = new TimerWheel();
    wheel.set('a', { id: 'dawn', daily: '06:00', event: ev }, 0);
    const saved = JSON.parse(JSON.stringify(wheel.forActor('a')));
    const restored = new TimerWheel();
    restored.load(saved);
    expect(restored.forActor('a')).toEqual(wheel.forActor('a'));
    expect(restored.takeDue(6 * 3_600_000)).toHaveLength(1);
  });
});
