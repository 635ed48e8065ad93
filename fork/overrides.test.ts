import { describe, expect, it } from 'vitest';
import { applySetFlags, describeOverrides, injectionTimes, NO_OVERRIDES, OverrideError, parseOverrides, parseOverridesText } from './overrides.ts';
import { DAY, HOUR } from '../machines/kit/time.ts';

const D0 = Date.UTC(2026, 0, 3, 9);

describe('overrides', () => {
  it('default to no change', () => {
    expect(parseOverrides({})).toEqual(NO_OVERRIDES);
    expect(describeOverrides(NO_OVERRIDES)).toEqual([]);
  });

  it('refuse bad input with the field and the reason, all or nothing', () => {
    expect(() => parseOverrides({ economy: { dropFactor: -1 } })).toThrow(/economy\.dropFactor: economy\.dropFactor must be > 0/);
    expect(() => parseOverrides({ spawnRate: 'lots' })).toThrow(/spawnRate/);
    expect(() => parseOverrides({ unknown: 1 })).toThrow(OverrideError);
    expect(() => parseOverrides({ inject: [{ at: 'tonight', event_type: 'player_login' }] })).toThrow(/inject\.0\.at/);
    expect(() => parseOverrides({ inject: [{ at: '20:00', event_type: 'dance' }] })).toThrow(/event_type must be one of/);
    expect(() => parseOverrides({ inject: [{ at: '20:00', event_type: 'monster_kill', payload: {} }] })).toThrow(/inject\.0\.payload/);
    expect(() => parseOverridesText('{oops', 'what.json')).toThrow(/what\.json: not JSON/);
  });

  it('take --set flags on top of a file, validated as a whole', () => {
    const o = applySetFlags({ spawnRate: 2 }, ['economy.dropFactor=1.5', 'pause=boss,chain', 'players=100']);
    expect(o.spawnRate).toBe(2);
    expect(o.economy).toEqual({ dropFactor: 1.5, priceFactor: 1 });
    expect(o.pause).toEqual(['boss', 'chain']);
    expect(describeOverrides(o)).toEqual(['economy.dropFactor=1.5', 'spawnRate=2', 'pause=boss,chain', 'players=100']);
    expect(() => applySetFlags({}, ['economy.dropFactor'])).toThrow(/key=value/);
    expect(() => applySetFlags({}, ['arcPacing=0'])).toThrow(/arcPacing must be > 0/);
  });

  it('place injections: daily, on day N after the fork point, or at an ISO time', () => {
    expect(injectionTimes('20:00', D0, D0, D0 + 2 * DAY)).toEqual([Date.UTC(2026, 0, 3, 20), Date.UTC(2026, 0, 4, 20)]);
    expect(injectionTimes('+1d20:00', D0, D0, D0 + 3 * DAY)).toEqual([Date.UTC(2026, 0, 4, 20)]);
    expect(injectionTimes('2026-01-03T12:30:00Z', D0, D0, D0 + HOUR * 4)).toEqual([Date.UTC(2026, 0, 3, 12, 30)]);
    expect(injectionTimes('08:00', D0, D0, D0 + HOUR)).toEqual([]);
  });
});
