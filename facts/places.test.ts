import { describe, expect, it } from 'vitest';
import { facts } from './index.ts';
import { humanise, placeName, townOf } from './places.ts';

describe('place names', () => {
  it('names every map of the facts the way players do, never by its code', () => {
    expect(placeName('prt_fild08')).toBe('the fields south of Prontera');
    expect(placeName('yuno')).toBe('Juno');
    expect(placeName('gef_dun02')).toBe('the Geffen Dungeon');
    for (const m of facts.maps) expect(placeName(m.name)).not.toMatch(/_|\d/);
    expect(townOf('pay_fild04')).toBe('Payon');
  });

  it('makes machine-written text readable', () => {
    expect(humanise('player 150001 slew an MVP on gef_dun02')).toBe('an adventurer slew an MVP in the Geffen Dungeon');
    expect(humanise('completed quest 70001 on prt_fild08')).toBe('completed a quest in the fields south of Prontera');
    expect(humanise('a dragon sleeps beneath geffen')).toBe('a dragon sleeps beneath Geffen');
    expect(humanise('unknown_code stays')).toBe('unknown_code stays');
  });
});
