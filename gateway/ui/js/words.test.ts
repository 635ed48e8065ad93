import { describe, expect, it } from 'vitest';
import { explain, formatDuration } from './words.js';

describe('words for people', () => {
  it('durations as they are said', () => {
    expect(formatDuration(21_600_000)).toBe('6 h');
    expect(formatDuration(5_400_000)).toBe('1 h 30 min');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(86_400_000 + 3_600_000 + 60_000)).toBe('1 d 1 h');
  });

  it('JWT library error names become advice', () => {
    expect(explain('invalid token: JwtTokenSignatureMismatched')).toMatch(/^the token was signed with another secret/);
    expect(explain('invalid token: JwtTokenExpired')).toMatch(/expired/);
    expect(explain('no actor here')).toBe('no actor here');
  });
});
