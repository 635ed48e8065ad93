import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureConsole } from '../test/support/captureConsole.ts';
import { run } from './sim.ts';

afterEach(() => vi.restoreAllMocks());

const capture = captureConsole;

describe('midgard sim: words and edge cases', () => {
  it('--npcs 0 simulates an empty world with no players (not 20)', { timeout: 60_000 }, async () => {
    const { out } = capture();
    expect(await run(['--npcs', '0', '--days', '1', '--store', 'memory', '--json'])).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ npcs: 0, players: 0, days: 1 });
  });

  it('says "1 day" and reports start-up apart from simulating', { timeout: 60_000 }, async () => {
    const { out } = capture();
    expect(await run(['--npcs', '0', '--days', '1', '--store', 'memory'])).toBe(0);
    expect(out[0]).toContain('0 NPCs, 0 players, 1 day, seed 42');
    expect(out.join('\n')).toMatch(/s simulating, .*start-up before it \d+\.\ds/);
  });

  it('a negative count is explained in words', async () => {
    const { err } = capture();
    expect(await run(['--npcs=-5'])).toBe(2);
    expect(err[0]).toMatch(/^midgard sim: --npcs must be at least 0, got -5/);
  });
});
